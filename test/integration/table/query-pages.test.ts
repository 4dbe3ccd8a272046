import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db } from '#shared/table/client';
import { keys, seqSortKey } from '#shared/table/keys';
import { queryAll, queryPages } from '#shared/table/query';

describe('queryPages / queryAll', () => {
  it('follow LastEvaluatedKey through every page in order, and a caller may stop after any page', async () => {
    const TableName = process.env.TABLE_NAME!;
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const pk = keys.conversationPk(tenant, 'c');
    for (let seq = 1; seq <= 5; seq++)
      await db().send(new PutCommand({ TableName, Item: { ...keys.message(tenant, 'c', seq), seq } }));
    const command = (ExclusiveStartKey: Record<string, unknown> | undefined) =>
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: 2,
        ExclusiveStartKey,
      });

    expect((await queryAll<{ seq: number }>(command)).map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    const pages: number[][] = [];
    for await (const page of queryPages(command)) pages.push((page.Items ?? []).map((i) => i.seq));
    expect(pages).toEqual([[1, 2], [3, 4], [5]]);
    const firstOnly: string[] = [];
    for await (const page of queryPages(command)) {
      firstOnly.push(...(page.Items ?? []).map((i) => i.SK as string));
      break;
    }
    expect(firstOnly).toEqual([seqSortKey(1), seqSortKey(2)]);
  });
});
