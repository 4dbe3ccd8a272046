/**
 * Every key shape of the single table, and the only place that builds one.
 * All partition keys of tenant data start with the tenant, so no access pattern can cross tenants. The only
 * others are a connection's reverse item (WS#CONN#…) and the cross-tenant rate limit of callers without a
 * tenant (RATE#…), which hold no tenant's data.
 * Ids are escaped so a '#' in a user id can never forge another key (see `enc`).
 *
 * Conversation partition `T#<t>#CONV#<id>` holds, in sort-key order:
 *   ATTACH#<attachmentId>            an attachment: pending from its upload form until a message claims it, in the
 *                                    same transaction as the message (once); pending ones expire (TTL)
 *   CMID#U#<userId>#<clientMessageId>  pointer to the message a sender's client id produced (de-duplication);
 *                                    keyed by the sending user, not the slot: every agent sends through TEAM#support
 *   EMAIL#OPENED#<member>            claim of the new-conversation email to that member (exactly once; TTL)
 *   EMAIL#NOTIFY#<member>            claim of the latest notification email to that member, and its throttle window (TTL)
 *   LOG#000000000001 …               messages, zero-padded seq
 *   LOG#HEAD                         the conversation header; sorts right after the newest message, so one
 *                                    descending Query reads the header and the tip of the log together
 *   MEMBER#U#<userId> | MEMBER#TEAM#support   one per participant: that participant's full view; sorts right
 *                                    after the header, so one descending Query from a member item down to LOG# reads
 *                                    that member, the header and the tip together (opening a conversation)
 *   REPLY#<member>                   that member's reply address for this conversation: its token, or revoked
 *                                    (shared/email/reply-address.ts)
 *
 * Reply addresses (reply by email): REPLY#<token> / ADDRESS   the reverse item: which tenant, conversation and
 *   member a reply token stands for. Keyed by the token alone, because that is all an inbound email carries
 *   (`reply+<token>@<replyDomain>`); the token is 160 random bits issued by us, never chosen by a client.
 *   REPORT#<reportKey>               a participant's report (abuse, spam, …) about the conversation or one of
 *                                    its messages; also in the tenant's moderation queue (GSI1, below)
 *
 * Live WebSocket connections (all with a TTL on `expiresAt`):
 *   T#<t>#CONNS#<member> / CONN#<connectionId>   one per connection and slot it receives for: a user's own
 *                                               slot, and for agents also TEAM#support, so the connections
 *                                               of one participant slot are one Query
 *   T#<t>#CONNS#TEAM#support / AGENT#<userId>    an agent's online/away choice, next to the team's connections,
 *                                               so the tenant's support availability is one Query too
 *   WS#CONN#<connectionId> / CONNECTION          the reverse item: who a connection is. Keyed by the connection
 *                                               id alone, because that is all API Gateway gives $disconnect and
 *                                               later frames; the id is issued by API Gateway, never by a client
 *
 * Rate limits (all with a TTL on `expiresAt`):
 *   T#<t>#RATE#<name>#<subject> / WINDOW#<start>   a fixed-window counter of one tenant's subject
 *   T#<t>#RATE#<name>#<subject> / BUCKET           a token bucket (GCRA) of one tenant's subject: a user's sends
 *   RATE#<name>#<subject> / WINDOW#<start>         a fixed-window counter across tenants: a caller without a token
 *                                                  names any tenant it likes, so a budget per source address must
 *                                                  not be per tenant (it would multiply by the tenants named);
 *                                                  no tenant's key starts with RATE#, so none can reach it
 * Conversation numbers (the numeric alias of a conversation, for clients that type ids as integers):
 *   T#<t>#COUNTER / CONVERSATION_NUMBER   the tenant's counter
 *   T#<t>#CONVNO#<n> / ALIAS              number → conversation id
 * User numbers (the same for users and sellers, whose seller id is their user id; assigned on first use by the
 * dialects whose clients type user ids as integers, shared/catalog/user-number.ts):
 *   T#<t>#COUNTER / USER_NUMBER           the tenant's counter
 *   T#<t>#USERNO#<n> / ALIAS              number → user id
 *   T#<t>#USER#<id> / NUMBER              user id → number (next to the user's PROFILE, whether or not it exists)
 * The two pointers of one number are written in one transaction, each only if absent: one number per user,
 * one user per number, even when two requests number the same user at once.
 *
 * Trust and safety:
 *   T#<t>#POLICY / POLICY                       the tenant's contact-information policy
 *   GSI1 T#<t>#REPORTS#<status> / <createdAt>#<reportId>   the moderation queue: report items (in their
 *                                               conversation's partition) by status, newest first; a status change
 *                                               moves the item between queues
 *   T#<t>#AUDIT / DATA#<at>#<requestId>         one audit record per data-rights request (export, erasure)
 *   T#<t>#ERASURE#<userId> / RUN#<requestId>#STEP#<n>   the steps of one erasure, each written by the one before
 *                                               (the stream drives it; TTL)
 *   T#<t>#USER#<id> / ERASED                    the user was erased then: their tokens issued before are refused
 *   T#<t>#AUTHOR#<id> / CONV#<conversationId>   an agent wrote in that conversation through TEAM#support (written
 *                                               by the stream), so an erasure of the agent finds their messages
 *   GSI1 T#<t>#PRODUCTS#<sellerId> / <productId>   the products that keep a copy of that seller's directory entry
 *                                               (for "Contact seller" in two round trips), so an erasure of the
 *                                               seller removes every copy
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
const slotConnectionsPk = (tenant: string, member: MemberKey) => `${tenantPrefix(tenant)}#CONNS#${member}`;

export const seqSortKey = (seq: number) => `LOG#${String(seq).padStart(SEQ_WIDTH, '0')}`;
export const FIRST_LOG_KEY = seqSortKey(1);
/** Sorts after every message and before LOG#HEAD. */
export const LAST_LOG_KEY = seqSortKey(10 ** SEQ_WIDTH - 1);
export const HEAD_SORT_KEY = 'LOG#HEAD';
export const LOG_PREFIX = 'LOG#';
export const CONNECTION_PREFIX = 'CONN#';
export const AGENT_STATUS_PREFIX = 'AGENT#';
export const REPORT_PREFIX = 'REPORT#';

export const keys = {
  seller: (tenant: string, sellerId: string): Key => ({
    PK: `${tenantPrefix(tenant)}#SELLER#${enc(sellerId)}`,
    SK: 'PROFILE',
  }),
  product: (tenant: string, productId: string): Key => ({
    PK: `${tenantPrefix(tenant)}#PRODUCT#${enc(productId)}`,
    SK: 'PROFILE',
  }),
  user: (tenant: string, userId: string): Key => ({ PK: `${tenantPrefix(tenant)}#USER#${enc(userId)}`, SK: 'PROFILE' }),

  conversationPk,
  head: (tenant: string, conversationId: string): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: HEAD_SORT_KEY,
  }),
  message: (tenant: string, conversationId: string, seq: number): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: seqSortKey(seq),
  }),
  clientMessageId: (tenant: string, conversationId: string, senderId: string, clientMessageId: string): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `CMID#${userMember(senderId)}#${clientMessageId}`,
  }),
  attachment: (tenant: string, conversationId: string, attachmentId: string): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `ATTACH#${enc(attachmentId)}`,
  }),
  /** Email claims (shared/email/email-claims.ts); they expire through the table's TTL attribute. */
  emailOpened: (tenant: string, conversationId: string, recipient: MemberKey): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `EMAIL#OPENED#${recipient}`,
  }),
  emailNotify: (tenant: string, conversationId: string, recipient: MemberKey): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `EMAIL#NOTIFY#${recipient}`,
  }),
  member: (tenant: string, conversationId: string, member: MemberKey): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `MEMBER#${member}`,
  }),
  /** A member's reply address in a conversation, and the reverse item of its token (shared/email/reply-address.ts). */
  replyAddress: (tenant: string, conversationId: string, member: MemberKey): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `REPLY#${member}`,
  }),
  replyToken: (token: string): Key => ({ PK: `REPLY#${enc(token)}`, SK: 'ADDRESS' }),

  conversationCounter: (tenant: string): Key => ({ PK: `${tenantPrefix(tenant)}#COUNTER`, SK: 'CONVERSATION_NUMBER' }),
  conversationNumber: (tenant: string, number: number): Key => ({
    PK: `${tenantPrefix(tenant)}#CONVNO#${number}`,
    SK: 'ALIAS',
  }),
  userCounter: (tenant: string): Key => ({ PK: `${tenantPrefix(tenant)}#COUNTER`, SK: 'USER_NUMBER' }),
  userNumber: (tenant: string, number: number): Key => ({
    PK: `${tenantPrefix(tenant)}#USERNO#${number}`,
    SK: 'ALIAS',
  }),
  /** The mark an erasure leaves: tokens issued before it are refused (shared/catalog/items/erased-user.ts). */
  erasedUser: (tenant: string, userId: string): Key => ({
    PK: `${tenantPrefix(tenant)}#USER#${enc(userId)}`,
    SK: 'ERASED',
  }),
  numberOfUser: (tenant: string, userId: string): Key => ({
    PK: `${tenantPrefix(tenant)}#USER#${enc(userId)}`,
    SK: 'NUMBER',
  }),

  /** GSI1 "inbox": one partition per participant and archive state, sorted by last activity. */
  inboxPk: (tenant: string, member: MemberKey, archived: boolean) =>
    `${tenantPrefix(tenant)}#INBOX#${member}#${archived ? 'ARCHIVED' : 'ACTIVE'}`,
  inboxSk: (activityAt: string, conversationId: string) => `${activityAt}#${conversationId}`,

  /** GSI2 "unread": sparse; a member item is in it only while its owner has unread messages. */
  unreadPk: (tenant: string, member: MemberKey) => `${tenantPrefix(tenant)}#UNREAD#${member}`,

  /** The live connections that receive events for one participant slot. */
  slotConnectionsPk,
  slotConnection: (tenant: string, member: MemberKey, connectionId: string): Key => ({
    PK: slotConnectionsPk(tenant, member),
    SK: `${CONNECTION_PREFIX}${enc(connectionId)}`,
  }),
  /** An agent's online/away choice, in the support team's connection partition (see above). */
  agentStatus: (tenant: string, agentId: string): Key => ({
    PK: slotConnectionsPk(tenant, SUPPORT_TEAM),
    SK: `${AGENT_STATUS_PREFIX}${enc(agentId)}`,
  }),
  connection: (connectionId: string): Key => ({ PK: `WS#CONN#${enc(connectionId)}`, SK: 'CONNECTION' }),

  /** The tenant's trust-and-safety policy (contact-information masking). */
  policy: (tenant: string): Key => ({ PK: `${tenantPrefix(tenant)}#POLICY`, SK: 'POLICY' }),
  /** A report, in the partition of the conversation it is about. */
  report: (tenant: string, conversationId: string, reportKey: string): Key => ({
    PK: conversationPk(tenant, conversationId),
    SK: `${REPORT_PREFIX}${enc(reportKey)}`,
  }),
  /**
   * GSI1 "a seller's products": product items that keep a copy of their seller's directory entry
   * (shared/catalog/seller-copy.ts), so that erasing the seller finds every copy.
   */
  sellerProductsPk: (tenant: string, sellerId: string) => `${tenantPrefix(tenant)}#PRODUCTS#${enc(sellerId)}`,
  sellerProductsSk: (productId: string) => enc(productId),
  /** GSI1 "moderation queue": the tenant's reports of one status, by creation time. */
  reportQueuePk: (tenant: string, status: string) => `${tenantPrefix(tenant)}#REPORTS#${enc(status)}`,
  reportQueueSk: (createdAt: string, reportId: string) => `${createdAt}#${reportId}`,
  /** One data-rights request (export, erasure): when, by whom, about whom; never content. */
  audit: (tenant: string, at: string, requestId: string): Key => ({
    PK: `${tenantPrefix(tenant)}#AUDIT`,
    SK: `DATA#${at}#${enc(requestId)}`,
  }),
  /** Step `step` of the erasure `requestId` of one user. */
  erasureStep: (tenant: string, userId: string, requestId: string, step: number): Key => ({
    PK: `${tenantPrefix(tenant)}#ERASURE#${enc(userId)}`,
    SK: `RUN#${enc(requestId)}#STEP#${String(step).padStart(6, '0')}`,
  }),

  /** A conversation in which an agent wrote through the support team's slot, so that erasing the agent finds it. */
  teamAuthorshipPk: (tenant: string, userId: string) => `${tenantPrefix(tenant)}#AUTHOR#${enc(userId)}`,
  teamAuthorship: (tenant: string, userId: string, conversationId: string): Key => ({
    PK: keys.teamAuthorshipPk(tenant, userId),
    SK: `CONV#${enc(conversationId)}`,
  }),

  rateWindow: (tenant: string, name: string, subject: string, windowStart: number): Key => ({
    PK: `${tenantPrefix(tenant)}#RATE#${enc(name)}#${enc(subject)}`,
    SK: `WINDOW#${windowStart}`,
  }),
  rateBucket: (tenant: string, name: string, subject: string): Key => ({
    PK: `${tenantPrefix(tenant)}#RATE#${enc(name)}#${enc(subject)}`,
    SK: 'BUCKET',
  }),
  /** Across tenants: only for budgets of callers who have no tenant of their own (see the header). */
  crossTenantRateWindow: (name: string, subject: string, windowStart: number): Key => ({
    PK: `RATE#${enc(name)}#${enc(subject)}`,
    SK: `WINDOW#${windowStart}`,
  }),
};

export const seqFromSortKey = (sk: string): number => Number(sk.slice(LOG_PREFIX.length));
