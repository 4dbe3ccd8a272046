import { supportConversationId } from '#shared/chat/opening-plans';
import { BENCH_PLATFORM, must } from '#test/bench/support/bench-world';
import type { Scenario } from './scenario';
import type { TripsWorld } from './world';

const MARKS_READ = 'showing messages reads them';
const NUMBERS_USERS = 'numbers the users it shows for the first time';
const RECORDS_NUMBERS = 'keeps the numbers it shows on the member item the first time';

/**
 * The compatibility dialects (infra/routes/compat.ts), each called as its app calls it: the Laravel-era apps hold
 * conversation numbers, not ids (a number is resolved to the conversation by a read of its alias before anything
 * of the conversation can be read: the scenarios by the core id show the same calls without it). Users each dialect
 * shows get their user numbers the first time, and a member item keeps the numbers shown of it from the first time
 * its conversation is listed; the scenarios label the calls that do so.
 */
export const compatScenarios = async (w: TripsWorld): Promise<Scenario[]> => {
  const { call, customer, agent, seller } = w;
  const enquirer = await w.actor('cust-enquiry', 'customer');
  const roomer = await w.actor('cust-rooms', 'customer');
  const laravel = await w.actor('cust-v2', 'customer');
  const platform = await w.actor('cust-platform', 'customer');
  const publicKey = { 'x-public-key': BENCH_PLATFORM.key };
  let number = 0;
  let lastSeen = 0;
  let uuid = '';
  let platformConversationId = '';
  const post = (token: string, path: string, body: Record<string, unknown>, status = 200) =>
    call('POST', path, { token, body }).then((reply) => must(reply, status));
  const get = (token: string, path: string, headers: Record<string, string> = {}) =>
    call('GET', path, { token, headers }).then((reply) => must(reply, 200));
  /** A write of the participants dialect (004), with its public key: 201. */
  const post004 = (token: string, path: string, body: object) =>
    call('POST', path, { token, headers: publicKey, body }).then((reply) => must(reply, 201));
  return [
    // 000 product-enquiry
    {
      route: 'CompatProductEnquiryNewChat',
      label: 'new support chat, product line and message',
      run: () =>
        post(enquirer.token, '/api/v1/chat/newChat', { product_id: w.productId, message: 'Is it dishwasher safe?' }),
    },
    {
      route: 'CompatProductEnquiryNewChat',
      label: 'existing chat, message',
      run: () => post(enquirer.token, '/api/v1/chat/newChat', { message: 'Hello?', client_message_id: 'pe-1' }),
    },
    // 001 order-rooms
    {
      route: 'CompatOrderRoomsStartChat',
      label: 'agent-to-user, new',
      run: () =>
        post(roomer.token, '/api/v1/chat/startChat', {
          type: 'agent-to-user',
          order_id: 'o-1',
          order_vendor_id: 'v-1',
        }),
    },
    {
      route: 'CompatOrderRoomsStartChat',
      label: 'agent-to-user, existing',
      run: () =>
        post(roomer.token, '/api/v1/chat/startChat', {
          type: 'agent-to-user',
          order_id: 'o-1',
          order_vendor_id: 'v-1',
        }),
    },
    {
      route: 'CompatOrderRoomsStartChat',
      label: 'vendor-to-user, new',
      run: () =>
        post(roomer.token, '/api/v1/chat/startChat', {
          type: 'vendor-to-user',
          order_id: 'o-2',
          order_vendor_id: 'v-1',
          vendor_id: seller.id,
        }),
    },
    // 002 support-listing
    {
      route: 'CompatSupportListingList',
      label: 'customer: own chat, an agent’s answer unread',
      writes: MARKS_READ,
      prepare: () =>
        post(
          agent.token,
          `/v1/conversations/${supportConversationId({ tenant: w.tenant, userId: enquirer.id })}/messages`,
          { text: 'Yes, it is.' },
          201,
        ),
      run: () => get(enquirer.token, '/api/v1/chat/list'),
    },
    {
      route: 'CompatSupportListingList',
      label: 'customer: own chat, already read',
      run: () => get(enquirer.token, '/api/v1/chat/list'),
    },
    {
      route: 'CompatSupportListingList',
      label: 'agent: the queue',
      run: () => get(agent.token, '/api/v1/chat/list'),
    },
    // 003 conversations-v2
    {
      route: 'CompatConversationsV2CreateConversation',
      label: 'new, with message',
      run: async () => {
        const reply = await post(laravel.token, '/api/v2/chat/create-conversation', {
          product_id: w.productId,
          message: 'Is it blue?',
        });
        number = reply.body.conversation_id;
      },
    },
    {
      route: 'CompatConversationsV2CreateConversation',
      label: 'existing',
      run: () => post(customer.token, '/api/v2/chat/create-conversation', { product_id: w.productId }),
    },
    {
      route: 'CompatConversationsV2InsertMessage',
      label: 'by number, with client_message_id',
      run: async () => {
        const reply = await post(laravel.token, '/api/v2/chat/insert-message', {
          conversation_id: String(number),
          message: 'Or green?',
          client_message_id: 'v2-1',
        });
        lastSeen = reply.body.data[0].id;
      },
    },
    {
      route: 'CompatConversationsV2ListConversations',
      label: 'first page, showing the seller for the first time',
      writes: NUMBERS_USERS,
      run: () => get(laravel.token, '/api/v2/chat/conversations'),
    },
    {
      route: 'CompatConversationsV2ListConversations',
      label: 'first page again',
      run: () => get(laravel.token, '/api/v2/chat/conversations'),
    },
    {
      route: 'CompatConversationsV2ListUserConversations',
      label: 'own id',
      run: () => get(laravel.token, `/api/v2/chat/conversations/${laravel.id}`),
    },
    {
      route: 'CompatConversationsV2ListMessages',
      label: 'first page, new messages',
      writes: MARKS_READ,
      prepare: () =>
        post(seller.token, '/api/v2/chat/insert-message', { conversation_id: String(number), message: 'Blue.' }),
      run: () => get(laravel.token, `/api/v2/chat/messages/${number}`),
    },
    {
      route: 'CompatConversationsV2ListMessages',
      label: 'first page, already read',
      run: () => get(laravel.token, `/api/v2/chat/messages/${number}`),
    },
    {
      route: 'CompatConversationsV2GetNewMessages',
      label: 'poll, nothing new',
      run: () => get(laravel.token, `/api/v2/chat/get-new-messages/${number}/${lastSeen + 1}`),
    },
    {
      route: 'CompatConversationsV2Placeholder',
      label: 'the image',
      run: async () => must(await call('GET', '/api/v2/chat/placeholder.png', { parse: false }), 200),
    },
    // 004 participants (X-PUBLIC-KEY)
    {
      route: 'CompatParticipantsCreateConversation',
      label: 'with the seller, new',
      run: async () => {
        const reply = await post004(platform.token, '/api/v1/chat/conversations', { participant_uuid: seller.id });
        uuid = reply.body.data.uuid;
      },
    },
    {
      route: 'CompatParticipantsCreateConversation',
      label: 'with the seller, existing',
      run: () => post004(platform.token, '/api/v1/chat/conversations', { participant_uuid: seller.id }),
    },
    {
      route: 'CompatParticipantsSendMessage',
      label: 'with client_message_id',
      run: () =>
        post004(platform.token, `/api/v1/chat/conversations/${uuid}/messages`, {
          text: 'Hi there',
          client_message_id: 'p-1',
        }),
    },
    {
      route: 'CompatParticipantsSendMessage',
      label: 'by the core id, with client_message_id',
      prepare: async () => {
        const listed = must(await call('GET', '/v1/conversations', { token: platform.token }), 200);
        platformConversationId = listed.body.items[0].id;
      },
      run: () =>
        post004(platform.token, `/api/v1/chat/conversations/${platformConversationId}/messages`, {
          text: 'Still there?',
          client_message_id: 'p-2',
        }),
    },
    {
      route: 'CompatParticipantsListConversations',
      label: 'first page, showing the conversation for the first time',
      writes: RECORDS_NUMBERS,
      run: () => get(platform.token, '/api/v1/chat/conversations', publicKey),
    },
    {
      route: 'CompatParticipantsListConversations',
      label: 'first page again',
      run: () => get(platform.token, '/api/v1/chat/conversations', publicKey),
    },
    {
      route: 'CompatParticipantsListMessages',
      label: 'first page, new messages',
      writes: MARKS_READ,
      prepare: () => post004(seller.token, `/api/v1/chat/conversations/${uuid}/messages`, { text: 'Hello!' }),
      run: () => get(platform.token, `/api/v1/chat/conversations/${uuid}/messages`, publicKey),
    },
    {
      route: 'CompatParticipantsListMessages',
      label: 'first page, already read',
      run: () => get(platform.token, `/api/v1/chat/conversations/${uuid}/messages`, publicKey),
    },
    {
      route: 'CompatParticipantsListMessages',
      label: 'first page, already read, by the core id',
      run: () => get(platform.token, `/api/v1/chat/conversations/${platformConversationId}/messages`, publicKey),
    },
  ];
};
