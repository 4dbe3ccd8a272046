/**
 * The table's shape, shared by the CDK stack and the local stack so they cannot drift.
 */
export const TABLE_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

export const INDEXES = {
  inbox: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  unread: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'SK' },
} as const;

export const STREAM_VIEW_TYPE = 'NEW_AND_OLD_IMAGES' as const;

/** Attributes the unread index carries besides its keys: enough to sum a caller's unread counts. */
export const UNREAD_INDEX_ATTRIBUTES = ['participants'];
