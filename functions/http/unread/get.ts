import { callerSlots } from '#shared/chat/access';
import { unreadSummary } from '#shared/chat/unread-summary';
import { PARTICIPANT_ROLES } from '#shared/http/roles';
import { httpRoute } from '#shared/http/route';

export const handler = httpRoute({ roles: PARTICIPANT_ROLES }, async ({ identity }) => ({
  status: 200,
  body: await unreadSummary(identity.tenant, callerSlots(identity)),
}));
