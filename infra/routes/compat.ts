import type { HttpRouteDef } from './types';

const compat = (dialect: string, file: string) => `functions/http/compat/${dialect}/${file}.ts`;

/**
 * Drop-in routes of the storefront chat dialects (seeds in the compatibility issue): each answers a third-party
 * API's documented request and response, backed by the core use cases (README: "Compatibility dialects").
 */
export const compatRoutes: HttpRouteDef[] = [
  // 000 Product enquiry chat (token optional: guests)
  {
    name: 'CompatNewChat',
    method: 'POST',
    path: '/api/v1/chat/newChat',
    entry: compat('product-enquiry', 'new-chat'),
    pushes: true,
    table: { actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  // 001 Start chat (order rooms)
  {
    name: 'CompatStartChat',
    method: 'POST',
    path: '/api/v1/chat/startChat',
    entry: compat('order-rooms', 'start-chat'),
    table: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  // 002 Support chat listing (users and agents; showing a user's chat reads it)
  {
    name: 'CompatSupportChatList',
    method: 'GET',
    path: '/api/v1/chat/list',
    entry: compat('support-listing', 'list'),
    pushes: true,
    table: { actions: ['DeleteItem', 'GetItem', 'Query', 'UpdateItem'], queryIndexes: ['inbox'] },
  },
  // 003 Conversations v2
  {
    name: 'CompatV2ListConversations',
    method: 'GET',
    path: '/api/v2/chat/conversations',
    entry: compat('conversations-v2', 'list-conversations'),
    table: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['inbox'] },
  },
  {
    name: 'CompatV2ListMessages',
    method: 'GET',
    path: '/api/v2/chat/messages/{id}',
    entry: compat('conversations-v2', 'list-messages'),
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'CompatV2CreateConversation',
    method: 'POST',
    path: '/api/v2/chat/create-conversation',
    entry: compat('conversations-v2', 'create-conversation'),
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'CompatV2InsertMessage',
    method: 'POST',
    path: '/api/v2/chat/insert-message',
    entry: compat('conversations-v2', 'insert-message'),
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'CompatV2GetNewMessages',
    method: 'GET',
    path: '/api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}',
    entry: compat('conversations-v2', 'get-new-messages'),
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'CompatV2ListUserConversations',
    method: 'GET',
    path: '/api/v2/chat/conversations/{user_id}',
    entry: compat('conversations-v2', 'list-user-conversations'),
    table: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['inbox'] },
  },
  {
    name: 'CompatV2Placeholder',
    method: 'GET',
    path: '/api/v2/chat/placeholder.png',
    entry: compat('conversations-v2', 'placeholder'),
    table: { actions: [] },
  },
  // 004 Conversations with participants (X-PUBLIC-KEY)
  {
    name: 'CompatPkCreateConversation',
    method: 'POST',
    path: '/api/v1/chat/conversations',
    entry: compat('participants', 'create-conversation'),
    table: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'CompatPkListConversations',
    method: 'GET',
    path: '/api/v1/chat/conversations',
    entry: compat('participants', 'list-conversations'),
    table: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['inbox'] },
  },
  {
    name: 'CompatPkSendMessage',
    method: 'POST',
    path: '/api/v1/chat/conversations/{uuid}/messages',
    entry: compat('participants', 'send-message'),
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'CompatPkListMessages',
    method: 'GET',
    path: '/api/v1/chat/conversations/{uuid}/messages',
    entry: compat('participants', 'list-messages'),
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
];
