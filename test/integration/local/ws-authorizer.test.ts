import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startWebSocketGateway } from '#infra/local/ws-gateway';
import type { WebSocketAuthorizerDef, WebSocketRouteDef } from '#infra/routes/index';
import { probe } from '#test/support/net/probe-handler';
import { rawExchange, upgradeRequest } from '#test/support/net/raw';
import { eventually } from '#test/support/stack/eventually';

/*
 * The local gateway runs the $connect authorizer as API Gateway does: a gateway of this test's own (the same
 * startWebSocketGateway code `npm start` runs) with a probe authorizer and probe routes, in this worker, so what
 * each event carried can be looked at.
 */
const entry = 'test/support/net/probe-handler.ts';
const table = { actions: [] };
const routes: WebSocketRouteDef[] = ['$connect', '$default', '$disconnect'].map((routeKey) => ({
  name: `Probe${routeKey.slice(1)}`,
  routeKey,
  entry,
  table,
}));
const authorizer: WebSocketAuthorizerDef = {
  name: 'ProbeAuthorizer',
  entry,
  identitySource: ['route.request.querystring.token'],
  table,
};

let gateway: Awaited<ReturnType<typeof startWebSocketGateway>>;
beforeAll(async () => {
  gateway = await startWebSocketGateway(routes, 0, { authorizer });
});
afterAll(() => gateway?.stop());

const upgradeStatus = async (query: string) => (await rawExchange(gateway.url, [upgradeRequest(`/${query}`)])).status;

describe('the local gateway’s authorizer', () => {
  it('refuses the upgrade as API Gateway does: 401 without the identity source (unheard) or on "Unauthorized", 403 unless the policy allows $connect, 500 when it fails', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = probe().authorized;
    expect(await upgradeStatus('')).toBe(401);
    expect(await upgradeStatus('?token=')).toBe(401);
    expect(probe().authorized).toBe(before); // API Gateway does not call it without the token
    expect(await upgradeStatus('?token=t&mode=refuse')).toBe(401);
    expect(await upgradeStatus('?token=t&mode=deny')).toBe(403);
    expect(await upgradeStatus('?token=t&mode=elsewhere')).toBe(403);
    expect(await upgradeStatus('?token=t&mode=fail')).toBe(500);
    expect(await upgradeStatus('?token=t&mode=nested')).toBe(500);
    expect(probe().authorized).toBe(before + 5);
    // A failing authorizer is the developer's bug: logged, like a failing route.
    expect(logged.mock.calls.map(([line]) => line)).toEqual([
      'local authorizer error',
      expect.stringMatching(/^local authorizer error: not a policy/),
    ]);
    logged.mockRestore();
    // None of them reached $connect.
    expect(probe().events.filter((e) => e.routeKey === '$connect')).toEqual([]);
  });

  it('hands its context, every value a string, with the principal, to $connect, every frame and $disconnect', async () => {
    const socket = new WebSocket(`${gateway.url}/?token=t`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send('{"action":"anything"}');
    socket.send('not even JSON');
    await eventually(async () => expect(probe().events.filter((e) => e.routeKey === '$default')).toHaveLength(2));
    socket.close();
    await eventually(async () => expect(probe().events.map((e) => e.routeKey)).toContain('$disconnect'));
    const context = { principalId: 'probe-user', who: 'probe', n: '7', ok: 'true' };
    const [first] = probe().events;
    expect(probe().events).toEqual(
      ['$connect', '$default', '$default', '$disconnect'].map((routeKey) => ({
        routeKey,
        connectionId: first!.connectionId,
        authorizer: context,
      })),
    );
  });
});
