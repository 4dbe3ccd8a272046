import type { HttpRouteDef } from './types';

/**
 * Trust and safety: the tenant's contact-information policy, blocks, reports and the moderation queue,
 * redaction, and data rights (export, erasure). Each route's `example` is a valid call (with `{id}` the
 * conversation a test opens); test/integration/safety/routes.test.ts derives its 401/403/isolation calls from it.
 */
export const safetyRoutes: HttpRouteDef[] = [
  {
    name: 'GetPolicy',
    method: 'GET',
    path: '/v1/policy',
    entry: 'functions/http/policy/get.ts',
    table: { actions: ['GetItem'] },
  },
  {
    name: 'PutPolicy',
    method: 'PUT',
    path: '/v1/policy',
    entry: 'functions/http/policy/put.ts',
    table: { actions: ['PutItem'] },
    example: { body: { contactInfo: 'mask', allowDomains: ['shop.example'] } },
  },
  {
    name: 'BlockConversation',
    method: 'POST',
    path: '/v1/conversations/{id}/block',
    entry: 'functions/http/conversations/block.ts',
    table: { actions: ['GetItem', 'UpdateItem'] },
  },
  {
    name: 'UnblockConversation',
    method: 'DELETE',
    path: '/v1/conversations/{id}/block',
    entry: 'functions/http/conversations/unblock.ts',
    table: { actions: ['GetItem', 'UpdateItem'] },
  },
  {
    name: 'ReportConversation',
    method: 'POST',
    path: '/v1/conversations/{id}/reports',
    entry: 'functions/http/conversations/report.ts',
    table: { actions: ['ConditionCheckItem', 'GetItem', 'PutItem', 'Query'] },
    example: { body: { reason: 'spam', note: 'Asks to pay outside the shop.' } },
  },
  {
    name: 'ListReports',
    method: 'GET',
    path: '/v1/moderation/reports',
    entry: 'functions/http/moderation/list-reports.ts',
    table: { actions: [], queryIndexes: ['inbox'] },
  },
  {
    name: 'UpdateReport',
    method: 'PATCH',
    path: '/v1/moderation/reports/{reportId}',
    entry: 'functions/http/moderation/update-report.ts',
    table: { actions: ['UpdateItem'] },
    example: { params: { reportId: `conversation.${'x'.repeat(22)}` }, body: { status: 'resolved' } },
  },
  {
    name: 'RedactMessage',
    method: 'DELETE',
    path: '/v1/conversations/{id}/messages/{messageId}',
    entry: 'functions/http/messages/redact.ts',
    pushes: true,
    // The redacted message's attachments are deleted from the bucket.
    storage: ['deleteFiles'],
    table: { actions: ['DeleteItem', 'GetItem', 'Query', 'UpdateItem'] },
    example: { params: { messageId: 'no-such-message' } },
  },
  {
    name: 'ExportUserData',
    method: 'GET',
    path: '/v1/users/{userId}/data',
    entry: 'functions/http/users/export-data.ts',
    table: { actions: ['GetItem', 'PutItem', 'Query'], queryIndexes: ['inbox'] },
    example: { params: { userId: 'cust-1' } },
  },
  {
    name: 'EraseUser',
    method: 'DELETE',
    path: '/v1/users/{userId}',
    entry: 'functions/http/users/erase.ts',
    closesSessions: true,
    table: { actions: ['DeleteItem', 'PutItem', 'Query'] },
    example: { params: { userId: 'someone-to-erase' } },
  },
];
