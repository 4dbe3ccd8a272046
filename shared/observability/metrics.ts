import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricName, SERVICE_NAME } from './metric-names';

export { METRIC, type MetricName } from './metric-names';

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/**
 * Counts a business event as CloudWatch embedded-metric-format log line, written at once: no handler has to
 * flush (HTTP, WebSocket and stream handlers all count), and a failure later in the invocation cannot lose it.
 * Off when POWERTOOLS_METRICS_DISABLED is true, or POWERTOOLS_DEV is (the local stack).
 */
export const countMetric = (name: MetricName, count = 1) => {
  metrics.singleMetric().addMetric(name, MetricUnit.Count, count);
};
