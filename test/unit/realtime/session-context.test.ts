import { describe, expect, it } from 'vitest';
import { contextForEvents } from '#infra/local/ws-authorizer';
import type { VerifiedToken } from '#shared/auth/verify-token';
import { SUPPORT_TEAM, userMember } from '#shared/table/keys';
import { frameSession, sessionContext, tokenFromContext } from '#shared/ws/session';
import type { AuthorizerContextIn, WebSocketEvent } from '#shared/ws/ws-event';

const full: VerifiedToken = {
  identity: {
    tenant: 'shop-1',
    userId: 'agent-7',
    role: 'agent',
    name: 'Ann Agent',
    email: 'ann@example.test',
    issuedAt: 1_790_000_000,
  },
  expiresAt: 1_790_003_600,
};
const bare: VerifiedToken = { identity: { tenant: 'default', userId: 'cust-1', role: 'customer' }, expiresAt: 1 };

/** The authorizer's context as API Gateway hands it to later events: every value a string, plus the principal. */
const asHandedOn = (token: VerifiedToken): AuthorizerContextIn =>
  contextForEvents({
    principalId: token.identity.userId,
    policyDocument: { Version: '2012-10-17', Statement: [] },
    context: { ...sessionContext(token) },
  })!;

const frame = (authorizer: AuthorizerContextIn | undefined): WebSocketEvent => ({
  requestContext: {
    routeKey: 'ping',
    eventType: 'MESSAGE',
    connectionId: 'c-1=',
    domainName: 'local',
    stage: 'local',
    apiId: 'local',
    messageId: 'm',
    extendedRequestId: 'r',
    requestId: 'r',
    messageDirection: 'IN',
    connectedAt: Date.parse('2026-11-30T10:00:00.000Z'),
    requestTime: '',
    requestTimeEpoch: 0,
    ...(authorizer && { authorizer }),
  },
  isBase64Encoded: false,
});

describe('who a connection is, carried by the authorizer context', () => {
  it('returns flat strings, numbers and nothing else, and reads back the same token once API Gateway stringified it', () => {
    const context = sessionContext(full);
    for (const value of Object.values(context)) expect(['string', 'number']).toContain(typeof value);
    expect(asHandedOn(full)).toEqual({
      principalId: 'agent-7',
      tenant: 'shop-1',
      userId: 'agent-7',
      role: 'agent',
      name: 'Ann Agent',
      email: 'ann@example.test',
      issuedAt: '1790000000',
      tokenExpiresAt: '1790003600',
    });
    expect(tokenFromContext(asHandedOn(full))).toEqual(full);
    expect(tokenFromContext(asHandedOn(bare))).toEqual(bare);
    expect(tokenFromContext({ ...context })).toEqual(full); // numbers as returned, too
  });

  it('refuses a missing or foreign context rather than guess who is sending', () => {
    const good = asHandedOn(full);
    for (const context of [
      undefined,
      {},
      { principalId: 'x' },
      { ...good, tenant: '' },
      { ...good, userId: 7 },
      { ...good, role: 'admin' },
      { ...good, tokenExpiresAt: 'soon' },
      { ...good, tokenExpiresAt: undefined },
      { ...good, tokenExpiresAt: '-5' },
      { ...good, issuedAt: 'yesterday' },
    ])
      expect(tokenFromContext(context), JSON.stringify(context)).toBeUndefined();
  });

  it('gives a frame its sender, its connection and the slots $connect registered (an agent’s include the team)', () => {
    expect(frameSession(frame(asHandedOn(full)))).toEqual({
      ...full,
      connection: {
        connectionId: 'c-1=',
        tenant: 'shop-1',
        slots: [SUPPORT_TEAM, userMember('agent-7')],
        connectedAt: '2026-11-30T10:00:00.000Z',
      },
    });
    expect(frameSession(frame(asHandedOn(bare)))?.connection.slots).toEqual([userMember('cust-1')]);
    expect(frameSession(frame(undefined))).toBeUndefined();
  });
});
