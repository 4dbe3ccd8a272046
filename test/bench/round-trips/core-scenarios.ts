import { must } from '#test/bench/support/bench-world';
import { fileOf, postForm, type UploadIntent } from '#test/support/attachments/files';
import type { Scenario } from './scenario';
import type { TripsWorld } from './world';

/** The core contract's routes (infra/routes/core.ts) and support's (infra/routes/support.ts). */
export const coreScenarios = async (w: TripsWorld): Promise<Scenario[]> => {
  const { call, customer, seller, agent, path } = w;
  const third = await w.actor('cust-3', 'customer');
  const fourth = await w.actor('cust-4', 'customer');
  let counter = 0;
  let tip = 2;
  const image = { fileName: 'kettle.jpg', contentType: 'image/jpeg', size: 2048 } as const;
  let upload: UploadIntent;
  const sendAs = async (token: string, body: Record<string, unknown>, status: number) => {
    const reply = must(await call('POST', `${path}/messages`, { token, body }), status);
    tip = Math.max(tip, reply.body?.message?.seq ?? 0);
    return reply;
  };
  const open = (token: string, body: Record<string, unknown>, status: number) => async () =>
    must(await call('POST', '/v1/conversations', { token, body }), status);
  return [
    {
      route: 'PutSeller',
      label: 'upsert',
      run: async () =>
        must(
          await call('PUT', '/v1/catalog/sellers/seller-2', {
            token: w.service,
            body: { shopName: 'Two', email: 'two@example.test' },
          }),
          200,
        ),
    },
    {
      route: 'PutProduct',
      label: 'upsert',
      run: async () =>
        must(
          await call('PUT', '/v1/catalog/products/p-2', {
            token: w.service,
            body: { name: 'Mug', sellerId: seller.id },
          }),
          200,
        ),
    },
    {
      route: 'CreateConversation',
      label: 'product, new, with message',
      run: open(third.token, { productId: w.productId, message: 'Hi' }, 201),
    },
    {
      route: 'CreateConversation',
      label: 'product, new, first message filled in',
      run: open(fourth.token, { productId: w.productId }, 201),
    },
    {
      route: 'CreateConversation',
      label: 'product, existing',
      run: open(customer.token, { productId: w.productId }, 200),
    },
    {
      route: 'CreateConversation',
      label: 'product, existing, with message',
      run: open(customer.token, { productId: w.productId, message: 'Still there?', clientMessageId: 'open-1' }, 200),
    },
    {
      route: 'CreateConversation',
      label: 'direct, new, with message',
      run: open(customer.token, { participantId: 'cust-2', message: 'Hello' }, 201),
    },
    {
      route: 'CreateConversation',
      label: 'direct, existing',
      run: open(customer.token, { participantId: 'cust-2' }, 200),
    },
    {
      route: 'ListConversations',
      label: 'first page',
      run: async () => must(await call('GET', '/v1/conversations', { token: customer.token }), 200),
    },
    {
      route: 'GetConversation',
      label: 'participant',
      run: async () => must(await call('GET', path, { token: customer.token }), 200),
    },
    {
      route: 'UpdateConversation',
      label: 'archive',
      run: async () => must(await call('PATCH', path, { token: seller.token, body: { archived: true } }), 200),
    },
    {
      route: 'MarkRead',
      label: 'up to the newest',
      run: async () => must(await call('POST', `${path}/read`, { token: customer.token, body: {} }), 200),
    },
    {
      route: 'SendMessage',
      label: 'no clientMessageId',
      run: () => sendAs(customer.token, { text: 'Thanks' }, 201),
    },
    {
      route: 'SendMessage',
      label: 'with clientMessageId',
      run: () => sendAs(customer.token, { text: 'Ok', clientMessageId: `c${++counter}` }, 201),
    },
    {
      route: 'SendMessage',
      label: 'clientMessageId retried',
      run: () => sendAs(customer.token, { text: 'Ok', clientMessageId: `c${counter}` }, 200),
    },
    {
      route: 'CreateAttachment',
      label: 'declare an image',
      run: async () => {
        const reply = must(await call('POST', `${path}/attachments`, { token: customer.token, body: image }), 201);
        upload = reply.body;
      },
    },
    {
      route: 'SendMessage',
      label: 'with an attachment',
      // What the browser does with the form: straight to S3, no function and no table call.
      prepare: () => postForm(upload.upload, fileOf(image.contentType, image.size), image.fileName),
      run: () =>
        sendAs(
          customer.token,
          { text: 'This one', attachments: [upload.attachment.id], clientMessageId: `c${++counter}` },
          201,
        ),
    },
    {
      route: 'ListMessages',
      label: 'newest page',
      run: async () => must(await call('GET', `${path}/messages`, { token: customer.token }), 200),
    },
    {
      route: 'ListMessages',
      label: 'poll, nothing new',
      run: async () => must(await call('GET', `${path}/messages?after=${tip}`, { token: customer.token }), 200),
    },
    {
      route: 'GetUnread',
      label: 'seller',
      run: async () => must(await call('GET', '/v1/unread', { token: seller.token }), 200),
    },
    {
      route: 'GetUnread',
      label: 'agent: own + support team',
      run: async () => must(await call('GET', '/v1/unread', { token: agent.token }), 200),
    },
    {
      route: 'CreateGuestSession',
      label: 'new guest',
      run: async () =>
        must(
          await call('POST', '/v1/guest-sessions', { headers: { 'x-tenant': w.tenant }, body: { name: 'Gina' } }),
          201,
        ),
    },
    {
      route: 'OpenSupportConversation',
      label: 'new, with first message',
      run: async () =>
        must(
          await call('POST', '/v1/support/conversations', {
            token: third.token,
            body: { message: 'Where is my parcel?' },
          }),
          201,
        ),
    },
    {
      route: 'OpenSupportConversation',
      label: 'existing, with message',
      run: async () =>
        must(await call('POST', '/v1/support/conversations', { token: third.token, body: { message: 'Hello?' } }), 200),
    },
    {
      route: 'OpenSupportConversation',
      label: 'existing, no message',
      run: async () => must(await call('POST', '/v1/support/conversations', { token: third.token, body: {} }), 200),
    },
    {
      route: 'ListSupportConversations',
      label: 'first page',
      run: async () => must(await call('GET', '/v1/support/conversations', { token: agent.token }), 200),
    },
    {
      route: 'GetSupportAvailability',
      label: 'customer',
      run: async () => must(await call('GET', '/v1/support/availability', { token: customer.token }), 200),
    },
    {
      route: 'PutAgentStatus',
      label: 'away',
      run: async () =>
        must(await call('PUT', '/v1/agents/me/status', { token: agent.token, body: { status: 'away' } }), 200),
    },
  ];
};
