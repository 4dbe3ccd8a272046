import { slotIn } from './access';
import { appendMessage } from './append-message';
import { readHeadAndTip } from './conversation-store';
import type { Identity } from './model';

/** POST …/messages and the WebSocket sendMessage action: participant check, then append. */
export const sendMessage = async (identity: Identity, conversationId: string, input: { text: string; clientMessageId?: string }) => {
  const { head, tipSeq } = await readHeadAndTip(identity.tenant, conversationId);
  const sender = slotIn(identity, head);
  return appendMessage({ head: head!, sender, senderId: identity.userId, nextSeq: tipSeq + 1, ...input });
};
