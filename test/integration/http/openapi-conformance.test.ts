import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpRoutes } from '#infra/routes/index';
import { tokenFor } from '#test/support/auth/tokens';
import { documentedResponse, openapi, serverEventSchema, violations } from '#test/support/contract/openapi';
import { call, type HttpReply, ownSourceAddress } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs, type WsEvent } from '#test/support/ws/client';

/**
 * docs/openapi.yaml documents the core contract as it answers: real responses of the local stack (status, media
 * type, required headers, body) checked against the schema of the operation's documented response, and real
 * WebSocket events against their `x-websocket` schemas.
 */

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** The statuses each operation was seen answering, to prove every documented 2xx of the core was exercised. */
const seen = new Map<string, Set<number>>();

const conforms = (method: string, path: string, res: HttpReply, status?: number) => {
  const where = `${method} ${path} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  if (status !== undefined) expect(res.status, where).toBe(status);
  const documented = documentedResponse(method, path, res.status);
  expect(res.headers.get('content-type'), where).toBe(documented.mediaType);
  for (const [name, header] of Object.entries(documented.headers)) {
    if (header.required) expect(res.headers.get(name), `${where}: header ${name}`).toEqual(expect.any(String));
  }
  expect(violations(documented.schema, res.body), where).toEqual([]);
  seen.set(`${method} ${path}`, (seen.get(`${method} ${path}`) ?? new Set()).add(res.status));
  return res.body;
};

/** A real request whose answer must be `status` and conform to the operation `template` documents for it. */
const expectCall = async (
  status: number,
  method: string,
  template: string,
  options: Parameters<typeof call>[2] & { params?: Record<string, string>; query?: string } = {},
) => {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? 'x'));
  const res = await call(method, `${path}${options.query ? `?${options.query}` : ''}`, options);
  return conforms(method, template, res, status);
};

const conformsEvent = (event: WsEvent) => {
  expect(violations(serverEventSchema(event.type), event), JSON.stringify(event)).toEqual([]);
  expect(violations(openapi.components.schemas.WsServerEvent, event), JSON.stringify(event)).toEqual([]);
  return event;
};

afterEach(async () => {
  vi.unstubAllEnvs();
  await closeAllWs();
});

/** The core routes: the contract's own (the compatibility dialects have their own conformance test). */
const coreRoutes = httpRoutes.filter((r) => r.path.startsWith('/v1/'));
const operationOf = (route: { method: string; path: string }) => openapi.paths[route.path][route.method.toLowerCase()];

describe('the route list and docs/openapi.yaml name the same operations', () => {
  const documented = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const routed = httpRoutes.map((r) => `${r.method} ${r.path}`);

  it('documents every route of the route list', () => {
    expect(routed.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('routes every documented operation (besides the health probe, which is no API route)', () => {
    expect(documented.filter((d) => !routed.includes(d))).toEqual(['GET /health']);
  });

  it('declares every path template parameter, and lists roles on every operation', () => {
    for (const [path, item] of Object.entries(openapi.paths as Record<string, any>)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const parameters = [...(item.parameters ?? []), ...(item[method].parameters ?? [])]
          .map((p: any) => (p.$ref ? openapi.components.parameters[p.$ref.split('/').pop()] : p))
          .filter((p: any) => p.in === 'path')
          .map((p: any) => p.name);
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(parameters.sort(), `${method} ${path}`).toEqual(templated.sort());
        expect(item[method]['x-roles'], `${method} ${path}`).toEqual(expect.any(Array));
      }
    }
  });
});

describe('every core operation documents the errors its route can answer', () => {
  it('401, 429, 500 and 503 with a token; 403 unless any role may call it; 400, 413 and 422 with a body; 404 with an id', () => {
    const missing = coreRoutes.flatMap((route) => {
      const operation = operationOf(route);
      const roles: string[] = operation['x-roles'];
      const expected = [
        429,
        500,
        ...(roles.length > 0 ? [401, 503] : []),
        ...(roles.length > 0 && roles.length < 5 ? [403] : []),
        ...(operation.requestBody ? [400, 413, 422] : []),
        ...(route.path.includes('{id}') ? [404] : []),
      ];
      return expected
        .filter((status) => !operation.responses[String(status)])
        .map((status) => `${route.method} ${route.path} ${status}`);
    });
    expect(missing).toEqual([]);
  });

  it('503 with Retry-After on every authenticated route while the identity provider cannot be reached (handlers invoked in-process)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    vi.stubEnv('JWT_ISSUER', 'https://idp.example.test');
    vi.stubEnv('JWT_JWKS_URL', `http://127.0.0.1:${port}/jwks`);
    const token = await new SignJWT({ role: 'customer', tenant: 'shop' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://idp.example.test')
      .setAudience(process.env.JWT_AUDIENCE ?? 'product-enquiry-chat')
      .setSubject('c-1')
      .setExpirationTime('5m')
      .sign((await generateKeyPair('RS256')).privateKey);
    for (const route of coreRoutes.filter((r) => operationOf(r)['x-roles'].length > 0)) {
      const res = await invokeRoute(route.name, {
        token,
        pathParameters: { id: 'c-1', sellerId: 's-1', productId: 'p-1' },
        body: {},
      });
      conforms(route.method, route.path, { ...res, headers: new Headers(res.headers) }, 503);
    }
  });
});

describe('the examples of docs/openapi.yaml conform to their own schemas', () => {
  const ref = (node: any, kind: string) => (node.$ref ? openapi.components[kind][node.$ref.split('/').pop()] : node);
  const examplesOf = (media: any): unknown[] => [
    ...(media.example === undefined ? [] : [media.example]),
    ...Object.values(media.examples ?? {}).map((e) => ref(e, 'examples').value),
  ];

  it('request and response examples of every operation', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(openapi.paths as Record<string, any>)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const operation = item[method];
        const bodies = [
          ...Object.values(operation.requestBody?.content ?? {}).map((media) => ['request', media] as const),
          ...Object.entries(operation.responses).flatMap(([status, response]) =>
            Object.values(ref(response, 'responses').content ?? {}).map((media) => [status, media] as const),
          ),
        ];
        for (const [what, media] of bodies) {
          for (const example of examplesOf(media))
            problems.push(...violations((media as any).schema, example).map((v) => `${method} ${path} ${what}: ${v}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('examples of every WebSocket action and event', () => {
    const problems = (['clientActions', 'serverEvents'] as const).flatMap((kind) =>
      Object.entries(openapi['x-websocket'][kind] as Record<string, any>).flatMap(([name, { schema, example }]) =>
        violations(schema, example).map((v) => `${kind}.${name}: ${v}`),
      ),
    );
    expect(problems).toEqual([]);
  });
});

describe('WebSocket server events conform to their x-websocket schemas', () => {
  it('message.created, message.ack, conversation.read, typing, pong and error', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const customer = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);
    const received = new Set<string>();
    const take = async (client: typeof customer, match: Partial<WsEvent>) => {
      const event = conformsEvent(await client.next(match));
      received.add(event.type);
      return event;
    };

    await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'Over HTTP', clientMessageId: 'h-1' },
    });
    await take(customer, { type: 'message.created' });
    customer.send({ action: 'sendMessage', conversationId: id, text: 'Over WebSocket', clientMessageId: 'w-1' });
    await take(customer, { type: 'message.ack' });
    customer.send({ action: 'sendMessage', conversationId: id, text: 'No id' });
    expect((await take(customer, { type: 'message.ack' })).clientMessageId).toBeUndefined();
    await take(seller, { type: 'message.created' });
    customer.send({ action: 'markRead', conversationId: id });
    await take(seller, { type: 'conversation.read' });
    seller.send({ action: 'typing', conversationId: id });
    await take(customer, { type: 'typing' });
    seller.send({ action: 'ping' });
    await take(seller, { type: 'pong' });

    const badFrames: Array<[string, number]> = [
      ['not json', 400],
      [JSON.stringify({ action: 'dance' }), 400],
      [JSON.stringify({ action: 'sendMessage', conversationId: id, text: '' }), 422],
      [JSON.stringify({ action: 'markRead', conversationId: id, seq: -1 }), 422],
      [JSON.stringify({ action: 'typing', conversationId: 'no-such-conversation' }), 404],
      [JSON.stringify({ action: 'sendMessage', conversationId: id, text: 'x'.repeat(70_000) }), 413],
    ];
    for (const [frame, status] of badFrames) {
      customer.sendRaw(frame);
      const error = await take(customer, { type: 'error' }).catch((e: Error) => {
        throw new Error(`${frame.slice(0, 80)}: ${e.message}`);
      });
      expect(error.status, frame.slice(0, 80)).toBe(status);
    }

    expect([...received].sort()).toEqual(Object.keys(openapi['x-websocket'].serverEvents).sort());
  });
});

describe('core HTTP responses conform to docs/openapi.yaml', () => {
  it('catalog', async () => {
    const w = await newWorld();
    const sellers = '/v1/catalog/sellers/{sellerId}';
    const products = '/v1/catalog/products/{productId}';
    const seller = { params: { sellerId: 'seller-9' }, token: w.service };
    await expectCall(200, 'PUT', sellers, { ...seller, body: { shopName: 'Nine', email: 'nine@example.test' } });
    await expectCall(200, 'PUT', sellers, {
      ...seller,
      body: { shopName: 'Nine', email: 'nine@example.test', logoUrl: 'https://cdn.example.test/9.png' },
    });
    await expectCall(200, 'PUT', products, {
      params: { productId: 'p-9' },
      token: w.service,
      body: {
        name: 'Lamp',
        sellerId: 'seller-9',
        imageUrl: 'https://cdn.example.test/l.jpg',
        url: 'http://shop.example.test/l',
        price: '9.99 EUR',
      },
    });
    await expectCall(200, 'PUT', products, {
      params: { productId: 'p-10' },
      token: w.service,
      body: { name: 'Bulb', sellerId: 'seller-9' },
    });
    // A conversation copies the optional directory facts (image, URL, logo) and never the e-mail or price.
    const about = await expectCall(201, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: 'p-9' },
    });
    expect(about).toMatchObject({
      product: { imageUrl: expect.any(String), url: expect.any(String) },
      seller: { logoUrl: expect.any(String) },
    });
    await expectCall(422, 'PUT', products, {
      params: { productId: 'p-11' },
      token: w.service,
      body: { name: 'Bulb', sellerId: 'nobody' },
    });
    await expectCall(422, 'PUT', sellers, {
      ...seller,
      body: { shopName: '', email: 'not an address', logoUrl: 'ftp://x' },
    });
    await expectCall(400, 'PUT', sellers, { ...seller, rawBody: '[]' });
    await expectCall(413, 'PUT', products, {
      params: { productId: 'p-12' },
      token: w.service,
      body: { name: 'x'.repeat(70_000), sellerId: 'seller-9' },
    });
    await expectCall(403, 'PUT', sellers, {
      ...seller,
      token: w.customer.token,
      body: { shopName: 'Nine', email: 'nine@example.test' },
    });
    await expectCall(401, 'PUT', products, {
      params: { productId: 'p-9' },
      body: { name: 'Lamp', sellerId: 'seller-9' },
    });
  });

  it('conversations: open (201, 200), list, get, archive, read, unread', async () => {
    const w = await newWorld();
    const stranger = await w.user('stranger');
    const created = await expectCall(201, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, clientMessageId: 'open-1' },
    });
    const id = created.id as string;
    await expectCall(200, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, message: 'Still in stock?', subject: 'Kettle' },
    });
    await expectCall(201, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-1' }, message: 'Where is my order?' },
    });
    await expectCall(422, 'POST', '/v1/conversations', { token: w.customer.token, body: { productId: 'nope' } });
    await expectCall(422, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.customer.id },
    });
    await expectCall(422, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, participantId: w.seller.id },
    });
    await expectCall(400, 'POST', '/v1/conversations', { token: w.customer.token, rawBody: '{' });
    await expectCall(413, 'POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, message: 'x'.repeat(70_000) },
    });
    await expectCall(403, 'POST', '/v1/conversations', { token: w.seller.token, body: { productId: w.productId } });
    await expectCall(401, 'POST', '/v1/conversations', { token: 'not.a.jwt', body: { productId: w.productId } });

    // Stream effects (lastMessage, unread counts) arrive eventually; both states must conform.
    await expectCall(200, 'GET', '/v1/conversations', { token: w.seller.token });
    await eventually(async () => {
      const page = await expectCall(200, 'GET', '/v1/conversations', { token: w.seller.token, query: 'limit=1' });
      expect(page.items[0].lastMessage).not.toBeNull();
      expect(page.nextCursor).toEqual(expect.any(String));
    });
    await expectCall(200, 'GET', '/v1/conversations', { token: w.customer.token, query: 'archived=true' });
    await expectCall(422, 'GET', '/v1/conversations', { token: w.customer.token, query: 'limit=0&archived=maybe' });
    await expectCall(403, 'GET', '/v1/conversations', { token: w.service });

    const one = '/v1/conversations/{id}';
    await expectCall(200, 'GET', one, { token: w.seller.token, params: { id } });
    await expectCall(404, 'GET', one, { token: stranger.token, params: { id } });
    await expectCall(403, 'GET', one, { token: w.service, params: { id } });
    await expectCall(401, 'GET', one, { params: { id } });
    await expectCall(200, 'PATCH', one, { token: w.customer.token, params: { id }, body: { archived: true } });
    await expectCall(200, 'PATCH', one, { token: w.customer.token, params: { id }, body: { archived: false } });
    await expectCall(422, 'PATCH', one, { token: w.customer.token, params: { id }, body: { archived: 'yes' } });
    await expectCall(404, 'PATCH', one, { token: stranger.token, params: { id }, body: { archived: true } });
    await expectCall(400, 'PATCH', one, { token: w.customer.token, params: { id }, rawBody: 'true' });

    const read = '/v1/conversations/{id}/read';
    await expectCall(200, 'POST', read, { token: w.seller.token, params: { id }, body: { seq: 1 } });
    await expectCall(200, 'POST', read, { token: w.seller.token, params: { id } });
    await expectCall(200, 'POST', read, { token: w.customer.token, params: { id }, body: {} });
    await expectCall(200, 'POST', read, { token: w.customer.token, params: { id }, body: { seq: 0 } });
    await expectCall(422, 'POST', read, { token: w.seller.token, params: { id }, body: { seq: 99 } });
    await expectCall(404, 'POST', read, { token: stranger.token, params: { id }, body: {} });

    await eventually(async () =>
      expect((await expectCall(200, 'GET', '/v1/unread', { token: w.seller.token })).total).toBe(1),
    );
    await expectCall(200, 'GET', '/v1/unread', { token: stranger.token });
    await expectCall(403, 'GET', '/v1/unread', { token: w.service });
    await expectCall(401, 'GET', '/v1/unread', {
      token: await tokenFor({ sub: 'cust-1', role: 'customer', tenant: w.tenant }, -10),
    });
  });

  it('messages: send (201, 200 retry), history (before) and polling (after)', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const messages = '/v1/conversations/{id}/messages';
    const sent = await expectCall(201, 'POST', messages, {
      token: w.seller.token,
      params: { id },
      body: { text: ' In stock. ', clientMessageId: 'm-1' },
    });
    const retry = await expectCall(200, 'POST', messages, {
      token: w.seller.token,
      params: { id },
      body: { text: ' In stock. ', clientMessageId: 'm-1' },
    });
    expect(retry).toEqual(sent);
    await expectCall(201, 'POST', messages, { token: w.customer.token, params: { id }, body: { text: 'Thanks' } });
    await expectCall(409, 'POST', messages, {
      token: w.seller.token,
      params: { id },
      body: { text: 'Another text', clientMessageId: 'm-1' },
    });
    await expectCall(422, 'POST', messages, {
      token: w.seller.token,
      params: { id },
      body: { text: '   ', clientMessageId: 'not valid!' },
    });
    await expectCall(404, 'POST', messages, {
      token: (await w.user('stranger')).token,
      params: { id },
      body: { text: 'hi' },
    });
    await expectCall(404, 'POST', messages, {
      token: w.customer.token,
      params: { id: 'no-such-conversation' },
      body: { text: 'hi' },
    });
    await expectCall(413, 'POST', messages, {
      token: w.customer.token,
      params: { id },
      rawBody: JSON.stringify({ text: 'é'.repeat(33 * 1024) }),
    });
    await expectCall(400, 'POST', messages, { token: w.customer.token, params: { id }, rawBody: 'hi' });
    await expectCall(403, 'POST', messages, { token: w.service, params: { id }, body: { text: 'hi' } });

    const newest = await expectCall(200, 'GET', messages, {
      token: w.customer.token,
      params: { id },
      query: 'limit=2',
    });
    expect(newest.items.map((m: { seq: number }) => m.seq)).toEqual([3, 2]);
    expect(newest.nextCursor).toEqual(expect.any(String));
    const older = await expectCall(200, 'GET', messages, {
      token: w.customer.token,
      params: { id },
      query: `cursor=${newest.nextCursor}`,
    });
    expect(older).toMatchObject({ items: [{ seq: 1 }], nextCursor: null });
    const polled = await expectCall(200, 'GET', messages, {
      token: w.customer.token,
      params: { id },
      query: 'after=1&limit=1',
    });
    expect(polled).toMatchObject({ items: [{ seq: 2 }], nextCursor: expect.any(String) });
    await expectCall(200, 'GET', messages, { token: w.customer.token, params: { id }, query: 'after=3' });
    await expectCall(422, 'GET', messages, { token: w.customer.token, params: { id }, query: 'before=2&after=1' });
    await expectCall(422, 'GET', messages, { token: w.customer.token, params: { id }, query: 'cursor=2&limit=101' });
    await expectCall(404, 'GET', messages, { token: (await w.user('stranger')).token, params: { id } });
  });

  it('guest sessions, support conversations, availability and agent status', async () => {
    const w = await newWorld();
    const tenant = { 'x-tenant': w.tenant };
    const guest = await expectCall(201, 'POST', '/v1/guest-sessions', {
      headers: tenant,
      body: { name: 'Alex', email: 'alex@example.test' },
    });
    await expectCall(201, 'POST', '/v1/guest-sessions', { headers: tenant });
    await expectCall(422, 'POST', '/v1/guest-sessions', { headers: tenant, body: { name: '', email: 'nope' } });
    await expectCall(400, 'POST', '/v1/guest-sessions', { headers: tenant, rawBody: '42' });
    await expectCall(413, 'POST', '/v1/guest-sessions', { headers: tenant, body: { name: 'x'.repeat(70_000) } });

    const support = '/v1/support/conversations';
    const agent = await w.user('agent-1', 'agent');
    await expectCall(201, 'POST', support, {
      token: guest.token,
      body: { message: 'Where is my parcel?', productId: w.productId, clientMessageId: 's-1' },
    });
    await expectCall(200, 'POST', support, { token: guest.token, body: { message: 'Hello?' } });
    await expectCall(201, 'POST', support, { token: w.customer.token });
    await expectCall(422, 'POST', support, { token: w.customer.token, body: { productId: 'nope' } });
    await expectCall(403, 'POST', support, { token: agent.token, body: {} });
    await eventually(async () => {
      // The guest's conversation has messages, the customer's (opened without one) none: both shapes conform.
      const queue = await expectCall(200, 'GET', support, { token: agent.token });
      expect(queue.items.map((c: { lastMessage: unknown }) => c.lastMessage === null).sort()).toEqual([false, true]);
    });
    const [first] = (await expectCall(200, 'GET', support, { token: agent.token, query: 'limit=1' })).items;
    // An agent archives for the whole support team: the queue's archived view lists it.
    await expectCall(200, 'PATCH', '/v1/conversations/{id}', {
      token: agent.token,
      params: { id: first.id },
      body: { archived: true },
    });
    expect(
      (
        await expectCall(200, 'GET', support, {
          token: (await w.user('agent-2', 'agent')).token,
          query: 'archived=true',
        })
      ).items.map((c: { id: string }) => c.id),
    ).toEqual([first.id]);
    await expectCall(422, 'GET', support, { token: agent.token, query: 'limit=abc' });
    await expectCall(403, 'GET', support, { token: w.customer.token });

    const availability = '/v1/support/availability';
    for (const token of [w.customer.token, w.seller.token, agent.token, guest.token, w.service])
      await expectCall(200, 'GET', availability, { token });
    await expectCall(401, 'GET', availability, { headers: { authorization: 'Basic abc' } });

    const status = '/v1/agents/me/status';
    await expectCall(200, 'PUT', status, { token: agent.token, body: { status: 'away' } });
    await expectCall(200, 'PUT', status, { token: agent.token, body: { status: 'online' } });
    await expectCall(422, 'PUT', status, { token: agent.token, body: { status: 'busy' } });
    await expectCall(400, 'PUT', status, { token: agent.token, rawBody: 'null' });
    await expectCall(403, 'PUT', status, { token: w.customer.token, body: { status: 'online' } });
  });

  it('429 of the per-IP guest budget', async () => {
    const w = await newWorld();
    const from = ownSourceAddress();
    const budget = Number(process.env.GUEST_SESSIONS_PER_MINUTE ?? 30);
    let limited: HttpReply | undefined;
    // A minute boundary may refill the budget mid-loop: then the next window is spent too.
    for (let i = 0; i < 2 * budget + 1 && !limited; i++) {
      const res = await call('POST', '/v1/guest-sessions', { headers: { 'x-tenant': w.tenant }, from });
      if (res.status === 429) limited = res;
      else conforms('POST', '/v1/guest-sessions', res, 201);
    }
    expect(limited).toBeDefined();
    conforms('POST', '/v1/guest-sessions', limited!, 429);
  });
});

describe('coverage of this file', () => {
  // Runs last (tests of a file run in order): every documented success status of every core operation was met above.
  it('answered every documented 2xx of every core operation for real', () => {
    const missing = coreRoutes.flatMap((r) =>
      Object.keys(openapi.paths[r.path][r.method.toLowerCase()].responses)
        .filter((s) => s.startsWith('2') && !seen.get(`${r.method} ${r.path}`)?.has(Number(s)))
        .map((s) => `${r.method} ${r.path} ${s}`),
    );
    expect(missing).toEqual([]);
  });
});
