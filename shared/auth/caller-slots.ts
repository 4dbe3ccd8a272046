import { type MemberKey, SUPPORT_TEAM, userMember } from '#shared/table/keys';
import type { Identity } from './identity';

/** The participant slots a caller may act through: their own, and for agents the support team's. */
export const callerSlots = (identity: Identity): MemberKey[] =>
  identity.role === 'agent' ? [SUPPORT_TEAM, userMember(identity.userId)] : [userMember(identity.userId)];
