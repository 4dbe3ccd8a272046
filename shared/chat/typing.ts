import type { Identity } from '#shared/auth/identity';
import { requireParticipant } from './access';
import { readHeadAndTip } from './conversation-store';
import { pushTyping } from './fan-out';

/** The typing action: the same participant check as every other action (404 otherwise), then a push; nothing is stored. */
export const announceTyping = async (identity: Identity, conversationId: string) => {
  const { head } = requireParticipant(identity, (await readHeadAndTip(identity.tenant, conversationId)).head);
  await pushTyping(head, identity.userId);
};
