import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { streamHandler } from '../routes';
import { HandlerFunction } from './handler-function';
import { grantTableAccess } from './table-access';

export interface StreamProcessingProps { table: ITableV2; environment: Record<string, string> }

/**
 * The table stream's consumer: ordered batches, partial failure reporting, bisection, bounded retries and a
 * maximum record age, then an encrypted on-failure queue (monitoring alarms on its depth). A record that lands
 * there is an effect (unread count, email) that did not happen: README "Deploy" says how to replay it.
 */
export class StreamProcessing extends Construct {
  readonly function: HandlerFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessingProps) {
    super(scope, id);
    this.function = new HandlerFunction(this, 'Handler', streamHandler.entry, {
      description: 'Table stream: unread counts, activity order, notifications',
      environment: props.environment,
      timeout: Duration.seconds(60),
    });
    grantTableAccess(this.function, props.table, streamHandler.table);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination (the stream mapping\'s on-failure destination); it has its own depth alarm and nothing consumes it automatically.',
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
