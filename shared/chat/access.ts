import { callerSlots } from '#shared/auth/caller-slots';
import type { Identity } from '#shared/auth/identity';
import type { HeadItem } from '#shared/chat/items/head';
import { NotFound } from '#shared/errors';
import type { MemberKey } from '#shared/table/keys';

export interface Participation {
  head: HeadItem;
  slot: MemberKey;
}

/**
 * The conversation (its header, known to exist) and the caller's slot in it, or 404: a missing conversation and
 * one the caller is not part of look the same, so non-participants never learn it exists.
 */
export const requireParticipant = (identity: Identity, head: HeadItem | undefined): Participation => {
  const slot = head && callerSlots(identity).find((s) => head.members.includes(s));
  if (!head || !slot) throw new NotFound();
  return { head, slot };
};
