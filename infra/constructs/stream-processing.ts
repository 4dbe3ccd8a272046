import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_HANDLER_ENTRY } from '../routes';
import { HandlerFunction } from './handler-function';

export interface StreamProcessingProps { table: TableV2; environment: Record<string, string> }

/** The table stream's consumer: ordered batches, partial failure reporting, bounded retries, a DLQ. */
export class StreamProcessing extends Construct {
  readonly function: HandlerFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessingProps) {
    super(scope, id);
    this.function = new HandlerFunction(this, 'Handler', STREAM_HANDLER_ENTRY, {
      environment: props.environment,
      timeout: Duration.seconds(60),
    });
    props.table.grantReadWriteData(this.function);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.millis(0),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Only the inserts the handler acts on: new conversations and new messages.
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: ['conversation', 'message'] } } } })],
      }),
    );
  }
}
