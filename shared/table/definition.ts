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

/**
 * Attributes the unread index carries besides its keys: the member item's own unread count, all that summing a
 * caller's unread counts needs. Nothing else, so a write that leaves the owner's count alone (the sender's item on a
 * new message, another participant's read receipt) writes no index entry: DynamoDB writes a KEYS_ONLY or INCLUDE
 * index only when a key or a projected attribute changes.
 * The inbox index projects everything: a list page is the complete conversation view, and every update of a member
 * item changes its activity key or what the page shows, so projecting less would save no write.
 */
export const UNREAD_INDEX_ATTRIBUTES = ['unreadCount'];
