import { describe, expect, it } from 'vitest';
import { readCallerMember } from '#shared/chat/conversation-store';
import { listInbox } from '#shared/chat/list-conversations';
import { openConversation } from '#shared/chat/open-conversation';
import { teamTopicPlan } from '#shared/chat/team-plan';
import { SUPPORT_TEAM } from '#shared/table/keys';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

describe('a conversation with the support team about a topic', () => {
  it('opens one per (customer, topic), reaches every agent of the tenant, and takes messages both ways', async () => {
    const w = await newWorld();
    const customer = { tenant: w.tenant, userId: w.customer.id, role: 'customer' as const, name: 'Cora Customer' };
    const topic = { type: 'order', id: '42' };
    const first = await openConversation(customer, teamTopicPlan(customer, { topic }));
    const again = await openConversation(customer, teamTopicPlan(customer, { topic }));
    const otherOrder = await openConversation(
      customer,
      teamTopicPlan(customer, { topic: { type: 'order', id: '43' } }),
    );
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, member: { conversationId: first.member.conversationId } });
    expect(otherOrder.member.conversationId).not.toBe(first.member.conversationId);
    expect(first.member.conversation).toMatchObject({
      kind: 'support',
      topic,
      subject: 'order 42',
      members: [`U#${w.customer.id}`, SUPPORT_TEAM],
    });

    const agent = { tenant: w.tenant, userId: 'agent-7', role: 'agent' as const };
    expect((await readCallerMember(agent, first.member.conversationId)).member).toBe(SUPPORT_TEAM);
    const teamInbox = await listInbox(agent, SUPPORT_TEAM, { limit: 10, archived: false });
    expect(teamInbox.items.map((c) => c.id)).toContain(first.member.conversationId);

    const agentToken = (await w.user('agent-7', 'agent')).token;
    const reply = await call('POST', `/v1/conversations/${first.member.conversationId}/messages`, {
      token: agentToken,
      body: { text: 'Your order ships today.' },
    });
    expect(reply.status).toBe(201);
    const seen = await call('GET', `/v1/conversations/${first.member.conversationId}/messages`, {
      token: w.customer.token,
    });
    expect(seen.body.items[0]).toMatchObject({ senderId: 'agent-7', text: 'Your order ships today.' });
  });
});
