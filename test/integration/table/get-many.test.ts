import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { db, setDb } from '#shared/table/client';
import { getMany } from '#shared/table/get-many';
import { keys } from '#shared/table/keys';

afterEach(() => setDb(undefined));

const seed = async () => {
  const tenant = `t-${randomUUID().slice(0, 8)}`;
  await db().send(
    new PutCommand({ TableName: process.env.TABLE_NAME!, Item: { ...keys.seller(tenant, 's-1'), shopName: 'One' } }),
  );
  await db().send(
    new PutCommand({ TableName: process.env.TABLE_NAME!, Item: { ...keys.user(tenant, 'u-2'), name: 'Two' } }),
  );
  return [keys.user(tenant, 'u-2'), keys.seller(tenant, 'absent'), keys.seller(tenant, 's-1')];
};

describe('getMany', () => {
  it('answers in the order of the keys, undefined where an item is absent', async () => {
    const found = await getMany(await seed(), true);
    expect(found.map((item) => item && (item.name ?? item.shopName))).toEqual(['Two', undefined, 'One']);
  });

  it('asks again for keys DynamoDB left unprocessed (throttling), so absent never means unread', async () => {
    const keyList = await seed();
    const real = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const throttled = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const calls: number[] = [];
    // A fault the engine cannot produce on demand: the first answer leaves every key unprocessed.
    mockClient(throttled)
      .on(BatchGetCommand)
      .callsFake(async (input) => {
        calls.push(input.RequestItems[process.env.TABLE_NAME!].Keys.length);
        if (calls.length === 1)
          return { Responses: { [process.env.TABLE_NAME!]: [] }, UnprocessedKeys: input.RequestItems };
        return real.send(new BatchGetCommand(input));
      });
    setDb(throttled);
    const found = await getMany(keyList, true);
    expect(calls).toEqual([3, 3]);
    expect(found.map((item) => item && (item.name ?? item.shopName))).toEqual(['Two', undefined, 'One']);
    real.destroy();
  });
});
