import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamConsumerDef, StreamMappingSettings } from '#infra/routes/index';
import { acceptedBy, toLambdaRecord } from './lambda-record';
import { lambdaContext, loadHandler } from './load-handler';

export interface LoopOptions {
  /** Pause after a pass over every shard that found no record. */
  idleMs?: number;
}

/** What a loop needs of a stream consumer of the route list: the same `mapping` settings CDK deploys. */
export type LoopConsumer = Pick<
  StreamConsumerDef,
  'name' | 'entry' | 'inserts' | 'redactions' | 'readReceipts' | 'mapping'
>;

interface ShardState {
  iterator: string | undefined;
  retries: number;
  /** GetRecords' Limit: the batch size, halved while a batch that threw is bisected. */
  limit: number;
  done: boolean;
  lastProcessed?: string;
}

/** Where an invocation stopped: the record to resume from, and whether the handler threw (the whole batch failed). */
interface Failure {
  at: string;
  threw: boolean;
}

/**
 * One event source mapping, locally, with the consumer's mapping settings from the route list: reads the table's
 * stream shard by shard with shard iterators of its own (from `startingPosition`), drops the records its consumer's
 * filter does not take, hands the rest in batches of at most `batchSize` to the consumer's handler, and honours
 * ReportBatchItemFailures: on a reported failure it re-reads from that record, so the handler sees it again (and
 * everything after it). A batch that threw is bisected (`bisectBatchOnError`, not counted as a retry); a record is
 * given up after `retryAttempts` retries or once older than `maxRecordAgeSeconds`, like Lambda. Nothing is shared
 * with another loop.
 */
export class ConsumerLoop {
  private readonly shards = new Map<string, ShardState>();
  private readonly accepts: (record: DynamoDBRecord) => boolean;
  private running = false;
  private loop: Promise<void> | undefined;
  readonly failed: DynamoDBRecord[] = [];
  /** Records handed to the handler and handled. */
  delivered = 0;
  /** Handler invocations (batches handed over), failed ones included. */
  invocations = 0;
  /** Passes over every shard that found no record: one that starts after a write has seen its effects through. */
  idlePasses = 0;

  constructor(
    readonly consumer: LoopConsumer,
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: () => Promise<string>,
    private readonly options: LoopOptions = {},
  ) {
    unsupported(consumer);
    this.accepts = acceptedBy(consumer);
  }

  /** The settings this loop runs with: its consumer's, from the route list. */
  get settings(): StreamMappingSettings {
    return this.consumer.mapping;
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
          ShardIteratorType: this.settings.startingPosition,
        }),
      );
      this.shards.set(shard.ShardId, {
        iterator: ShardIterator,
        retries: 0,
        limit: this.settings.batchSize,
        done: false,
      });
    }
  }

  /** One GetRecords and, if it returned records the filter takes, one invocation. True when there were records. */
  private async pollShard(streamArn: string, shardId: string, state: ShardState): Promise<boolean> {
    if (!state.iterator) {
      state.done = true;
      return false;
    }
    const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: state.limit }));
    const read = (page.Records ?? []).map((r) => toLambdaRecord(r, streamArn));
    if (read.length === 0) {
      state.iterator = page.NextShardIterator;
      return false;
    }
    const records = read.filter(this.accepts);
    const failure = records.length === 0 ? undefined : await this.invoke(records);
    if (failure === undefined) {
      state.iterator = page.NextShardIterator;
      state.lastProcessed = read[read.length - 1]!.dynamodb?.SequenceNumber;
      state.retries = 0;
      state.limit = this.settings.batchSize;
      this.delivered += records.length;
      return true;
    }
    const failedAt = failure.at;
    const record = records.find((r) => r.dynamodb?.SequenceNumber === failedAt);
    const bisect = failure.threw && this.settings.bisectBatchOnError && read.length > 1;
    if (bisect) state.limit = Math.ceil(read.length / 2);
    else state.retries += 1;
    const giveUp = !bisect && (state.retries > this.settings.retryAttempts || this.tooOld(record));
    if (giveUp) {
      if (record) this.failed.push(record);
      console.error(
        `stream record ${failedAt} failed ${state.retries} times in ${this.consumer.name}; sent to the failure destination`,
      );
      state.retries = 0;
      state.limit = this.settings.batchSize;
    } else if (!bisect) {
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

  /** Older than the mapping's maximum record age (the record's approximate creation time, in whole seconds). */
  private tooOld(record: DynamoDBRecord | undefined): boolean {
    const created = record?.dynamodb?.ApproximateCreationDateTime;
    return created !== undefined && Date.now() - created * 1_000 > this.settings.maxRecordAgeSeconds * 1_000;
  }

  /** Where to resume from, or undefined when the whole batch succeeded. */
  private async invoke(records: DynamoDBRecord[]): Promise<Failure | undefined> {
    const handler = await loadHandler(this.consumer.entry);
    this.invocations += 1;
    try {
      const event: DynamoDBStreamEvent = { Records: records };
      const response = (await handler(event, lambdaContext(this.consumer.name))) as DynamoDBBatchResponse | undefined;
      const failures = response?.batchItemFailures ?? [];
      if (failures.length === 0) return undefined;
      const failed = new Set(failures.map((f) => f.itemIdentifier));
      const at =
        records.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb?.SequenceNumber ??
        records[0]!.dynamodb!.SequenceNumber!;
      return { at, threw: false };
    } catch (error) {
      console.error(`stream handler ${this.consumer.name} threw; retrying the whole batch`, error);
      return { at: records[0]!.dynamodb!.SequenceNumber!, threw: true };
    }
  }
}

/** Mapping settings the local loop cannot honour: it refuses them rather than run differently from AWS. */
const unsupported = ({ name, mapping }: LoopConsumer) => {
  const problems = [
    mapping.maxBatchingWindowSeconds !== 0 && `maxBatchingWindowSeconds ${mapping.maxBatchingWindowSeconds} (only 0)`,
    mapping.parallelizationFactor !== 1 && `parallelizationFactor ${mapping.parallelizationFactor} (only 1)`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`The local stream poller cannot run ${name} with ${problems.join(', ')}`);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
