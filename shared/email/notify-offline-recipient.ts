import { readMember } from '../chat/conversation-store';
import type { MessageItem } from '../chat/model';
import { keys } from '../table/keys';
import { coverWindow } from './email-claims';
import { emailConfig } from './email-config';
import { isPlainAddress } from './header-safe';
import { isRecipientOnline } from './is-recipient-online';
import { offlineMessageEmail } from './offline-message-email';
import { sendOnce } from './send-once';

/**
 * Stream effect of a new message: a notification email to each recipient (never the sender) who is offline and
 * has a known address, at most one per conversation and recipient per window (EMAIL_NOTIFY_WINDOW_MINUTES).
 * The window lives in the claim item `EMAIL#NOTIFY#<recipient>`, which also makes each email go out once
 * (email-claims.ts). The first message of a new conversation only starts the window: the new-conversation
 * email carries it.
 */
export const notifyOfflineRecipient = async (message: MessageItem) => {
  const windowMs = emailConfig.notifyWindowMs;
  for (const recipient of message.members.filter((m) => m !== message.sender)) {
    const key = keys.emailNotify(message.tenant, message.conversationId, recipient);
    if (message.opensConversation) {
      await coverWindow(key, message.seq, message.createdAt, windowMs);
      continue;
    }
    const member = await readMember(message.tenant, message.conversationId, recipient, true);
    const to = member?.email;
    if (!member || !to || !isPlainAddress(to)) continue;
    if (await isRecipientOnline(message.tenant, recipient)) continue;
    const email = offlineMessageEmail({ recipient: member, to, message, windowMinutes: windowMs / 60_000 });
    await sendOnce({ key, seq: message.seq, at: message.createdAt, windowMs }, email, {
      tenant: message.tenant, conversationId: message.conversationId, seq: message.seq,
    });
  }
};
