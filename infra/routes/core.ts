import type { HttpRouteDef } from './types';

/** The core contract: directory, conversations, messages, unread. */
export const coreRoutes: HttpRouteDef[] = [
  { name: 'PutSeller', method: 'PUT', path: '/v1/catalog/sellers/{sellerId}', entry: 'functions/http/catalog/put-seller.ts' },
  { name: 'PutProduct', method: 'PUT', path: '/v1/catalog/products/{productId}', entry: 'functions/http/catalog/put-product.ts' },
  { name: 'CreateConversation', method: 'POST', path: '/v1/conversations', entry: 'functions/http/conversations/create.ts', pushes: true },
  { name: 'ListConversations', method: 'GET', path: '/v1/conversations', entry: 'functions/http/conversations/list.ts' },
  { name: 'GetConversation', method: 'GET', path: '/v1/conversations/{id}', entry: 'functions/http/conversations/get.ts' },
  { name: 'UpdateConversation', method: 'PATCH', path: '/v1/conversations/{id}', entry: 'functions/http/conversations/update.ts' },
  { name: 'MarkRead', method: 'POST', path: '/v1/conversations/{id}/read', entry: 'functions/http/conversations/mark-read.ts', pushes: true },
  { name: 'SendMessage', method: 'POST', path: '/v1/conversations/{id}/messages', entry: 'functions/http/messages/send.ts', pushes: true },
  { name: 'ListMessages', method: 'GET', path: '/v1/conversations/{id}/messages', entry: 'functions/http/messages/list.ts' },
  { name: 'GetUnread', method: 'GET', path: '/v1/unread', entry: 'functions/http/unread/get.ts' },
];
