import type { HttpRouteDef } from './types';

/** Support chat, guests and agent presence. */
export const supportRoutes: HttpRouteDef[] = [
  { name: 'CreateGuestSession', method: 'POST', path: '/v1/guest-sessions', entry: 'functions/http/support/create-guest-session.ts' },
  { name: 'OpenSupportConversation', method: 'POST', path: '/v1/support/conversations', entry: 'functions/http/support/open-conversation.ts', pushes: true },
  { name: 'ListSupportConversations', method: 'GET', path: '/v1/support/conversations', entry: 'functions/http/support/list-conversations.ts' },
  { name: 'GetSupportAvailability', method: 'GET', path: '/v1/support/availability', entry: 'functions/http/support/availability.ts' },
  { name: 'PutAgentStatus', method: 'PUT', path: '/v1/agents/me/status', entry: 'functions/http/agents/put-status.ts' },
];
