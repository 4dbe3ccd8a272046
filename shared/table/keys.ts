/**
 * Every key shape of the single table, and the only place that builds one.
 * All partition keys start with the tenant, so no access pattern can cross tenants.
 * Ids are escaped so a '#' in a user id can never forge another key (see `enc`).
 *
 * Conversation partition `T#<t>#CONV#<id>` holds, in sort-key order:
 *   CMID#<member>#<clientMessageId>  pointer to the message a client id produced (de-duplication)
 *   LOG#000000000001 …               messages, zero-padded seq
 *   LOG#HEAD                         the conversation header; sorts right after the newest message, so one
 *                                    descending Query reads the header and the tip of the log together
 *   MEMBER#U#<userId> | MEMBER#TEAM#support   one per participant: that participant's full view
 */
/**
 * Escapes only what could forge a key: '#' (the separator) and '%' (the escape itself). Full URI-encoding
 * took up to 9 bytes per character, so a 128-character non-ASCII user id overflowed the 1024-byte sort key
 * (MEMBER#U#…); escaped this way any id of 1..128 characters stays under 600 bytes in every key.
 */
const enc = (id: string) => id.replace(/[%#]/g, (c) => (c === '%' ? '%25' : '%23'));
const SEQ_WIDTH = 12;

export type Key = { PK: string; SK: string };

/** A participant slot: a user, or the tenant's support team (every agent acts through it). */
export type MemberKey = `U#${string}` | 'TEAM#support';
export const SUPPORT_TEAM: MemberKey = 'TEAM#support';
export const SUPPORT_TEAM_USER_ID = 'support';

export const userMember = (userId: string): MemberKey => `U#${enc(userId)}`;

const tenantPrefix = (tenant: string) => `T#${enc(tenant)}`;
const conversationPk = (tenant: string, conversationId: string) =>
  `${tenantPrefix(tenant)}#CONV#${enc(conversationId)}`;

export const seqSortKey = (seq: number) => `LOG#${String(seq).padStart(SEQ_WIDTH, '0')}`;
export const FIRST_LOG_KEY = seqSortKey(1);
export const HEAD_SORT_KEY = 'LOG#HEAD';
export const LOG_PREFIX = 'LOG#';

export const keys = {
  seller: (tenant: string, sellerId: string): Key => ({ PK: `${tenantPrefix(tenant)}#SELLER#${enc(sellerId)}`, SK: 'PROFILE' }),
  product: (tenant: string, productId: string): Key => ({ PK: `${tenantPrefix(tenant)}#PRODUCT#${enc(productId)}`, SK: 'PROFILE' }),
  user: (tenant: string, userId: string): Key => ({ PK: `${tenantPrefix(tenant)}#USER#${enc(userId)}`, SK: 'PROFILE' }),

  conversationPk,
  head: (tenant: string, conversationId: string): Key => ({ PK: conversationPk(tenant, conversationId), SK: HEAD_SORT_KEY }),
  message: (tenant: string, conversationId: string, seq: number): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: seqSortKey(seq),
  }),
  clientMessageId: (tenant: string, conversationId: string, sender: MemberKey, clientMessageId: string): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `CMID#${sender}#${clientMessageId}`,
  }),
  member: (tenant: string, conversationId: string, member: MemberKey): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `MEMBER#${member}`,
  }),

  /** GSI1 "inbox": one partition per participant and archive state, sorted by last activity. */
  inboxPk: (tenant: string, member: MemberKey, archived: boolean) =>
    `${tenantPrefix(tenant)}#INBOX#${member}#${archived ? 'ARCHIVED' : 'ACTIVE'}`,
  inboxSk: (activityAt: string, conversationId: string) => `${activityAt}#${conversationId}`,

  /** GSI2 "unread": sparse; a member item is in it only while its owner has unread messages. */
  unreadPk: (tenant: string, member: MemberKey) => `${tenantPrefix(tenant)}#UNREAD#${member}`,
};

export const seqFromSortKey = (sk: string): number => Number(sk.slice(LOG_PREFIX.length));
