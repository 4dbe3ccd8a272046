import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { ConsumerLoop, type LoopConsumer, type LoopOptions } from './stream-consumer-loop';

export interface PollerOptions extends LoopOptions {
  endpoint: string;
  tableName: string;
  /**
   * Each gets a loop of its own: own shard iterators, own failure and retry state (like one event source mapping
   * each), run with its own mapping settings (batch size, retries, record age, bisection) from the route list.
   */
  consumers: ReadonlyArray<LoopConsumer>;
}

/**
 * The table stream's event source mappings, locally: one independent ConsumerLoop per consumer, so a consumer
 * stuck retrying a record (SES down) never holds up another (unread counts), as in AWS.
 */
export class StreamPoller {
  readonly loops: ConsumerLoop[];
  private readonly streams: DynamoDBStreamsClient;
  private streamArn: Promise<string> | undefined;

  constructor(options: PollerOptions) {
    const common = { endpoint: options.endpoint, region: process.env.AWS_REGION ?? 'local' };
    this.streams = new DynamoDBStreamsClient(common);
    const describeStream = async () => {
      const dynamo = new DynamoDBClient(common);
      try {
        const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
        if (!Table?.LatestStreamArn) throw new Error('The table has no stream');
        return Table.LatestStreamArn;
      } finally {
        dynamo.destroy();
      }
    };
    const streamArn = () => (this.streamArn ??= describeStream());
    this.loops = options.consumers.map((consumer) => new ConsumerLoop(consumer, this.streams, streamArn, options));
  }

  start() {
    for (const loop of this.loops) loop.start();
  }

  async stop() {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  /** Records handled, by all consumers together. */
  get delivered() {
    return this.loops.reduce((sum, loop) => sum + loop.delivered, 0);
  }
}
