import { afterEach, describe, expect, it } from 'vitest';
import { compatRoutes } from '#infra/routes/index';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { openapi, responseSchema, violations } from '#test/support/contract/openapi';
import { call, type HttpReply } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

/** docs/openapi.yaml documents the compatibility routes as they answer: real responses checked against its schemas. */
const conforms = (method: string, path: string, res: HttpReply) => {
  expect(violations(responseSchema(method, path, res.status), res.body), `${method} ${path} ${res.status}`).toEqual([]);
};

afterEach(closeAllWs);

describe('docs/openapi.yaml and the compatibility routes', () => {
  it('documents every compatibility route under the tag compatibility, with its roles', () => {
    for (const route of compatRoutes) {
      const operation = openapi.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.tags).toEqual(['compatibility']);
      // A public route (the 003 placeholder image) says so: no security, no roles.
      if (operation.security?.length === 0) expect(operation['x-roles']).toEqual([]);
      else expect(operation['x-roles'].length).toBeGreaterThan(0);
    }
  });

  it('matches 000 and 002 answers (user, guest, agent, errors)', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    conforms(
      'POST',
      '/api/v1/chat/newChat',
      await call('POST', '/api/v1/chat/newChat', {
        token: w.customer.token,
        body: { user_id: 1, product_id: w.productId, message: 'Hi' },
      }),
    );
    const guest = await call('POST', '/api/v1/chat/newChat', {
      headers: { 'x-tenant': w.tenant },
      body: { message: 'Hello' },
    });
    expect(guest.body.token).toBeDefined();
    conforms('POST', '/api/v1/chat/newChat', guest);
    await call(
      'POST',
      `/v1/conversations/${(await call('GET', '/v1/support/conversations', { token: agent.token })).body.items[0].id}/messages`,
      { token: agent.token, body: { text: 'Reply' } },
    );
    conforms('GET', '/api/v1/chat/list', await call('GET', '/api/v1/chat/list', { token: w.customer.token }));
    conforms('GET', '/api/v1/chat/list', await call('GET', '/api/v1/chat/list', { token: guest.body.token }));
    conforms('GET', '/api/v1/chat/list', await call('GET', '/api/v1/chat/list', { token: agent.token }));

    for (const res of [
      await call('POST', '/api/v1/chat/newChat', { token: w.customer.token, body: { product_id: 'nope' } }),
      await call('POST', '/api/v1/chat/newChat', { token: w.seller.token, body: {} }),
      await call('POST', '/api/v1/chat/newChat', { token: w.customer.token, rawBody: '[1]' }),
      await call('POST', '/api/v1/chat/newChat', { body: { token: 'x.y.z' } }),
    ])
      conforms('POST', '/api/v1/chat/newChat', res);
    conforms('GET', '/api/v1/chat/list', await call('GET', '/api/v1/chat/list', { token: w.seller.token }));
  });

  it('matches 001 and 003 answers', async () => {
    const w = await newWorld();
    const start = await call('POST', '/api/v1/chat/startChat', {
      token: w.customer.token,
      body: { type: 'vendor-to-user', vendor_id: w.seller.id, order_id: 5, order_vendor_id: 2 },
    });
    conforms('POST', '/api/v1/chat/startChat', start);
    conforms(
      'POST',
      '/api/v1/chat/startChat',
      await call('POST', '/api/v1/chat/startChat', { token: w.customer.token, body: { type: 'nope' } }),
    );

    const created = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId, message: 'Hi' },
    });
    conforms('POST', '/api/v2/chat/create-conversation', created);
    const id = created.body.conversation_id;
    conforms(
      'POST',
      '/api/v2/chat/insert-message',
      await call('POST', '/api/v2/chat/insert-message', {
        token: w.seller.token,
        body: { conversation_id: id, message: 'Hello' },
      }),
    );
    conforms(
      'GET',
      '/api/v2/chat/conversations',
      await call('GET', '/api/v2/chat/conversations', { token: w.customer.token }),
    );
    conforms(
      'GET',
      '/api/v2/chat/messages/{id}',
      await call('GET', `/api/v2/chat/messages/${id}`, { token: w.customer.token }),
    );
    conforms(
      'GET',
      '/api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}',
      await call('GET', `/api/v2/chat/get-new-messages/${id}/1`, { token: w.customer.token }),
    );
    conforms(
      'POST',
      '/api/v2/chat/create-conversation',
      await call('POST', '/api/v2/chat/create-conversation', { token: w.customer.token, body: {} }),
    );
    conforms(
      'GET',
      '/api/v2/chat/messages/{id}',
      await call('GET', `/api/v2/chat/messages/${id}`, { token: (await w.user('stranger')).token }),
    );
  });

  it('matches 004 answers', async () => {
    const w = await platformWorld();
    const pk = (method: string, path: string, token: string, body?: unknown) =>
      call(method, `/api/v1/chat${path}`, {
        token,
        headers: { 'x-public-key': PLATFORM.key },
        ...(body !== undefined && { body }),
      });
    const created = await pk('POST', '/conversations', w.customer.token, {
      participant_uuid: w.seller.id,
      taggable_type: 'App\\Models\\Order',
      taggable_id: 7,
    });
    conforms('POST', '/api/v1/chat/conversations', created);
    const uuid = created.body.data.uuid;
    conforms(
      'POST',
      '/api/v1/chat/conversations/{uuid}/messages',
      await pk('POST', `/conversations/${uuid}/messages`, w.seller.token, { text: 'Hi', client_message_id: 'c-1' }),
    );
    conforms('GET', '/api/v1/chat/conversations', await pk('GET', '/conversations', w.customer.token));
    conforms(
      'GET',
      '/api/v1/chat/conversations/{uuid}/messages',
      await pk('GET', `/conversations/${uuid}/messages`, w.customer.token),
    );
    conforms('POST', '/api/v1/chat/conversations', await pk('POST', '/conversations', w.customer.token, {}));
    conforms(
      'POST',
      '/api/v1/chat/conversations',
      await call('POST', '/api/v1/chat/conversations', { token: w.customer.token, body: {} }),
    );
  });
});

describe('docs/openapi.yaml and the WebSocket error event', () => {
  it('documents the errors a 422 error event carries', async () => {
    const w = await newWorld();
    const socket = await connectWs(w.customer.token);
    socket.send({ action: 'sendMessage', conversationId: 'abc', text: '' });
    const event = await socket.next({ type: 'error' });
    expect(event).toMatchObject({ status: 422, errors: { text: [expect.any(String)] } });
    expect(violations(openapi.components.schemas.WsErrorEvent, event)).toEqual([]);
  });
});
