import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type UserNumberAliasItem, type UserNumberItem, userNumberItems } from '#shared/catalog/items/user-number';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { nextCounterValue } from '#shared/table/counter';
import { cancellationReasons, cancelledItem, isTransactionConflict } from '#shared/table/errors';
import { getMany } from '#shared/table/get-many';
import { keys } from '#shared/table/keys';

const MAX_ATTEMPTS = 8;

/**
 * Tenant-wide user numbers (1, 2, 3, …), for clients that type user ids as integers: whatever a user id looks
 * like (a UUID `sub`, `seller-1`, `42`), it gets its own number the first time a dialect shows it, and keeps it.
 * Sellers are numbered like users (a seller's id is its user id). Numbers are unique, not gap-free.
 *
 * The mechanism of the conversation numbers (a counter, then pointer items): a number is taken from the
 * tenant's counter (an atomic ADD, never handed out twice), and claimed by writing both pointers, id → number
 * and number → id, in one transaction, each only if absent. When two requests number the same user at once,
 * both take a number but only one transaction commits: the other sees the id pointer already there and answers
 * the winner's number (its own number stays unused, a gap). So a user has exactly one number.
 */
export const userNumbers = async (tenant: string, userIds: readonly string[]): Promise<Map<string, number>> => {
  const unique = [...new Set(userIds)];
  const found = new Map<string, number>();
  if (unique.length === 0) return found;
  const items = (await getMany(unique.map((id) => keys.numberOfUser(tenant, id)))) as Array<UserNumberItem | undefined>;
  for (const [i, id] of unique.entries()) {
    const item = items[i];
    if (item) found.set(id, item.number);
  }
  const missing = unique.filter((id) => !found.has(id));
  const assigned = await Promise.all(missing.map((id) => assignUserNumber(tenant, id)));
  for (const [i, id] of missing.entries()) found.set(id, assigned[i]!);
  return found;
};

export const userNumber = async (tenant: string, userId: string): Promise<number> =>
  (await userNumbers(tenant, [userId])).get(userId)!;

/** The user id a number names in this tenant, if any. Says nothing about access. */
export const userIdByNumber = async (tenant: string, number: number): Promise<string | undefined> => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.userNumber(tenant, number), ConsistentRead: true }),
  );
  return (Item as UserNumberAliasItem | undefined)?.userId;
};

const assignUserNumber = async (tenant: string, userId: string): Promise<number> => {
  const number = await nextCounterValue(keys.userCounter(tenant));
  const [byId, byNumber] = userNumberItems(tenant, userId, number);
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [byId, byNumber].map((Item) => ({
            Put: {
              TableName: config.tableName,
              Item,
              ConditionExpression: 'attribute_not_exists(PK)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          })),
        }),
      );
      return number;
    } catch (error) {
      const existing = cancellationReasons(error)?.[0];
      const claimed = existing?.Code === 'ConditionalCheckFailed' ? cancelledItem<UserNumberItem>(existing) : undefined;
      if (claimed) return claimed.number;
      // A conflict with a concurrent transaction on these items: try again (the number is still ours).
      if (!isTransactionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
};
