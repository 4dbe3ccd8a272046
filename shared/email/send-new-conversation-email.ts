import { readMessage } from '../chat/conversation-store';
import type { HeadItem } from '../chat/model';
import { keys } from '../table/keys';
import { isPlainAddress } from './header-safe';
import { newConversationRecipient } from './new-conversation-recipient';
import { newConversationEmail } from './new-conversation-email';
import { sendOnce } from './send-once';

/**
 * Stream effect of a new conversation header: one email to the seller's directory address.
 * Exactly once: claimed at `EMAIL#OPENED#<seller>` before sending (send-once.ts).
 */
export const sendNewConversationEmail = async (head: HeadItem) => {
  const seller = newConversationRecipient(head);
  const to = seller && head.emails[seller];
  if (!seller || !to || !isPlainAddress(to)) return;
  // The first message was written in the header's own transaction, so a consistent read sees it.
  const first = await readMessage(head.tenant, head.id, 1);
  const email = newConversationEmail({ head, seller, to, firstMessage: first?.opensConversation ? first : undefined });
  await sendOnce({ key: keys.emailOpened(head.tenant, head.id, seller), seq: 0, at: head.createdAt }, email, {
    tenant: head.tenant, conversationId: head.id,
  });
};
