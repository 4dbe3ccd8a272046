import type { HttpRouteDef } from './types';

/**
 * The compatibility dialects by seed number. A dialect has this one name everywhere: its handler folder
 * `functions/http/compat/<dialect>/`, its mapping folder `shared/compat/<dialect>/`, its route ids
 * (`Compat<Dialect><Handler>`), its integration tests `test/integration/compat/<dialect>.test.ts` and the README
 * table (test/infra/compat.test.ts checks them all).
 */
export const COMPAT_DIALECTS = {
  'product-enquiry': '000',
  'order-rooms': '001',
  'support-listing': '002',
  'conversations-v2': '003',
  participants: '004',
} as const;
export type CompatDialect = keyof typeof COMPAT_DIALECTS;

const pascal = (kebab: string) => kebab.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A dialect's route: handler `functions/http/compat/<dialect>/<handler>.ts`, id `Compat<Dialect><Handler>`. */
const compat = (
  dialect: CompatDialect,
  handler: string,
  route: Omit<HttpRouteDef, 'name' | 'entry'>,
): HttpRouteDef => ({
  name: `Compat${pascal(dialect)}${pascal(handler)}`,
  ...route,
  entry: `functions/http/compat/${dialect}/${handler}.ts`,
});

/**
 * Drop-in routes of the storefront chat dialects (seeds in the compatibility issue): each answers a third-party
 * API's documented request and response, backed by the core use cases (README: "Compatibility dialects").
 */
export const compatRoutes: HttpRouteDef[] = [
  // 000 product-enquiry: product enquiry chat (token optional: guests)
  compat('product-enquiry', 'new-chat', {
    method: 'POST',
    path: '/api/v1/chat/newChat',
    pushes: true,
    // Its lines are stored by the opening (no core send, so no attachments to verify or link: no storage access).
    table: { actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
  // 001 order-rooms: start chat (order rooms)
  compat('order-rooms', 'start-chat', {
    method: 'POST',
    path: '/api/v1/chat/startChat',
    table: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
  // 002 support-listing: support chat listing (users and agents; showing a user's chat reads it)
  compat('support-listing', 'list', {
    method: 'GET',
    path: '/api/v1/chat/list',
    pushes: true,
    table: { actions: ['DeleteItem', 'GetItem', 'Query', 'UpdateItem'], queryIndexes: ['inbox'] },
  }),
  // 003 conversations-v2: conversations v2 (Laravel)
  compat('conversations-v2', 'list-conversations', {
    method: 'GET',
    path: '/api/v2/chat/conversations',
    table: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['inbox'] },
  }),
  compat('conversations-v2', 'list-messages', {
    method: 'GET',
    path: '/api/v2/chat/messages/{id}',
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
  compat('conversations-v2', 'create-conversation', {
    method: 'POST',
    path: '/api/v2/chat/create-conversation',
    pushes: true,
    table: { actions: ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
  compat('conversations-v2', 'insert-message', {
    method: 'POST',
    path: '/api/v2/chat/insert-message',
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
    storage: ['verifyUpload', 'presignDownload'],
  }),
  compat('conversations-v2', 'get-new-messages', {
    method: 'GET',
    path: '/api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}',
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
  compat('conversations-v2', 'list-user-conversations', {
    method: 'GET',
    path: '/api/v2/chat/conversations/{user_id}',
    table: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['inbox'] },
  }),
  compat('conversations-v2', 'placeholder', {
    method: 'GET',
    path: '/api/v2/chat/placeholder.png',
    table: { actions: [] },
  }),
  // 004 participants: conversations with participants (X-PUBLIC-KEY)
  compat('participants', 'create-conversation', {
    method: 'POST',
    path: '/api/v1/chat/conversations',
    table: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
  compat('participants', 'list-conversations', {
    method: 'GET',
    path: '/api/v1/chat/conversations',
    table: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['inbox'] },
  }),
  compat('participants', 'send-message', {
    method: 'POST',
    path: '/api/v1/chat/conversations/{uuid}/messages',
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
    storage: ['verifyUpload', 'presignDownload'],
  }),
  compat('participants', 'list-messages', {
    method: 'GET',
    path: '/api/v1/chat/conversations/{uuid}/messages',
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  }),
];
