import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleCall, safetyRoutes } from '#infra/routes/index';
import type { AuditItem } from '#shared/moderation/items/audit';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

/** Every trust-and-safety route, called with its example (in conversation `id`). */
const calls = (id: string) => safetyRoutes.map((route) => ({ route, ...exampleCall(route, { id }) }));
const ROLES = ['customer', 'seller', 'agent', 'guest', 'service'] as const;
const ALLOWED: Record<string, readonly string[]> = {
  GetPolicy: ['service'],
  PutPolicy: ['service'],
  BlockConversation: ['customer', 'seller', 'agent', 'guest'],
  UnblockConversation: ['customer', 'seller', 'agent', 'guest'],
  ReportConversation: ['customer', 'seller', 'agent', 'guest'],
  ListReports: ['agent', 'service'],
  UpdateReport: ['agent', 'service'],
  RedactMessage: ['agent', 'service'],
  ExportUserData: ['service'],
  EraseUser: ['service'],
};

describe('every trust-and-safety route', () => {
  it('401 without a valid token, 403 for each role it does not serve', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    expect(safetyRoutes.map((r) => r.name).sort()).toEqual(Object.keys(ALLOWED).sort());
    const expired = await tokenFor({ sub: 'storefront', role: 'service', tenant: w.tenant }, -60);
    for (const { route, method, path, body } of calls(id)) {
      for (const token of [undefined, 'not.a.jwt', expired])
        expectProblem(await call(method, path, { ...(token && { token }), ...(body && { body }) }), 401);
      for (const role of ROLES) {
        const { token } = await w.user(`someone-${role}`, role);
        const res = await call(method, path, { token, ...(body && { body }) });
        const allowed = ALLOWED[route.name]!.includes(role);
        expect({ route: route.name, role, forbidden: res.status === 403 }).toEqual({
          route: route.name,
          role,
          forbidden: !allowed,
        });
        if (!allowed) expectProblem(res, 403);
      }
    }
  });

  it("another tenant's tokens see nothing of this tenant's policy, conversations, reports, messages or users", async () => {
    const w = await newWorld();
    const other = await newWorld();
    const otherAgent = await other.user('agent-1', 'agent');
    // The same user ids exist in the other tenant: only the tenant tells them apart.
    const otherCustomer = other.customer;
    await call('PUT', '/v1/policy', { token: w.service, body: { contactInfo: 'mask' } });
    const { id } = await w.openProductConversation({ message: 'Call 0151 23456789' });
    const [message] = (await call('GET', `/v1/conversations/${id}/messages`, { token: w.seller.token })).body.items;
    const report = (
      await call('POST', `/v1/conversations/${id}/reports`, {
        token: w.seller.token,
        body: { messageId: message.id, reason: 'spam' },
      })
    ).body.report;

    expect((await call('GET', '/v1/policy', { token: other.service })).body).toEqual({
      contactInfo: 'allow',
      allowDomains: [],
    });
    await call('PUT', '/v1/policy', { token: other.service, body: { contactInfo: 'allow' } });
    for (const [method, path] of [
      ['POST', `/v1/conversations/${id}/block`],
      ['DELETE', `/v1/conversations/${id}/block`],
    ] as const)
      expectProblem(await call(method, path, { token: otherCustomer.token }), 404);
    expectProblem(
      await call('POST', `/v1/conversations/${id}/reports`, { token: otherCustomer.token, body: { reason: 'spam' } }),
      404,
    );
    for (const token of [other.service, otherAgent.token]) {
      expect((await call('GET', '/v1/moderation/reports', { token })).body).toEqual({ items: [], nextCursor: null });
      expectProblem(
        await call('PATCH', `/v1/moderation/reports/${report.id}`, { token, body: { status: 'dismissed' } }),
        404,
      );
      expectProblem(await call('DELETE', `/v1/conversations/${id}/messages/${message.id}`, { token }), 404);
    }
    expect((await call('GET', `/v1/users/${w.customer.id}/data`, { token: other.service })).body).toMatchObject({
      profile: null,
      conversations: [],
      messages: [],
    });

    // The other tenant erases "its" cust-1: this tenant's cust-1 keeps its session, profile and messages.
    const socket = await connectWs(w.customer.token);
    const erased = await call('DELETE', `/v1/users/${w.customer.id}`, { token: other.service });
    expect(erased.status).toBe(202);
    expect(erased.body.erasure.sessionsClosed).toBe(0);
    await eventually(async () => {
      const { Items = [] } = await db().send(
        new QueryCommand({
          TableName: process.env.TABLE_NAME!,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.audit(other.tenant, '', '').PK },
          ConsistentRead: true,
        }),
      );
      expect((Items as AuditItem[]).filter((a) => a.action === 'erasure' && a.status === 'done')).toHaveLength(1);
    });
    socket.send({ action: 'ping' });
    expect(await socket.next({ type: 'pong' })).toEqual({ type: 'pong' });
    const mine = (await call('GET', `/v1/users/${w.customer.id}/data`, { token: w.service })).body;
    expect(mine.profile).toMatchObject({ name: 'Cora Customer' });
    expect(mine.messages.map((m: { text: string }) => m.text)).toEqual(['Call [hidden]']);
    // And this tenant's policy and report are as they were.
    expect((await call('GET', '/v1/policy', { token: w.service })).body.contactInfo).toBe('mask');
    expect((await call('GET', '/v1/moderation/reports', { token: w.service })).body.items).toEqual([
      expect.objectContaining({ id: report.id, status: 'open' }),
    ]);
  });
});
