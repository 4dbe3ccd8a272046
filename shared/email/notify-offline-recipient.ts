import { getMember } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { hasLiveConnection } from '#shared/realtime/connections';
import { keys } from '#shared/table/keys';
import { coverWindow } from './email-claims';
import { emailConfig } from './email-config';
import { newConversationRecipient } from './new-conversation-recipient';
import { offlineMessageEmail } from './offline-message-email';
import { recipientAddress } from './recipient-address';
import { issueReplyAddress } from './reply-address';
import { sendOnce } from './send-once';
import { threadHeaders } from './threading';

/**
 * Stream effect of a new message: a notification email to each recipient (never the sender) who is offline and
 * has a known address (recipient-address.ts: sellers' from the directory), at most one per conversation and
 * recipient per window (EMAIL_NOTIFY_WINDOW_MINUTES).
 * The window lives in the claim item `EMAIL#NOTIFY#<recipient>`, which also makes each email go out once
 * (email-claims.ts). The new-conversation email's recipient has a window from the opening already
 * (send-new-conversation-email.ts): a first message written with the header is carried by that email, one
 * posted right after falls in its window. Covering here too keeps that true for a header that was never handled.
 * With a reply domain, each email's Reply-To is the recipient's reply address in the conversation (reply-address.ts),
 * and each is a reply in the recipient's thread (threading.ts).
 */
export const notifyOfflineRecipient = async (message: MessageItem) => {
  const windowMs = emailConfig.notifyWindowMs;
  for (const recipient of message.members.filter((m) => m !== message.sender)) {
    const key = keys.emailNotify(message.tenant, message.conversationId, recipient);
    const member = await getMember(message.tenant, message.conversationId, recipient, true);
    if (!member) continue;
    if (message.opensConversation && newConversationRecipient(member.conversation) === recipient) {
      await coverWindow(key, message.seq, message.createdAt, windowMs);
      continue;
    }
    const participant = member.participants[recipient];
    const to = await recipientAddress(message.tenant, participant?.userId ?? '', participant?.role, member.email);
    if (!to) continue;
    // Online: the push reached them already (any registered, unexpired WebSocket connection of the recipient's slot, idle or not).
    if (await hasLiveConnection(message.tenant, recipient)) continue;
    const compose = async () => {
      const replyTo = await issueReplyAddress(message.tenant, message.conversationId, recipient);
      const email = offlineMessageEmail({
        recipient: member,
        to,
        message,
        windowMinutes: windowMs / 60_000,
        ...(replyTo && { replyTo }),
      });
      const position = { tenant: message.tenant, conversationId: message.conversationId, recipient, seq: message.seq };
      return { ...email, thread: threadHeaders(position) };
    };
    await sendOnce({ key, seq: message.seq, at: message.createdAt, windowMs }, compose, {
      kind: 'offline-message',
      tenant: message.tenant,
      conversationId: message.conversationId,
      seq: message.seq,
    });
  }
};
