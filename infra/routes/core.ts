import type { HttpRouteDef } from './types';

/** The core contract: directory, conversations, messages, unread. */
export const coreRoutes: HttpRouteDef[] = [
  {
    name: 'PutSeller',
    method: 'PUT',
    path: '/v1/catalog/sellers/{sellerId}',
    entry: 'functions/http/catalog/put-seller.ts',
    table: { actions: ['PutItem'] },
  },
  {
    name: 'PutProduct',
    method: 'PUT',
    path: '/v1/catalog/products/{productId}',
    entry: 'functions/http/catalog/put-product.ts',
    table: { actions: ['GetItem', 'PutItem'] },
  },
  {
    name: 'CreateConversation',
    method: 'POST',
    path: '/v1/conversations',
    entry: 'functions/http/conversations/create.ts',
    pushes: true,
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
    // Each new conversation may email a seller: keep a flood well below what SES and inboxes tolerate.
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    name: 'ListConversations',
    method: 'GET',
    path: '/v1/conversations',
    entry: 'functions/http/conversations/list.ts',
    table: { actions: [], queryIndexes: ['inbox'] },
  },
  {
    name: 'GetConversation',
    method: 'GET',
    path: '/v1/conversations/{id}',
    entry: 'functions/http/conversations/get.ts',
    table: { actions: ['GetItem'] },
  },
  {
    name: 'UpdateConversation',
    method: 'PATCH',
    path: '/v1/conversations/{id}',
    entry: 'functions/http/conversations/update.ts',
    table: { actions: ['UpdateItem'] },
  },
  {
    name: 'MarkRead',
    method: 'POST',
    path: '/v1/conversations/{id}/read',
    entry: 'functions/http/conversations/mark-read.ts',
    pushes: true,
    table: { actions: ['DeleteItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'SendMessage',
    method: 'POST',
    path: '/v1/conversations/{id}/messages',
    entry: 'functions/http/messages/send.ts',
    pushes: true,
    table: { actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query'] },
  },
  {
    name: 'ListMessages',
    method: 'GET',
    path: '/v1/conversations/{id}/messages',
    entry: 'functions/http/messages/list.ts',
    table: { actions: ['Query', 'GetItem'] },
  },
  {
    name: 'GetUnread',
    method: 'GET',
    path: '/v1/unread',
    entry: 'functions/http/unread/get.ts',
    table: { actions: [], queryIndexes: ['unread'] },
  },
];
