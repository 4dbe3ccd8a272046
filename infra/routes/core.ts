import type { HttpRouteDef } from './types';

/**
 * The core contract: directory, conversations, messages, unread. Each route's `example` is a valid call (with
 * `{id}` the conversation a test opens): the every-route tests (401, 403, body limits) derive their calls from it.
 */
export const coreRoutes: HttpRouteDef[] = [
  {
    name: 'PutSeller',
    method: 'PUT',
    path: '/v1/catalog/sellers/{sellerId}',
    entry: 'functions/http/catalog/put-seller.ts',
    table: { actions: ['PutItem'] },
    example: { params: { sellerId: 'seller-x' }, body: { shopName: 'X', email: 'x@example.test' } },
  },
  {
    name: 'PutProduct',
    method: 'PUT',
    path: '/v1/catalog/products/{productId}',
    entry: 'functions/http/catalog/put-product.ts',
    table: { actions: ['ConditionCheckItem', 'GetItem', 'PutItem'] },
    example: { params: { productId: 'p-x' }, body: { name: 'X', sellerId: 'seller-1' } },
  },
  {
    name: 'CreateConversation',
    method: 'POST',
    path: '/v1/conversations',
    entry: 'functions/http/conversations/create.ts',
    pushes: true,
    table: {
      actions: ['BatchGetItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    },
    // Each new conversation may email a seller: keep a flood well below what SES and inboxes tolerate.
    throttle: { rateLimit: 20, burstLimit: 40 },
    example: { body: { productId: 'p-1' } },
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
    example: { body: { archived: true } },
  },
  {
    name: 'MarkRead',
    method: 'POST',
    path: '/v1/conversations/{id}/read',
    entry: 'functions/http/conversations/mark-read.ts',
    pushes: true,
    table: { actions: ['DeleteItem', 'Query', 'UpdateItem'] },
    example: { body: {} },
  },
  {
    name: 'SendMessage',
    method: 'POST',
    path: '/v1/conversations/{id}/messages',
    entry: 'functions/http/messages/send.ts',
    pushes: true,
    // UpdateItem: the sender's rate-limit bucket (shared/chat/send-budget.ts) and the claims of attachments.
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
    storage: ['verifyUpload', 'presignDownload'],
    example: { body: { text: 'hi' } },
  },
  {
    name: 'ListMessages',
    method: 'GET',
    path: '/v1/conversations/{id}/messages',
    entry: 'functions/http/messages/list.ts',
    table: { actions: ['Query', 'GetItem'] },
    storage: ['presignDownload'],
  },
  {
    name: 'CreateAttachment',
    method: 'POST',
    path: '/v1/conversations/{id}/attachments',
    entry: 'functions/http/attachments/create.ts',
    table: { actions: ['GetItem', 'PutItem'] },
    storage: ['presignUpload'],
    example: { body: { fileName: 'kettle.jpg', contentType: 'image/jpeg', size: 2048 } },
  },
  {
    name: 'GetUnread',
    method: 'GET',
    path: '/v1/unread',
    entry: 'functions/http/unread/get.ts',
    table: { actions: [], queryIndexes: ['unread'] },
  },
];
