import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { toLambdaRecord } from '#infra/local/lambda-record';
import { call } from '#test/support/http/client';

/**
 * Reads the real stream of the stack's table, independently of the stack's own poller (stream reads do not
 * consume records): open a tap before the writes, then collect the records they produced, exactly as Lambda
 * would receive them.
 */
export const openStreamTap = async () => {
  const common = { endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!, region: process.env.AWS_REGION ?? 'us-east-1' };
  const streams = new DynamoDBStreamsClient(common);
  const dynamo = new DynamoDBClient(common);
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: process.env.TABLE_NAME! }));
  dynamo.destroy();
  const streamArn = Table!.LatestStreamArn!;
  const iterators = new Map<string, string | undefined>();
  const describe = async () =>
    (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
  for (const shard of await describe()) {
    if (shard.SequenceNumberRange?.EndingSequenceNumber) continue;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'LATEST' }),
    );
    iterators.set(shard.ShardId!, ShardIterator);
  }
  const collected: DynamoDBRecord[] = [];

  const poll = async () => {
    // Shards opened after the tap (DynamoDB rolls shards over) are read from their start.
    for (const shard of await describe()) {
      if (iterators.has(shard.ShardId!)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      iterators.set(shard.ShardId!, ShardIterator);
    }
    for (const [shardId, iterator] of iterators) {
      let next = iterator;
      while (next) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1000 }));
        collected.push(...(page.Records ?? []).map((r) => toLambdaRecord(r, streamArn)));
        next = page.NextShardIterator;
        if (!page.Records?.length) break;
      }
      iterators.set(shardId, next);
    }
  };

  return {
    /** Polls until `done(records)` holds for the records matching `filter`, then returns them in stream order. */
    collect: async (
      filter: (r: DynamoDBRecord) => boolean,
      done: (records: DynamoDBRecord[]) => boolean,
      timeoutMs = 10_000,
    ) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await poll();
        const matching = collected.filter(filter);
        if (done(matching)) return matching;
        if (Date.now() > deadline)
          throw new Error(`stream tap: only ${matching.length} matching records after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => streams.destroy(),
  };
};

/** Inserts of one entity (`message`, `member`, …) of one tenant. */
export const insertsOf = (tenant: string, entity: string) => (r: DynamoDBRecord) =>
  r.eventName === 'INSERT' && r.dynamodb?.NewImage?.tenant?.S === tenant && r.dynamodb.NewImage.entity?.S === entity;

/** A message record's seq. */
export const seqOf = (r: DynamoDBRecord) => Number(r.dynamodb!.NewImage!.seq!.N);

/**
 * Sends `sends` (token, text) to a conversation one after the other, each a 201, and returns the message records
 * the stream holds for them, in stream order.
 */
export const recordedSends = async (
  tenant: string,
  conversationId: string,
  sends: ReadonlyArray<readonly [token: string, text: string]>,
) => {
  const tap = await openStreamTap();
  try {
    for (const [token, text] of sends) {
      const sent = await call('POST', `/v1/conversations/${conversationId}/messages`, { token, body: { text } });
      if (sent.status !== 201) throw new Error(`send failed: ${sent.status} ${JSON.stringify(sent.body)}`);
    }
    return await tap.collect(insertsOf(tenant, 'message'), (rs) => rs.length === sends.length);
  } finally {
    tap.close();
  }
};
