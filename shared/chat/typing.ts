import type { Identity } from '#shared/auth/identity';
import { requireParticipant } from './access';
import { readHeadAndTip } from './conversation-store';
import { pushTyping } from './fan-out';

/**
 * The typing action, announced: the same participant check as every other action (404 otherwise), then `typing`
 * to the other participants' live connections. Nothing is stored, so there is nothing to repeat or order: each
 * call pushes once, at most once per connection, and a failed push is not an error.
 */
export const announceTyping = async (identity: Identity, conversationId: string) => {
  const { head } = requireParticipant(identity, (await readHeadAndTip(identity.tenant, conversationId)).head);
  await pushTyping(head, identity.userId);
};
