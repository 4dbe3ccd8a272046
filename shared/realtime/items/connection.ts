import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import type { ConnectionRecord } from '#shared/realtime/model';
import { db } from '#shared/table/client';
import { CONNECTION_PREFIX, type Key, keys, type MemberKey } from '#shared/table/keys';
import { queryAll } from '#shared/table/query';

/**
 * A live connection is one reverse item (`WS#CONN#<id> / CONNECTION`, by connection id) plus one item per
 * participant slot it receives events for (`T#<t>#CONNS#<slot> / CONN#<id>`); all of them carry the whole record.
 */
export interface ConnectionItem extends Key, ConnectionRecord {
  entity: 'connection' | 'slot-connection';
}

/** Every item of a connection, the reverse item first. Keys last: `record` may be an item read back, whose own PK/SK must not leak into the other items. */
export const connectionItems = (record: ConnectionRecord): ConnectionItem[] => [
  { ...record, ...keys.connection(record.connectionId), entity: 'connection' },
  ...record.slots.map(
    (slot): ConnectionItem => ({
      ...record,
      ...keys.slotConnection(record.tenant, slot, record.connectionId),
      entity: 'slot-connection',
    }),
  ),
];

/** The keys of every item of a connection, slot items first (removal deletes the reverse item last). */
export const slotConnectionKeys = (record: Pick<ConnectionRecord, 'connectionId' | 'tenant' | 'slots'>): Key[] =>
  record.slots.map((slot) => keys.slotConnection(record.tenant, slot, record.connectionId));

/** The reverse item, strongly consistent. */
export const getConnection = async (connectionId: string) => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.connection(connectionId), ConsistentRead: true }),
  );
  return Item as ConnectionItem | undefined;
};

/** The connection items of one participant slot, expired ones included (the TTL deletes lazily). */
export const slotConnections = (tenant: string, slot: MemberKey, { consistent = false } = {}) =>
  queryAll<ConnectionItem>(
    (ExclusiveStartKey) =>
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
        ExpressionAttributeValues: { ':pk': keys.slotConnectionsPk(tenant, slot), ':conn': CONNECTION_PREFIX },
        ExclusiveStartKey,
        ...(consistent && { ConsistentRead: true }),
      }),
  );
