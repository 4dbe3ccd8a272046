import * as z from 'zod/mini';
import { openerRoles } from '#shared/auth/roles';
import { openConversation } from '#shared/chat/open-conversation';
import { openedView } from '#shared/chat/opened-view';
import { supportConversationPlan } from '#shared/chat/opening-plans';
import { httpRoute } from '#shared/http/route';
import { clientMessageId, messageText, userId } from '#shared/input/schemas';
import { supportAvailability } from '#shared/realtime/presence';

const body = z.object({
  message: z.optional(messageText),
  productId: z.optional(userId),
  clientMessageId: z.optional(clientMessageId),
});

/** The caller's one support conversation (201 new, 200 existing), and whether any agent is online to answer it. */
export const handler = httpRoute({ roles: openerRoles('support'), body }, async ({ identity, body }) => {
  // Whether an agent is online is asked while the conversation is opened, not after.
  const [opened, { allAgentsIdle }] = await Promise.all([
    supportConversationPlan(identity, body).then((plan) => openConversation(identity, plan)),
    supportAvailability(identity.tenant),
  ]);
  return { status: opened.created ? 201 : 200, body: { conversation: openedView(opened), allAgentsIdle } };
});
