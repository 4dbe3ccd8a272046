import type { Role } from '#shared/auth/identity';
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
 * The conversation's sender is its opener (the customer), the receiver the other participant. Ids: a
 * conversation's `id` is its number; a message's `id` is its seq (gap-free and increasing per conversation,
 * which is all `last_message_id` polling needs).
 */
export const IN_HOUSE = 'In House Product';

const userType = (role: Role | undefined) =>
  role === 'seller' ? 'seller' : role === 'customer' || role === 'guest' ? 'customer' : 'admin';

/** Viewed = has read every message of the conversation. */
const viewed = (p: ParticipantState | undefined) => (p && p.unreadCount === 0 ? 1 : 0);

export const shopOf = (seller: MemberItem['conversation']['seller']) => ({
  shop_name: seller?.shopName ?? IN_HOUSE,
  shop_logo: seller?.logoUrl ?? '',
});

export const conversationJson = (item: MemberItem) => {
  const c = item.conversation;
  const [sender, receiver] = c.members.map((slot) => item.participants[slot]);
  return {
    id: c.number,
    sender_id: looseId(sender?.userId ?? ''),
    receiver_id: looseId(receiver?.userId ?? ''),
    receiver_type: userType(receiver?.role),
    shop_id: c.seller ? looseId(c.seller.id) : 0,
    ...shopOf(c.seller),
    product_id: c.product ? looseId(c.product.id) : null,
    title: c.subject,
    sender_viewed: viewed(sender),
    receiver_viewed: viewed(receiver),
    created_at: laravelTimestamp(c.createdAt),
    date: laravelTimestamp(item.updatedAt),
  };
};

/** `member` is the caller's view of the conversation: its number and who is who. Agents send as the team. */
export const messageJson = (m: MessageView, member: MemberItem) => ({
  id: m.seq,
  conversation_id: member.conversation.number,
  user_id: looseId(m.senderId),
  send_type: userType(Object.values(member.participants).find((p) => p.userId === m.senderId)?.role),
  message: m.text,
  created_at: laravelTimestamp(m.createdAt),
  ...carbonParts(m.createdAt),
});
