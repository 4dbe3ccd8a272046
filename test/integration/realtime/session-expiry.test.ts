import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionsOf, hasLiveConnection } from '#shared/realtime/connections';
import { userMember } from '#shared/table/keys';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { findConnection } from '#test/support/realtime/registry';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

const until = (epochMs: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));

describe('a WebSocket session ends with its token', () => {
  it('pushes nothing after the token’s exp, answers the next frame with a 401 error event and closes the connection', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    // Seconds of validity (exp has whole-second resolution): enough to connect and be answered once.
    const shortToken = await tokenFor({ sub: 'seller-1', role: 'seller', tenant: w.tenant, name: 'Sam Seller' }, 3);
    const seller = await connectWs(shortToken);
    const customer = await connectWs(w.customer.token);
    seller.send({ action: 'ping' });
    expect(await seller.next()).toEqual({ type: 'pong' });
    const [registered] = await connectionsOf(w.tenant, [userMember('seller-1')]);
    expect(registered?.tokenExpiresAt).toBe(decodeJwt(shortToken).exp);

    await until(registered!.tokenExpiresAt * 1000 + 50);
    expect(await hasLiveConnection(w.tenant, userMember('seller-1'))).toBe(false); // offline for the email rule
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'after your token' },
    });
    expect(sent.status).toBe(201);
    await customer.next({ type: 'message.created' }); // the push has been made (the sender's other connection has it)

    const closed = new Promise<number>((resolve) => seller.socket.once('close', (code) => resolve(code)));
    seller.send({ action: 'ping' });
    // Events on one socket keep their order: a message.created pushed to it would have come before this.
    expect(await seller.next()).toMatchObject({
      type: 'error',
      status: 401,
      title: 'Unauthorized',
      requestId: expect.any(String),
    });
    expect(seller.pending).toEqual([]);
    expect(await closed).toBe(1000);
    expect(await findConnection(registered!.connectionId)).toBeUndefined();
    // At time 0 nothing has expired: this sees every item left in the registry, not just the live ones.
    await eventually(async () => expect(await connectionsOf(w.tenant, [userMember('seller-1')], 0)).toEqual([]));
  });
});
