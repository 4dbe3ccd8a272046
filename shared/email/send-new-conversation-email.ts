import type { HeadItem } from '#shared/chat/items/head';
import { getMessage } from '#shared/chat/items/message';
import { keys } from '#shared/table/keys';
import { coverWindow } from './email-claims';
import { emailConfig } from './email-config';
import { newConversationEmail } from './new-conversation-email';
import { newConversationRecipient } from './new-conversation-recipient';
import { recipientAddress } from './recipient-address';
import { issueReplyAddress } from './reply-address';
import { sendOnce } from './send-once';
import { threadHeaders } from './threading';

/**
 * Stream effect of a new conversation header: one email to the seller's directory address (as it is now).
 * Exactly once: claimed at `EMAIL#OPENED#<seller>` before sending (send-once.ts).
 *
 * It also starts the seller's notification window, at the opening: the first message, whether written with the
 * header or posted right after it (a conversation opened without one), belongs to this email and sends no
 * notification of its own while the window lasts.
 * With a reply domain, its Reply-To is the seller's reply address in this conversation (reply-address.ts), and it
 * is the root of the seller's thread (threading.ts). The header precedes its messages on the stream (same
 * partition key), so the window exists before any of them is decided; a no-op when it does already.
 */
export const sendNewConversationEmail = async (head: HeadItem) => {
  const seller = newConversationRecipient(head);
  if (!seller) return;
  await coverWindow(keys.emailNotify(head.tenant, head.id, seller), 0, head.createdAt, emailConfig.notifyWindowMs);
  const to = await recipientAddress(head.tenant, head.seller!.id, 'seller', head.emails[seller]);
  if (!to) return;
  const compose = async () => {
    // The first message was written in the header's own transaction, so a consistent read sees it.
    const first = await getMessage(head.tenant, head.id, 1);
    const replyTo = await issueReplyAddress(head.tenant, head.id, seller);
    const email = newConversationEmail({
      head,
      seller,
      to,
      firstMessage: first?.opensConversation ? first : undefined,
      ...(replyTo && { replyTo }),
    });
    return {
      ...email,
      thread: threadHeaders({ tenant: head.tenant, conversationId: head.id, recipient: seller, seq: 0 }),
    };
  };
  await sendOnce({ key: keys.emailOpened(head.tenant, head.id, seller), seq: 0, at: head.createdAt }, compose, {
    kind: 'new-conversation',
    tenant: head.tenant,
    conversationId: head.id,
  });
};
