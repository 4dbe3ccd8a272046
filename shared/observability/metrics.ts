import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricName, SERVICE_NAME } from './metric-names';

export { METRIC, type MetricName } from './metric-names';

// Built at the first count, not at import: building it opens stdout (about 2 ms of CPU). Most handlers count only on
// a rare path (a stale push) and never pay it; the sending ones pay it at their first stored message instead.
let metrics: Metrics | undefined;

/**
 * Counts a business event as CloudWatch embedded-metric-format log line, written at once: no handler has to
 * flush (HTTP, WebSocket and stream handlers all count), and a failure later in the invocation cannot lose it.
 * Off when POWERTOOLS_METRICS_DISABLED is true, or POWERTOOLS_DEV is (the local stack).
 */
export const countMetric = (name: MetricName, count = 1) => {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  metrics.singleMetric().addMetric(name, MetricUnit.Count, count);
};
