import type { HttpRouteDef } from './types';

/** Support chat, guests and agent presence. */
export const supportRoutes: HttpRouteDef[] = [
  {
    name: 'CreateGuestSession',
    method: 'POST',
    path: '/v1/guest-sessions',
    entry: 'functions/http/support/create-guest-session.ts',
    table: { actions: ['UpdateItem'] },
  },
  {
    name: 'OpenSupportConversation',
    method: 'POST',
    path: '/v1/support/conversations',
    entry: 'functions/http/support/open-conversation.ts',
    pushes: true,
    table: { actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  },
  {
    name: 'ListSupportConversations',
    method: 'GET',
    path: '/v1/support/conversations',
    entry: 'functions/http/support/list-conversations.ts',
    table: { actions: [], queryIndexes: ['inbox'] },
  },
  {
    name: 'GetSupportAvailability',
    method: 'GET',
    path: '/v1/support/availability',
    entry: 'functions/http/support/availability.ts',
    table: { actions: ['Query'] },
  },
  {
    name: 'PutAgentStatus',
    method: 'PUT',
    path: '/v1/agents/me/status',
    entry: 'functions/http/agents/put-status.ts',
    table: { actions: ['PutItem'] },
  },
];
