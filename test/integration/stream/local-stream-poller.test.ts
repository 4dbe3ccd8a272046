import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '#infra/local/create-table';
import { StreamPoller } from '#infra/local/stream-poller';
import { streamHandler } from '#infra/routes/index';
import { eventually } from '#test/support/stack/eventually';
import { attempts, blocked, seen } from '#test/support/stream/recording-consumer';

const ENTRY = 'test/support/stream/recording-consumer.ts';
/** The route list's settings of the chat consumer, with what a test changes. */
const mapping = (changes: Partial<typeof streamHandler.mapping> = {}) => ({ ...streamHandler.mapping, ...changes });
// A table of its own on the stack's DynamoDB Local: its stream holds only this test's records.
const tableName = `poller-${randomUUID().slice(0, 8)}`;
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);
const put = (entity: string, id: string) =>
  documents.send(new PutCommand({ TableName: tableName, Item: { PK: 'CONV#1', SK: `${entity}#${id}`, entity, id } }));

beforeAll(async () => {
  await createTable(client, tableName);
});
afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

describe('the local stream poller', () => {
  it('feeds each consumer on its own: one stuck retrying a record never holds up the other; each gets only the inserts it takes', async () => {
    const poller = new StreamPoller({
      endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
      tableName,
      consumers: [
        {
          name: 'Stuck',
          entry: ENTRY,
          inserts: ['conversation', 'message'],
          mapping: mapping({ retryAttempts: 1_000 }),
        },
        { name: 'Flowing', entry: ENTRY, inserts: ['message'], mapping: mapping() },
      ],
      idleMs: 10,
    });
    blocked.add('Stuck');
    poller.start();
    try {
      await put('conversation', 'c1');
      for (const id of ['m1', 'm2', 'm3']) await put('message', id);
      await put('member', 'u1'); // neither takes it

      await eventually(async () => expect(seen.Flowing).toEqual(['m1', 'm2', 'm3']));
      await eventually(async () => expect(attempts.Stuck).toBeGreaterThan(2)); // retrying from its failed record
      expect(seen.Stuck).toBeUndefined();

      blocked.delete('Stuck');
      await eventually(async () => expect(seen.Stuck).toEqual(['c1', 'm1', 'm2', 'm3']));
      expect(seen.Flowing).toEqual(['m1', 'm2', 'm3']); // nothing again
    } finally {
      await poller.stop();
    }
    expect(poller.loops.map((loop) => [loop.consumer.name, loop.delivered])).toEqual([
      ['Stuck', 4],
      ['Flowing', 3],
    ]);
  });

  it('runs each consumer with its mapping settings: batches of at most batchSize, a record given up after retryAttempts retries', async () => {
    const poller = new StreamPoller({
      endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
      tableName,
      consumers: [
        { name: 'OneByOne', entry: ENTRY, inserts: ['message'], mapping: mapping({ batchSize: 1 }) },
        { name: 'GivesUp', entry: ENTRY, inserts: ['message'], mapping: mapping({ retryAttempts: 2 }) },
      ],
      idleMs: 10,
    });
    blocked.add('GivesUp');
    poller.start();
    try {
      for (const id of ['b1', 'b2', 'b3']) await put('message', id);
      // Both read the stream from its start: the first test's messages, then this one's.
      const messages = ['m1', 'm2', 'm3', 'b1', 'b2', 'b3'];
      await eventually(async () => expect(seen.OneByOne).toEqual(messages));
      expect(attempts.OneByOne).toBe(messages.length); // one invocation per record: never a batch of two
      const givesUp = poller.loops.find((loop) => loop.consumer.name === 'GivesUp')!;
      await eventually(async () => expect(givesUp.failed.map((r) => r.dynamodb!.NewImage!.id!.S)).toEqual(messages));
      expect(attempts.GivesUp).toBe(messages.length * 3); // each tried once and retried twice, then given up
      expect(seen.GivesUp).toBeUndefined();
    } finally {
      blocked.delete('GivesUp');
      await poller.stop();
    }
  });
});
