import type { Identity } from '#shared/auth/identity';
import { requireParticipant } from './access';
import { appendMessage } from './append-message';
import { readHeadAndTip } from './conversation-store';

/** POST …/messages and the WebSocket sendMessage action: participant check, then append. */
export const sendMessage = async (
  identity: Identity,
  conversationId: string,
  input: { text: string; clientMessageId?: string },
) => {
  const { head: found, tipSeq } = await readHeadAndTip(identity.tenant, conversationId);
  const { head, slot } = requireParticipant(identity, found);
  return appendMessage({ head, sender: slot, senderId: identity.userId, nextSeq: tipSeq + 1, ...input });
};
