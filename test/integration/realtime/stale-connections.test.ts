import {
  ApiGatewayManagementApiClient,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as wsSendMessage } from '#functions/ws/send-message';
import { pushMessageCreated } from '#shared/chat/fan-out';
import { getMessage } from '#shared/chat/items/message';
import { connectionsOf, registerConnection } from '#shared/realtime/connections';
import { userMember } from '#shared/table/keys';
import { sessionOf } from '#test/support/auth/sessions';
import { call } from '#test/support/http/client';
import { findConnection } from '#test/support/realtime/registry';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';
import { frameEvent } from '#test/support/ws/frame-event';

afterEach(closeAllWs);

const A_MINUTE_AGO = () => Date.now() - 60_000;
const ids = (records: Array<{ connectionId: string }>) => records.map((r) => r.connectionId).sort();

describe('stale connections', () => {
  it('removes a connection that vanished without $disconnect when a push finds it gone (GoneException), and only that one', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const seller = await connectWs(w.seller.token);
    // API Gateway lost this one without telling us: registered a minute ago, unknown to the gateway (410 Gone).
    await registerConnection(
      'vanished+/=',
      sessionOf({ tenant: w.tenant, userId: 'seller-1', role: 'seller' }),
      A_MINUTE_AGO(),
    );
    const customer = await connectWs(w.customer.token);
    const before = await connectionsOf(w.tenant, [userMember('seller-1')]);
    expect(before).toHaveLength(2);

    customer.send({ action: 'sendMessage', conversationId: id, text: 'anyone?' });
    await customer.next({ type: 'message.ack' });
    await seller.next({ type: 'message.created' });

    // The sender's ack and the cleanup run in parallel: wait for the cleanup, not for a fixed time.
    await eventually(async () =>
      expect(ids(await connectionsOf(w.tenant, [userMember('seller-1')]))).toEqual(
        ids(before).filter((c) => c !== 'vanished+/='),
      ),
    );
    // The reverse item is deleted with the slot items (removeConnection), so it may still be on its way too.
    await eventually(async () => expect(await findConnection('vanished+/=')).toBeUndefined());
    expect(await connectionsOf(w.tenant, [userMember('cust-1')])).toHaveLength(1);
  });

  it('forgets a socket closed abruptly ($disconnect), so nothing is pushed to it any more', async () => {
    const w = await newWorld();
    const seller = await connectWs(w.seller.token);
    expect(await connectionsOf(w.tenant, [userMember('seller-1')])).toHaveLength(1);
    seller.socket.terminate();
    await eventually(async () => expect(await connectionsOf(w.tenant, [userMember('seller-1')])).toEqual([]));
  });

  it('keeps a connection that is still completing its handshake even if it answers Gone', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    await registerConnection('just-connecting', sessionOf({ tenant: w.tenant, userId: 'seller-1', role: 'seller' }));
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'hi' },
    });
    expect(sent.status).toBe(201);
    expect(ids(await connectionsOf(w.tenant, [userMember('seller-1')]))).toEqual(['just-connecting']);
  });
});

describe('push faults (injected: a real gateway cannot throttle on demand)', () => {
  const management = mockClient(ApiGatewayManagementApiClient);
  afterEach(() => management.reset());

  it('deletes exactly the gone connection, keeps a throttled one, and still delivers to the rest', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const seller = { tenant: w.tenant, userId: 'seller-1', role: 'seller' as const };
    for (const c of ['gone', 'throttled', 'fine']) await registerConnection(c, sessionOf(seller), A_MINUTE_AGO());
    management
      .on(PostToConnectionCommand, { ConnectionId: 'gone' })
      .rejects(new GoneException({ message: 'gone', $metadata: {} }))
      .on(PostToConnectionCommand, { ConnectionId: 'throttled' })
      .rejects(new LimitExceededException({ message: 'slow down', $metadata: {} }))
      .on(PostToConnectionCommand, { ConnectionId: 'fine' })
      .resolves({});

    const message = (await getMessage(w.tenant, id, 1))!;
    const outcome = await pushMessageCreated(message);

    expect(outcome).toEqual({ delivered: 1, gone: 1, failed: 1 });
    expect(ids(await connectionsOf(w.tenant, [userMember('seller-1')]))).toEqual(['fine', 'throttled']);
    const data = management.commandCalls(PostToConnectionCommand, { ConnectionId: 'fine' })[0]!.args[0].input.Data;
    expect(JSON.parse(Buffer.from(data as Uint8Array).toString())).toMatchObject({
      type: 'message.created',
      conversationId: id,
      message: { seq: 1 },
    });
  });

  it('never fails the sender: a WebSocket send whose every push fails is still stored', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const sender = await registerConnection(
      'sender',
      sessionOf({ tenant: w.tenant, userId: 'cust-1', role: 'customer' }),
      A_MINUTE_AGO(),
    );
    await registerConnection(
      'recipient',
      sessionOf({ tenant: w.tenant, userId: 'seller-1', role: 'seller' }),
      A_MINUTE_AGO(),
    );
    management.on(PostToConnectionCommand).rejects(
      Object.assign(new Error('Internal server error'), {
        name: 'InternalServerErrorException',
        $metadata: { httpStatusCode: 500 },
      }),
    );

    const result = await wsSendMessage(
      frameEvent(sender, { action: 'sendMessage', conversationId: id, text: 'stored anyway' }),
    );

    expect(result).toEqual({ statusCode: 200 });
    expect((await getMessage(w.tenant, id, 2))?.text).toBe('stored anyway');
    expect(
      management
        .commandCalls(PostToConnectionCommand)
        .map((c) => c.args[0].input.ConnectionId)
        .sort(),
    ).toEqual(['recipient', 'sender']);
    expect(ids(await connectionsOf(w.tenant, [userMember('cust-1'), userMember('seller-1')]))).toEqual([
      'recipient',
      'sender',
    ]);
  });
});
