import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StreamConsumerDef } from '#infra/routes';
import { HandlerFunction } from './handler-function';
import { grantTableAccess } from './table-access';

export interface StreamProcessingProps {
  table: ITableV2;
  consumer: StreamConsumerDef;
  environment: Record<string, string>;
  /** Retries of a failing batch before it goes to the dead-letter queue; either way, at most until it is 6 h old. */
  retryAttempts: number;
}

/**
 * One consumer of the table stream: its own function (with the table access it declares), its own event
 * source mapping with ordered batches, a filter to the inserts it handles, partial failure reporting,
 * bisection, bounded retries and a maximum record age, then its own encrypted on-failure queue (monitoring
 * alarms on its depth). A record that lands there is an effect that did not happen: README "Deploy" says how
 * to replay it. Each consumer reads the stream independently, so one's failures never hold up another.
 */
export class StreamProcessing extends Construct {
  readonly function: HandlerFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessingProps) {
    super(scope, id);
    const { consumer } = props;
    this.function = new HandlerFunction(this, 'Handler', consumer.entry, {
      description: consumer.description,
      environment: props.environment,
      timeout: Duration.seconds(60),
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
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.millis(0),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: props.retryAttempts,
        maxRecordAge: Duration.hours(6),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: [...consumer.inserts] } } },
          }),
        ],
      }),
    );
  }
}
