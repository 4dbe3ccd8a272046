import { DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { callerSlots } from '#shared/auth/caller-slots';
import type { VerifiedToken } from '#shared/auth/verify-token';
import { config } from '#shared/config';
import { connectionItems, slotConnectionKeys, slotConnections } from '#shared/realtime/items/connection';
import { db } from '#shared/table/client';
import { isConditionFailed } from '#shared/table/errors';
import { keys, type MemberKey } from '#shared/table/keys';
import { ACTIVITY_RESOLUTION_MS, CONNECTION_TTL_SECONDS, type ConnectionRecord, isLive } from './model';

/**
 * The connection registry. A connection is one reverse item (by connection id) plus one item per participant slot
 * it receives events for, so "every connection of this participant" is one Query of the slot's partition.
 */

/**
 * $connect, with the verified token: the session lasts until the token's `exp`. Idempotent: the items are plain puts
 * of the same record, so a retried $connect rewrites them unchanged. All items are written in one transaction: a
 * connection is either fully registered or not at all.
 */
export const registerConnection = async (
  connectionId: string,
  token: VerifiedToken,
  nowMs = Date.now(),
): Promise<ConnectionRecord> => {
  const at = new Date(nowMs).toISOString();
  const record: ConnectionRecord = {
    ...token.identity,
    connectionId,
    slots: callerSlots(token.identity),
    connectedAt: at,
    lastActiveAt: at,
    expiresAt: Math.floor(nowMs / 1000) + CONNECTION_TTL_SECONDS,
    tokenExpiresAt: token.expiresAt,
  };
  const TableName = config.tableName;
  await db().send(
    new TransactWriteCommand({
      TransactItems: connectionItems(record).map((Item) => ({ Put: { TableName, Item } })),
    }),
  );
  return record;
};

/** Every live connection (isLive) that receives events for any of these slots: one Query per slot, in parallel. */
export const connectionsOf = async (
  tenant: string,
  slots: MemberKey[],
  nowMs = Date.now(),
): Promise<ConnectionRecord[]> => {
  const pages = await Promise.all([...new Set(slots)].map((slot) => slotConnections(tenant, slot)));
  const byId = new Map<string, ConnectionRecord>();
  for (const item of pages.flat()) if (isLive(item, nowMs)) byId.set(item.connectionId, item);
  return [...byId.values()];
};

/**
 * For the offline-email rule ("no live WebSocket connection"): does this participant have any live connection
 * (registered, item and token unexpired)? Such a connection receives the push however long it has been idle; the
 * activity window is only for agent availability (presence.ts).
 */
export const hasLiveConnection = async (tenant: string, slot: MemberKey, nowMs = Date.now()): Promise<boolean> =>
  (await connectionsOf(tenant, [slot], nowMs)).length > 0;

/**
 * A push that found the connection gone, an expired session, or a user's sessions closed: the record is known, so
 * every item goes at once. Idempotent: deletes of absent items succeed, so a retry redoes what failed.
 */
export const removeConnection = async (record: Pick<ConnectionRecord, 'connectionId' | 'tenant' | 'slots'>) => {
  const TableName = config.tableName;
  await Promise.all(
    [keys.connection(record.connectionId), ...slotConnectionKeys(record)].map((Key) =>
      db().send(new DeleteCommand({ TableName, Key })),
    ),
  );
};

/**
 * $disconnect, which knows only the connection id: the reverse item is deleted first, and its old image names the
 * slot items, deleted next, at once. Idempotent: a repeat finds nothing to delete. Should deleting a slot item fail
 * after the reverse item went, that item outlives the connection only until a push finds the connection gone (and
 * removes it) or its TTL.
 */
export const dropConnection = async (connectionId: string) => {
  const { Attributes } = await db().send(
    new DeleteCommand({ TableName: config.tableName, Key: keys.connection(connectionId), ReturnValues: 'ALL_OLD' }),
  );
  const record = Attributes as ConnectionRecord | undefined;
  if (record) await removeConnection(record);
};

/** The connections this container recorded activity for, and when: a frame within the resolution of it writes nothing. */
const touchedHere = new Map<string, number>();
const TOUCHED_HERE_MAX = 10_000;

/**
 * Records that the connection sent something, without reading it first (frames learn who they are from the
 * authorizer's context, not the registry): `lastActiveAt` is what the caller knows (the connection's start), and
 * this container remembers its own writes, so a chatty client costs no write per frame. Written at most every
 * ACTIVITY_RESOLUTION_MS, and only forwards: the condition `lastActiveAt < :at - resolution` lets concurrent frames,
 * other containers and retries neither move it back nor write it more often; a removed connection is not revived.
 */
export const touchConnection = async (
  record: Pick<ConnectionRecord, 'connectionId' | 'tenant' | 'slots' | 'lastActiveAt'>,
  nowMs = Date.now(),
) => {
  const known = Math.max(Date.parse(record.lastActiveAt), touchedHere.get(record.connectionId) ?? 0);
  if (nowMs - known < ACTIVITY_RESOLUTION_MS) return;
  if (touchedHere.size >= TOUCHED_HERE_MAX) touchedHere.clear();
  touchedHere.set(record.connectionId, nowMs);
  const at = new Date(nowMs).toISOString();
  const staleBefore = new Date(nowMs - ACTIVITY_RESOLUTION_MS).toISOString();
  await Promise.all(
    [keys.connection(record.connectionId), ...slotConnectionKeys(record)].map(async (Key) => {
      try {
        await db().send(
          new UpdateCommand({
            TableName: config.tableName,
            Key,
            UpdateExpression: 'SET lastActiveAt = :at',
            ConditionExpression: 'attribute_exists(PK) AND lastActiveAt < :stale',
            ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }),
  );
};
