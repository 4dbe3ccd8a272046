import { httpRoutes, webSocketRoutes } from '#infra/routes/index';
import type { FamilyResult, Row } from '#test/bench/report/row';
import { verdict } from '#test/bench/report/row';
import type { BenchContext } from '#test/bench/support/bench-context';
import { benchWorld, must } from '#test/bench/support/bench-world';
import { callSequence } from '#test/bench/support/dynamo-meter';
import { probeOperation } from '#test/bench/support/operation-probe';
import type { HttpReply } from '#test/support/http/client';

interface Scenario {
  route: string;
  label: string;
  expect: number;
  run: () => Promise<HttpReply>;
}

/**
 * Row 3: DynamoDB calls on the request path of every route (the stream processor's work is not on it),
 * counted by the meter's SDK middleware. Goal: at most 2 for every route, exactly 1 for reads.
 * A route of the route list without a scenario here shows up as a row to fill in, never silently.
 */
export const measureRoundTrips = async (ctx: BenchContext): Promise<FamilyResult> => {
  const scenarios = await routeScenarios(ctx);
  const rows: Row[] = [];
  const routes = [
    ...httpRoutes.map((r) => ({ name: r.name, isRead: r.method === 'GET', label: `${r.method} ${r.path}` })),
    ...webSocketRoutes.map((r) => ({ name: `WebSocket${r.name}`, isRead: false, label: `WebSocket ${r.routeKey}` })),
  ];
  for (const route of routes) {
    const own = scenarios.filter((s) => s.route === route.name);
    const limit = route.isRead ? 1 : 2;
    if (own.length === 0) {
      rows.push({
        family: '3',
        subject: `round trips: ${route.name}`,
        measured: 'no scenario in test/bench/families/round-trips.ts',
        goal: `≤ ${limit}`,
        verdict: 'n/a',
      });
      continue;
    }
    for (const scenario of own) {
      const { request } = await probeOperation(ctx.stack, ctx.meter, async () =>
        must(await scenario.run(), scenario.expect),
      );
      const sequence = callSequence(request);
      rows.push({
        family: '3',
        subject: `round trips: ${route.name} (${scenario.label})`,
        // The verdict counts calls (each is billed and is a request); parallel ones are shown, not discounted.
        measured: `${request.calls}: ${sequence.text}${sequence.sequential < request.calls ? ` (in parallel: ${sequence.sequential} sequential)` : ''}`,
        goal: `≤ ${limit}${route.isRead ? ' (read)' : ''}`,
        verdict: verdict(request.calls <= limit),
        data: { route: route.label, calls: request.calls, sequential: sequence.sequential, commands: request.commands },
      });
    }
  }
  return { rows };
};

const routeScenarios = async ({ call }: BenchContext): Promise<Scenario[]> => {
  const w = await benchWorld(call, 'trips');
  const { customer, seller, service } = w;
  const agent = await w.actor('agent-1', 'agent');
  const { id } = await w.openProductConversation(customer, { message: 'Is it in stock?' });
  const path = `/v1/conversations/${id}`;
  must(await call('POST', `${path}/messages`, { token: seller.token, body: { text: 'Yes.' } }), 201);
  const other = await w.actor('cust-2', 'customer');
  must(await call('POST', '/v1/conversations', { token: other.token, body: { productId: w.productId } }), 201);
  const third = await w.actor('cust-3', 'customer');
  let counter = 0;
  let tip = 2;
  const sendAs = async (token: string, body: Record<string, unknown>) => {
    const reply = await call('POST', `${path}/messages`, { token, body });
    tip = Math.max(tip, reply.body?.message?.seq ?? 0);
    return reply;
  };
  return [
    {
      route: 'PutSeller',
      label: 'upsert',
      expect: 200,
      run: () =>
        call('PUT', '/v1/catalog/sellers/seller-2', {
          token: service,
          body: { shopName: 'Two', email: 'two@example.test' },
        }),
    },
    {
      route: 'PutProduct',
      label: 'upsert',
      expect: 200,
      run: () =>
        call('PUT', '/v1/catalog/products/p-2', { token: service, body: { name: 'Mug', sellerId: seller.id } }),
    },
    {
      route: 'CreateConversation',
      label: 'product, new',
      expect: 201,
      run: () =>
        call('POST', '/v1/conversations', { token: third.token, body: { productId: w.productId, message: 'Hi' } }),
    },
    {
      route: 'CreateConversation',
      label: 'product, existing',
      expect: 200,
      run: () => call('POST', '/v1/conversations', { token: customer.token, body: { productId: w.productId } }),
    },
    {
      route: 'CreateConversation',
      label: 'direct, new',
      expect: 201,
      run: () =>
        call('POST', '/v1/conversations', {
          token: customer.token,
          body: { participantId: 'cust-2', message: 'Hello' },
        }),
    },
    {
      route: 'ListConversations',
      label: 'first page',
      expect: 200,
      run: () => call('GET', '/v1/conversations', { token: customer.token }),
    },
    {
      route: 'GetConversation',
      label: 'participant',
      expect: 200,
      run: () => call('GET', path, { token: customer.token }),
    },
    {
      route: 'UpdateConversation',
      label: 'archive',
      expect: 200,
      run: () => call('PATCH', path, { token: seller.token, body: { archived: true } }),
    },
    {
      route: 'MarkRead',
      label: 'up to the newest',
      expect: 200,
      run: () => call('POST', `${path}/read`, { token: customer.token, body: {} }),
    },
    {
      route: 'SendMessage',
      label: 'no clientMessageId',
      expect: 201,
      run: () => sendAs(customer.token, { text: 'Thanks' }),
    },
    {
      route: 'SendMessage',
      label: 'with clientMessageId',
      expect: 201,
      run: () => sendAs(customer.token, { text: 'Ok', clientMessageId: `c${++counter}` }),
    },
    {
      route: 'SendMessage',
      label: 'clientMessageId retried',
      expect: 200,
      run: () => sendAs(customer.token, { text: 'Ok', clientMessageId: `c${counter}` }),
    },
    {
      route: 'ListMessages',
      label: 'newest page',
      expect: 200,
      run: () => call('GET', `${path}/messages`, { token: customer.token }),
    },
    {
      route: 'ListMessages',
      label: 'poll, nothing new',
      expect: 200,
      run: () => call('GET', `${path}/messages?after=${tip}`, { token: customer.token }),
    },
    { route: 'GetUnread', label: 'seller', expect: 200, run: () => call('GET', '/v1/unread', { token: seller.token }) },
    {
      route: 'GetUnread',
      label: 'agent: own + support team',
      expect: 200,
      run: () => call('GET', '/v1/unread', { token: agent.token }),
    },
    {
      route: 'CreateGuestSession',
      label: 'new guest',
      expect: 201,
      run: () => call('POST', '/v1/guest-sessions', { headers: { 'x-tenant': w.tenant }, body: { name: 'Gina' } }),
    },
    {
      route: 'OpenSupportConversation',
      label: 'new, with first message',
      expect: 201,
      run: () =>
        call('POST', '/v1/support/conversations', { token: third.token, body: { message: 'Where is my parcel?' } }),
    },
    {
      route: 'OpenSupportConversation',
      label: 'existing, with message',
      expect: 200,
      run: () => call('POST', '/v1/support/conversations', { token: third.token, body: { message: 'Hello?' } }),
    },
    {
      route: 'ListSupportConversations',
      label: 'first page',
      expect: 200,
      run: () => call('GET', '/v1/support/conversations', { token: agent.token }),
    },
    {
      route: 'GetSupportAvailability',
      label: 'customer',
      expect: 200,
      run: () => call('GET', '/v1/support/availability', { token: customer.token }),
    },
    {
      route: 'PutAgentStatus',
      label: 'away',
      expect: 200,
      run: () => call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'away' } }),
    },
  ];
};
