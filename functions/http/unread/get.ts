import { callerSlots } from '#shared/auth/caller-slots';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { unreadSummary } from '#shared/chat/unread-summary';
import { httpRoute } from '#shared/http/route';

export const handler = httpRoute({ roles: PARTICIPANT_ROLES }, async ({ identity }) => ({
  status: 200,
  body: await unreadSummary(identity.tenant, callerSlots(identity)),
}));
