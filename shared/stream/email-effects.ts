import { notifyOfflineRecipient } from '#shared/email/notify-offline-recipient';
import { sendNewConversationEmail } from '#shared/email/send-new-conversation-email';
import { inOrder, onConversationOpened, onMessage } from './effects';

/**
 * What the email consumer of the stream does. A conversation's header and its messages share a partition key,
 * so they arrive in commit order: the new-conversation email is decided before its first message's notification.
 */
export const applyEmailEffects = inOrder([
  onConversationOpened(sendNewConversationEmail),
  onMessage(notifyOfflineRecipient),
]);
