import { NotFound } from '../errors';
import { SUPPORT_TEAM, userMember, type MemberKey } from '../table/keys';
import type { HeadItem, Identity } from './model';

/** The participant slots a caller may act through: their own, and for agents the support team's. */
export const callerSlots = (identity: Identity): MemberKey[] =>
  identity.role === 'agent' ? [SUPPORT_TEAM, userMember(identity.userId)] : [userMember(identity.userId)];

/** The caller's slot in this conversation, or 404: non-participants never learn it exists. */
export const slotIn = (identity: Identity, head: HeadItem | undefined): MemberKey => {
  const slot = head && callerSlots(identity).find((s) => head.members.includes(s));
  if (!slot) throw new NotFound();
  return slot;
};
