import type { Identity } from '#shared/auth/identity';
import { requireParticipant } from '#shared/chat/access';
import { getHead, setBlocked } from '#shared/chat/items/head';

/**
 * POST/DELETE /v1/conversations/{id}/block by a participant (an agent blocks for the support team). While the
 * caller's block stands, the other participant's sends to this conversation are refused with 403 on every
 * channel, so nothing is stored, pushed or mailed (shared/policy/screen-message.ts, in the one send path).
 *
 * Idempotency: blocking twice is one block, unblocking what is not blocked changes nothing. Ordering: a send that
 * read the conversation before the block was written may still be stored; every send that starts after the block
 * call returned is refused (the header that holds the block is read, strongly consistent, by each send).
 */
export const setConversationBlock = async (identity: Identity, conversationId: string, blocked: boolean) => {
  const { head, slot } = requireParticipant(identity, await getHead(identity.tenant, conversationId));
  await setBlocked(head.tenant, head.id, slot, blocked);
  return { conversationId: head.id, blocked };
};
