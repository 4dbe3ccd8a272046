import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamConsumerDef } from '#infra/routes';
import { isInsertOf, toLambdaRecord } from './lambda-record';
import { lambdaContext, loadHandler } from './load-handler';

export interface LoopOptions {
  batchSize?: number;
  idleMs?: number;
  /** Like the event source mapping's MaximumRetryAttempts: then the record goes to the (logged) failure destination. */
  maxRetries?: number;
}

interface ShardState {
  iterator: string | undefined;
  retries: number;
  done: boolean;
  lastProcessed?: string;
}

/**
 * One event source mapping, locally: reads the table's stream shard by shard with shard iterators of its own,
 * drops the records its consumer's filter does not take, hands the rest in batches to the consumer's handler,
 * and honours ReportBatchItemFailures: on a reported failure it re-reads from that record, so the handler sees
 * it again (and everything after it), with bounded retries like Lambda. Nothing is shared with another loop.
 */
export class ConsumerLoop {
  private readonly shards = new Map<string, ShardState>();
  private readonly accepts: (record: DynamoDBRecord) => boolean;
  private running = false;
  private loop: Promise<void> | undefined;
  readonly failed: DynamoDBRecord[] = [];
  /** Records handed to the handler and handled. */
  delivered = 0;
  /** Passes over every shard that found no record: one that starts after a write has seen its effects through. */
  idlePasses = 0;

  constructor(
    readonly consumer: Pick<StreamConsumerDef, 'name' | 'entry' | 'inserts'>,
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: () => Promise<string>,
    private readonly options: LoopOptions = {},
  ) {
    this.accepts = isInsertOf(consumer.inserts);
  }

  start() {
    this.running = true;
    this.loop = this.run();
  }

  async stop() {
    this.running = false;
    await this.loop;
  }

  private async run() {
    const streamArn = await this.streamArn();
    let lastDiscovery = 0;
    while (this.running) {
      if (Date.now() - lastDiscovery > 1_000) {
        await this.discoverShards(streamArn);
        lastDiscovery = Date.now();
      }
      let busy = false;
      for (const [shardId, state] of this.shards) {
        if (state.done) continue;
        try {
          busy = (await this.pollShard(streamArn, shardId, state)) || busy;
        } catch (error) {
          // An expired iterator or a passing fault: resume right after the last record handled.
          console.error(`stream shard ${shardId} (${this.consumer.name}): ${(error as Error).message}; resuming`);
          state.iterator = await this.iteratorAfter(streamArn, shardId, state.lastProcessed);
        }
      }
      if (!busy) {
        this.idlePasses += 1;
        await sleep(this.options.idleMs ?? 50);
      }
    }
  }

  private async discoverShards(streamArn: string) {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.shards.set(shard.ShardId, { iterator: ShardIterator, retries: 0, done: false });
    }
  }

  /** One GetRecords and, if it returned records the filter takes, one invocation. True when there were records. */
  private async pollShard(streamArn: string, shardId: string, state: ShardState): Promise<boolean> {
    if (!state.iterator) {
      state.done = true;
      return false;
    }
    const page = await this.streams.send(
      new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.options.batchSize ?? 100 }),
    );
    const read = (page.Records ?? []).map((r) => toLambdaRecord(r, streamArn));
    if (read.length === 0) {
      state.iterator = page.NextShardIterator;
      return false;
    }
    const records = read.filter(this.accepts);
    const failedAt = records.length === 0 ? undefined : await this.invoke(records);
    if (failedAt === undefined) {
      state.iterator = page.NextShardIterator;
      state.lastProcessed = read[read.length - 1]!.dynamodb?.SequenceNumber;
      state.retries = 0;
      this.delivered += records.length;
      return true;
    }
    state.retries += 1;
    const giveUp = state.retries > (this.options.maxRetries ?? 10);
    if (giveUp) {
      const record = records.find((r) => r.dynamodb?.SequenceNumber === failedAt);
      if (record) this.failed.push(record);
      console.error(
        `stream record ${failedAt} failed ${state.retries} times in ${this.consumer.name}; sent to the failure destination`,
      );
      state.retries = 0;
    } else {
      await sleep(Math.min(1_000, 20 * 2 ** state.retries));
    }
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: giveUp ? 'AFTER_SEQUENCE_NUMBER' : 'AT_SEQUENCE_NUMBER',
        SequenceNumber: failedAt,
      }),
    );
    state.iterator = ShardIterator;
    return true;
  }

  private async iteratorAfter(streamArn: string, shardId: string, sequenceNumber: string | undefined) {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(sequenceNumber
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /** The sequence number to resume from, or undefined when the whole batch succeeded. */
  private async invoke(records: DynamoDBRecord[]): Promise<string | undefined> {
    const handler = await loadHandler(this.consumer.entry);
    try {
      const event: DynamoDBStreamEvent = { Records: records };
      const response = (await handler(event, lambdaContext(this.consumer.name))) as DynamoDBBatchResponse | undefined;
      const failures = response?.batchItemFailures ?? [];
      if (failures.length === 0) return undefined;
      const failed = new Set(failures.map((f) => f.itemIdentifier));
      return (
        records.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb?.SequenceNumber ??
        records[0]!.dynamodb!.SequenceNumber
      );
    } catch (error) {
      console.error(`stream handler ${this.consumer.name} threw; retrying the whole batch`, error);
      return records[0]!.dynamodb!.SequenceNumber;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
