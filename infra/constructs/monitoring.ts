import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '#shared/observability/metric-names';

export interface MonitoringProps {
  /** Subscribed to the alarm topic (the address must confirm the subscription once). */
  alarmEmail?: string;
}

/** Thresholds, each with the reason it is where it is. */
export const THRESHOLDS = {
  /** The contract allows no 5xx for any input: at low traffic one is worth a look, at high traffic 1 % is. */
  http5xxPercent: 1,
  /** Unread badges (or emails) lag behind by this much before anyone is paged. */
  iteratorAgeMs: 60_000,
  /** SES puts an account under review at 5 % bounces and 0.1 % complaints: warn before that. */
  sesBounceRate: 0.04,
  sesComplaintRate: 0.0008,
  /** Rejected replies by email: a few are normal (auto-replies, a wrong address), dozens in 5 minutes are not. */
  inboundRejectedPer5Minutes: 20,
} as const;

const FIVE_MINUTES = Duration.minutes(5);
const ONE_MINUTE = Duration.minutes(1);

/**
 * Alarms (to one encrypted SNS topic) and a dashboard. Constructs plug in with one `watch…` call each; the
 * stack calls `watchFunctions(HandlerFunction.allIn(stack))` last, so every function gets its alarms.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly alarmAction: SnsAction;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.prefix = stack.stackName;
    this.alarmTopic = this.encryptedTopic();
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.alarmAction = new SnsAction(this.alarmTopic);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${this.prefix}-${stack.region}`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${this.prefix}\nAlarms notify the SNS topic \`${this.prefix}-alarms\`; each alarm's description says what to look at.`,
        width: 24,
        height: 2,
      }),
    );
  }

  /** 5xx rate alarm; requests, errors and latency on the dashboard. */
  watchHttpApi(api: IHttpApi) {
    const requests = api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const rate = new MathExpression({
      expression: '100 * FILL(errors, 0) / requests',
      usingMetrics: { errors: serverErrors, requests },
      period: FIVE_MINUTES,
      label: '5xx % of requests',
    });
    const alarm = this.alarm(
      'Http5xxRate',
      rate,
      THRESHOLDS.http5xxPercent,
      `HTTP API answered more than ${THRESHOLDS.http5xxPercent} % of requests with 5xx in 5 minutes. The contract allows none: look for "error" lines in the functions' logs (the access log has the requestId).`,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );
    this.dashboard.addWidgets(
      graph('HTTP requests and errors', [requests, api.metricClientError({ period: FIVE_MINUTES }), serverErrors], 8),
      graph(
        'HTTP latency (ms)',
        [
          api.metricLatency({ statistic: 'p50' }),
          api.metricLatency({ statistic: 'p99' }),
          api.metricIntegrationLatency({ statistic: 'p99' }),
        ],
        8,
      ),
      alarmGraph('HTTP 5xx rate (%)', alarm, 8),
    );
  }

  /** For the WebSocket construct: connections, messages and errors on the dashboard (its functions are watched like all others). */
  watchWebSocketApi(apiId: string, stageName: string) {
    const metric = (metricName: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: apiId, Stage: stageName },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    this.dashboard.addWidgets(
      graph('WebSocket connects and messages', [metric('ConnectCount'), metric('MessageCount')], 12),
      graph('WebSocket errors', [metric('ClientError'), metric('IntegrationError'), metric('ExecutionError')], 12),
    );
  }

  /** Messages sent, emails sent, stale pushes: the numbers the product is about. */
  watchBusinessMetrics() {
    const business = Object.values(METRIC).map(
      (metricName) =>
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { service: SERVICE_NAME },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
    );
    this.dashboard.addWidgets(graph('Messages, emails, stale pushes (per 5 min)', business, 24));
  }

  /** A stream consumer falling behind: what it does (`late`) is late for everyone. */
  watchStreamConsumer(name: string, fn: IFunction, late: string) {
    const age = fn.metric('IteratorAge', { statistic: 'Maximum', period: ONE_MINUTE });
    const alarm = this.alarm(
      `${name}IteratorAge`,
      age,
      THRESHOLDS.iteratorAgeMs,
      `The table stream consumer ${name} is more than ${THRESHOLDS.iteratorAgeMs / 1000} s behind for 3 minutes: ${late}. Check its Errors alarm and logs; a failing record is retried, at most until it is 6 h old, then goes to its dead-letter queue.`,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
      3,
    );
    this.dashboard.addWidgets(alarmGraph(`${name} iterator age (ms)`, alarm, 12));
  }

  /** Anything in a dead-letter queue is work that did not happen: alarm on the first message. */
  watchDeadLetterQueue(name: string, queue: IQueue, description: string) {
    const depth = queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: ONE_MINUTE });
    const alarm = this.alarm(`${name}DeadLetters`, depth, 0, description, ComparisonOperator.GREATER_THAN_THRESHOLD);
    this.dashboard.addWidgets(alarmGraph(`${name} dead letters`, alarm, 12));
  }

  /** Account-level SES reputation (AWS/SES publishes it for the whole account and region). */
  watchSesReputation() {
    const reputation = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.minutes(15) });
    const bounces = this.alarm(
      'SesBounceRate',
      reputation('Reputation.BounceRate'),
      THRESHOLDS.sesBounceRate,
      `The SES bounce rate of this account and region is above ${THRESHOLDS.sesBounceRate * 100} %; SES reviews the account at 5 %. Check the seller and customer addresses being mailed.`,
    );
    const complaints = this.alarm(
      'SesComplaintRate',
      reputation('Reputation.ComplaintRate'),
      THRESHOLDS.sesComplaintRate,
      `The SES complaint rate of this account and region is above ${THRESHOLDS.sesComplaintRate * 100} %; SES reviews the account at 0.1 %. Check what is being mailed and how often.`,
    );
    this.dashboard.addWidgets(
      alarmGraph('SES bounce rate', bounces, 12),
      alarmGraph('SES complaint rate', complaints, 12),
    );
  }

  /**
   * Reply by email: rejected mail (a burst of it is an attack on the reply addresses, a misconfigured forwarder, or
   * a mail client whose replies we cannot read), and mail whose handling failed after Lambda's retries.
   */
  watchInboundMail(name: string, failures: IQueue) {
    const rejected = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: METRIC.inboundRepliesRejected,
      dimensionsMap: { service: SERVICE_NAME },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    const rejections = this.alarm(
      `${name}Rejected`,
      rejected,
      THRESHOLDS.inboundRejectedPer5Minutes,
      `More than ${THRESHOLDS.inboundRejectedPer5Minutes} received emails were rejected in 5 minutes. Each rejection is logged by the ${name} function with its reason (unknown-token, wrong-sender, spf-failed, automatic-reply, empty-reply, …): many unknown tokens or wrong senders are someone probing the reply addresses.`,
    );
    this.watchDeadLetterQueue(
      `${name}Failed`,
      failures,
      `The ${name} function failed on a received email three times (Lambda's retries): that reply was not posted. The queue holds the SES event; the raw mail is in the bucket for 30 days.`,
    );
    this.dashboard.addWidgets(alarmGraph('Rejected inbound mail (per 5 min)', rejections, 12));
  }

  /** An Errors and a Throttles alarm for each function; errors, throttles and p99 duration on the dashboard. */
  watchFunctions(functions: IFunction[]) {
    for (const fn of functions) {
      const name = this.nameOf(fn);
      this.alarm(
        `${name}-Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `${name} failed (crash, timeout or out of memory; handled errors are problem+json responses and do not count). See its log group.`,
      );
      this.alarm(
        `${name}-Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `${name} was throttled: the account's Lambda concurrency is exhausted. Raise the quota or lower the API throttling limits.`,
      );
    }
    const labelled = (metric: (fn: IFunction) => IMetric) =>
      functions.map((fn) => withLabel(metric(fn), this.nameOf(fn)));
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        labelled((fn) => fn.metricErrors({ period: FIVE_MINUTES })),
        8,
      ),
      graph(
        'Function throttles',
        labelled((fn) => fn.metricThrottles({ period: FIVE_MINUTES })),
        8,
      ),
      graph(
        'Function duration p99 (ms)',
        labelled((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' })),
        8,
      ),
    );
  }

  private alarm(
    name: string,
    metric: IMetric,
    threshold: number,
    description: string,
    comparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods = 1,
  ) {
    const alarm = new Alarm(this, name, {
      alarmName: `${this.prefix}-${name}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: comparison,
      evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.alarmAction);
    alarm.addOkAction(this.alarmAction);
    this.alarms.push(alarm);
    return alarm;
  }

  /** "Http-SendMessage": the function's construct path inside its stack. */
  private nameOf(fn: IFunction) {
    const scopes = fn.node.scopes;
    return scopes
      .slice(scopes.indexOf(Stack.of(fn)) + 1)
      .map((s) => s.node.id)
      .join('-');
  }

  /**
   * SSE with a customer-managed key: CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS
   * key, so the key policy lets CloudWatch use this one, and the topic policy lets it publish (TLS only).
   */
  private encryptedTopic() {
    const key = new Key(this, 'AlarmTopicKey', {
      description: `Encrypts the ${this.prefix} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', {
      topicName: `${this.prefix}-alarms`,
      displayName: `${this.prefix} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    return topic;
  }
}

const graph = (title: string, left: IMetric[], width: number): IWidget =>
  new GraphWidget({ title, left, width, height: 6 });

const alarmGraph = (title: string, alarm: Alarm, width: number): IWidget =>
  new GraphWidget({ title, left: [alarm.metric], leftAnnotations: [alarm.toAnnotation()], width, height: 6 });

const withLabel = (metric: IMetric, label: string): IMetric =>
  metric instanceof Metric ? metric.with({ label }) : metric;
