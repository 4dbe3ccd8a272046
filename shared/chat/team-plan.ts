import type { Identity } from '#shared/auth/identity';
import { deterministicId } from '#shared/ids';
import { SUPPORT_TEAM, SUPPORT_TEAM_USER_ID } from '#shared/table/keys';
import type { Topic } from './model';
import { openingParty } from './opening-plans';
import type { OpeningPlan } from './opening-types';

/**
 * A conversation between the caller and the tenant's support team about a topic (e.g. an order): every agent
 * of the tenant acts through the team's slot. One per (tenant, caller, topic). A support conversation, so opened
 * by whoever may open one (customers and guests; others 403).
 */
export const teamTopicPlan = (identity: Identity, input: { topic: Topic; subject?: string }): OpeningPlan => ({
  caller: openingParty(identity, 'support'),
  snapshot: {
    id: deterministicId(identity.tenant, 'team', identity.userId, input.topic.type, input.topic.id),
    kind: 'support',
    topic: input.topic,
    subject: input.subject ?? `${input.topic.type} ${input.topic.id}`,
    product: null,
    seller: null,
  },
  other: { slot: SUPPORT_TEAM, userId: SUPPORT_TEAM_USER_ID, role: 'agent', name: 'Support' },
});
