import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StreamConsumerDef } from '#infra/routes/index';
import { HandlerFunction } from './handler-function';
import { grantTableAccess } from './table-access';

export interface StreamProcessingProps {
  table: ITableV2;
  consumer: StreamConsumerDef;
  environment: Record<string, string>;
}

/**
 * One consumer of the table stream: its own function (with the table access and timeout it declares), its own
 * event source mapping with the batch, bisection, retry and record-age settings it declares (`mapping` in the
 * route list, which the local poller reads too), a filter to the inserts (redactions, reads) it handles and partial failure
 * reporting, then its own encrypted on-failure queue (monitoring
 * alarms on its depth). A record that lands there is an effect that did not happen: README "Deploy" says how
 * to replay it. Each consumer reads the stream independently, so one's failures never hold up another.
 */
export class StreamProcessing extends Construct {
  readonly function: HandlerFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessingProps) {
    super(scope, id);
    const { consumer } = props;
    const { mapping } = consumer;
    this.function = new HandlerFunction(this, 'Handler', consumer.entry, {
      description: consumer.description,
      environment: props.environment,
      timeout: Duration.seconds(consumer.timeoutSeconds),
    });
    grantTableAccess(this.function, props.table, consumer.table);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter destination (the stream mapping's on-failure destination); it has its own depth alarm and nothing consumes it automatically.",
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition[mapping.startingPosition],
        batchSize: mapping.batchSize,
        maxBatchingWindow: Duration.seconds(mapping.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        bisectBatchOnError: mapping.bisectBatchOnError,
        retryAttempts: mapping.retryAttempts,
        maxRecordAge: Duration.seconds(mapping.maxRecordAgeSeconds),
        parallelizationFactor: mapping.parallelizationFactor,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: [...consumer.inserts] } } },
          }),
          ...(consumer.redactions
            ? [
                FilterCriteria.filter({
                  eventName: FilterRule.isEqual('MODIFY'),
                  dynamodb: { NewImage: { entity: { S: ['message'] }, redacted: { BOOL: [true] } } },
                }),
              ]
            : []),
          ...(consumer.readReceipts
            ? [
                FilterCriteria.filter({
                  eventName: FilterRule.isEqual('MODIFY'),
                  dynamodb: { NewImage: { entity: { S: ['member'] }, receiptDue: { BOOL: [true] } } },
                }),
              ]
            : []),
        ],
      }),
    );
  }
}
