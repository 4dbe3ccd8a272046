import type { MemberItem } from '#shared/chat/items/member';
import type { MessageView } from '#shared/chat/views';
import { looseId } from '#shared/compat/ids';
import { chatJson, customerOf } from '#shared/compat/support-chat-envelope/chats';
import { sqlDateTime } from '#shared/compat/time';

/**
 * A conversation entry of the listing (seed 002), as its viewer sees it: `chat_id` is the conversation number
 * (what newChat answers), `user_*` the customer or guest, `unread_count` the viewer's own (an agent's: the
 * team's), `chats` in newChat's item shape, oldest first.
 */
export const conversationEntry = (member: MemberItem, messages: MessageView[]) => {
  const c = member.conversation;
  const customer = customerOf(member);
  return {
    chat_id: c.number,
    conversation_id: c.id,
    user_id: customer ? looseId(customer.userId) : null,
    user_name: customer?.name ?? null,
    user_type: customer?.role ?? null,
    subject: c.subject,
    product_id: c.product ? looseId(c.product.id) : null,
    product_name: c.product?.name ?? null,
    unread_count: member.participants[member.member]?.unreadCount ?? 0,
    created_at: sqlDateTime(c.createdAt),
    updated_at: sqlDateTime(member.updatedAt),
    chats: messages.map((m) => chatJson(m, customer?.userId ?? '')),
  };
};
