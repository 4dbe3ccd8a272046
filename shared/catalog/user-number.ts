import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type UserNumberAliasItem, type UserNumberItem, userNumberItems } from '#shared/catalog/items/user-number';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type CounterItem, claimNextCounterValue, nextCounterValue } from '#shared/table/counter';
import { cancellationReasons, cancelledItem, isTransactionConflict } from '#shared/table/errors';
import { getMany } from '#shared/table/get-many';
import { keys } from '#shared/table/keys';

const MAX_ATTEMPTS = 8;
/** DynamoDB's limit of items in one transaction: two pointers per user numbered, the counter's claim, what rides along. */
const MAX_TRANSACTION_ITEMS = 100;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Writes that record numbers elsewhere (e.g. on the items a dialect shows), built from every user's number once
 * known, to ride along in the numbering transaction: they commit exactly when the numbers they record are claimed.
 */
export type RecordNumbers = (numbers: ReadonlyMap<string, number>) => TransactItem[];

/** What readUserNumbers found: the numbers users have, who has none yet, and the counter as read. */
export interface UserNumbersRead {
  found: Map<string, number>;
  missing: string[];
  counter: number;
}

/**
 * Tenant-wide user numbers (1, 2, 3, …), for clients that type user ids as integers: whatever a user id looks
 * like (a UUID `sub`, `seller-1`, `42`), it gets its own number the first time a dialect shows it, and keeps it.
 * Sellers are numbered like users (a seller's id is its user id). Numbers are unique, not gap-free.
 *
 * Round trips: one read of every user's id → number pointer and of the tenant's counter (readUserNumbers); users
 * without a number are numbered in one more (numberMissing). A number is claimed by writing both pointers,
 * id → number and number → id, each only if absent, in one transaction with the counter's step:
 * - first, the numbers after the counter as read, all users at once, the counter moved past them in the same
 *   transaction only if it still holds what was read (claimNextCounterValue, by as many as numbered);
 * - when that transaction is cancelled (the counter moved on, or another request numbered one of these users at
 *   the same time), each user is numbered on its own: a number taken from the counter (an atomic ADD, never handed
 *   out twice), then its two pointers. When two requests number the same user at once, only one transaction
 *   commits: the other sees the id pointer already there and answers the winner's number (its own number stays
 *   unused, a gap). So a user has exactly one number.
 */
export const userNumbers = async (tenant: string, userIds: readonly string[]): Promise<Map<string, number>> =>
  numberMissing(tenant, await readUserNumbers(tenant, userIds));

/**
 * The numbers of these users that exist, and the tenant's user counter, in one BatchGetItem (eventually
 * consistent: a pointer or counter value read stale only sends numberMissing down its slower, exact path).
 */
export const readUserNumbers = async (tenant: string, userIds: readonly string[]): Promise<UserNumbersRead> => {
  const unique = [...new Set(userIds)];
  const found = new Map<string, number>();
  if (unique.length === 0) return { found, missing: [], counter: 0 };
  const items = await getMany([...unique.map((id) => keys.numberOfUser(tenant, id)), keys.userCounter(tenant)]);
  for (const [i, id] of unique.entries()) {
    const item = items[i] as UserNumberItem | undefined;
    if (item) found.set(id, item.number);
  }
  const counter = Number((items[unique.length] as CounterItem | undefined)?.value ?? 0);
  return { found, missing: unique.filter((id) => !found.has(id)), counter };
};

/** Numbers the users readUserNumbers found without one (nothing to write when there are none); every user's number. */
export const numberMissing = async (tenant: string, read: UserNumbersRead): Promise<Map<string, number>> =>
  (await numberMissingRecording(tenant, read)).numbers;

/**
 * numberMissing, with `record`'s writes in the transaction that claims the numbers when there is one and they fit
 * (`recorded: true`); otherwise nothing of `record` is written, and the caller writes it on its own if it must.
 */
export const numberMissingRecording = async (
  tenant: string,
  read: UserNumbersRead,
  record?: RecordNumbers,
): Promise<{ numbers: Map<string, number>; recorded: boolean }> => {
  const numbers = new Map(read.found);
  if (read.missing.length === 0) return { numbers, recorded: false };
  const claimed = 2 * read.missing.length + 1 <= MAX_TRANSACTION_ITEMS && (await claimAtOnce(tenant, read, record));
  const assigned = claimed
    ? claimed.numbers
    : await Promise.all(read.missing.map((id) => assignUserNumber(tenant, id)));
  for (const [i, id] of read.missing.entries()) numbers.set(id, assigned[i]!);
  return { numbers, recorded: claimed ? claimed.recorded : false };
};

/**
 * The numbers after the counter as read, for every missing user, in one transaction (with `record`'s writes when
 * they fit); false when it is cancelled.
 */
const claimAtOnce = async (
  tenant: string,
  read: UserNumbersRead,
  record: RecordNumbers | undefined,
): Promise<{ numbers: number[]; recorded: boolean } | false> => {
  const { value: last, write: counterStep } = claimNextCounterValue(
    keys.userCounter(tenant),
    read.counter,
    read.missing.length,
  );
  const numbers = read.missing.map((_, i) => last - read.missing.length + 1 + i);
  const isNew = 'attribute_not_exists(PK)';
  const claims: TransactItem[] = [
    ...read.missing.flatMap((id, i) =>
      userNumberItems(tenant, id, numbers[i]!).map((Item) => ({
        Put: { TableName: config.tableName, Item, ConditionExpression: isNew },
      })),
    ),
    counterStep,
  ];
  const all = new Map(read.found);
  for (const [i, id] of read.missing.entries()) all.set(id, numbers[i]!);
  const alongside = record?.(all) ?? [];
  const recorded = alongside.length > 0 && claims.length + alongside.length <= MAX_TRANSACTION_ITEMS;
  try {
    await db().send(new TransactWriteCommand({ TransactItems: recorded ? [...claims, ...alongside] : claims }));
    return { numbers, recorded };
  } catch (error) {
    if (cancellationReasons(error) || isTransactionConflict(error)) return false;
    throw error;
  }
};

export const userNumber = async (tenant: string, userId: string): Promise<number> =>
  (await userNumbers(tenant, [userId])).get(userId)!;

/** The number a user has, if any (strongly consistent); numbers no one. */
export const existingUserNumber = async (tenant: string, userId: string): Promise<number | undefined> => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.numberOfUser(tenant, userId), ConsistentRead: true }),
  );
  return (Item as UserNumberItem | undefined)?.number;
};

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
