import type { ConversationSnapshot } from '#shared/chat/model';
import { type MemberKey, userMember } from '#shared/table/keys';

/**
 * Who gets the new-conversation email: the seller a product or order/direct conversation is addressed to,
 * never the one who opened it (members[0]).
 */
export const newConversationRecipient = (
  conversation: Pick<ConversationSnapshot, 'kind' | 'seller' | 'members'>,
): MemberKey | undefined => {
  if (conversation.kind === 'support' || !conversation.seller) return undefined;
  const slot = userMember(conversation.seller.id);
  return conversation.members.includes(slot) && slot !== conversation.members[0] ? slot : undefined;
};
