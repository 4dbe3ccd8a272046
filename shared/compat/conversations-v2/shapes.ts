import type { Role } from '#shared/auth/identity';
import { textWithAttachments } from '#shared/chat/attachment-text';
import type { MemberItem } from '#shared/chat/items/member';
import type { ParticipantState } from '#shared/chat/model';
import type { MessageView } from '#shared/chat/views';
import { looseId } from '#shared/compat/ids';
import { carbonParts, laravelTimestamp } from '#shared/compat/time';

/**
 * The JSON of the "conversations v2" dialect (seed 003). Field names and value shapes follow the document's
 * field lists and, where it is silent, the public implementation of that API (Active eCommerce CMS,
 * app/Http/Resources/V2/ConversationCollection.php and MessageCollection.php, e.g. in the public repository
 * smshagor-dev/kaniz_global_trade_b2b_b2c): `sender_viewed`/`receiver_viewed` as 0/1, `shop_name`
 * "In House Product" without a seller shop, `receiver_type`/`send_type` as Laravel user types, Carbon date parts.
 *
 * The conversation's sender is its opener (the customer), the receiver the other participant. Ids are integers,
 * as the platform's app decodes them (`int`, a string fails the whole list): a conversation's `id` is its
 * number; `sender_id`, `receiver_id`, a message's `user_id` and `shop_id` (the seller's user id) are tenant user
 * numbers (shared/catalog/user-number), whatever the user ids look like; a message's `id` is its seq (gap-free
 * and increasing per conversation, which is all `last_message_id` polling needs); `product_id` is the catalog's
 * product id when it is an integer (what the app sends back), else null. `shop_logo` is an absolute URL.
 */
export const IN_HOUSE = 'In House Product';

/** User id → the tenant's user number, for every user a response shows. */
export type UserNumbers = ReadonlyMap<string, number>;

/** The image a 003 app shows when the shop has no logo (served by GET /api/v2/chat/placeholder.png). */
export const PLACEHOLDER_PATH = '/api/v2/chat/placeholder.png';

const userType = (role: Role | undefined) =>
  role === 'seller' ? 'seller' : role === 'customer' || role === 'guest' ? 'customer' : 'admin';

/** Viewed = has read every message of the conversation. */
const viewed = (p: ParticipantState | undefined) => (p && p.unreadCount === 0 ? 1 : 0);

const absoluteUrl = (url: string | undefined) => (url && /^https?:\/\/[^/\s]+/i.test(url) ? url : undefined);

/** `requestUrl` is the request's absolute URL: the placeholder is on the same host. */
export const shopOf = (seller: MemberItem['conversation']['seller'], requestUrl: string) => ({
  shop_name: seller?.shopName ?? IN_HOUSE,
  shop_logo: absoluteUrl(seller?.logoUrl) ?? new URL(PLACEHOLDER_PATH, requestUrl).href,
});

/** The user ids a conversation's JSON shows (to number them in one go). */
export const shownUserIds = (item: MemberItem) => [
  ...item.conversation.members.flatMap((slot) => item.participants[slot]?.userId ?? []),
  ...(item.conversation.seller ? [item.conversation.seller.id] : []),
];

const integerOrNull = (id: string) => {
  const value = looseId(id);
  return typeof value === 'number' ? value : null;
};

/** A product conversation (the 003 list holds only those): both parties and the shop have user numbers. */
export const conversationJson = (item: MemberItem, numbers: UserNumbers, requestUrl: string) => {
  const c = item.conversation;
  const [sender, receiver] = c.members.map((slot) => item.participants[slot]);
  return {
    id: c.number,
    sender_id: numbers.get(sender?.userId ?? '') ?? 0,
    receiver_id: numbers.get(receiver?.userId ?? '') ?? 0,
    receiver_type: userType(receiver?.role),
    shop_id: c.seller ? (numbers.get(c.seller.id) ?? 0) : 0,
    ...shopOf(c.seller, requestUrl),
    product_id: c.product ? integerOrNull(c.product.id) : null,
    title: c.subject,
    sender_viewed: viewed(sender),
    receiver_viewed: viewed(receiver),
    created_at: laravelTimestamp(c.createdAt),
    date: laravelTimestamp(item.updatedAt),
  };
};

/** `member` is the caller's view of the conversation: its number and who is who. Agents send as the team. */
export const messageJson = (m: MessageView, member: MemberItem, numbers: UserNumbers) => ({
  id: m.seq,
  conversation_id: member.conversation.number,
  user_id: numbers.get(m.senderId) ?? 0,
  send_type: userType(Object.values(member.participants).find((p) => p.userId === m.senderId)?.role),
  message: textWithAttachments(m),
  created_at: laravelTimestamp(m.createdAt),
  ...carbonParts(m.createdAt),
});
