import type { HttpRouteDef } from './types';

const compat = (dialect: string, file: string) => `functions/http/compat/${dialect}/${file}.ts`;

/**
 * Drop-in routes of the storefront chat dialects (seeds in the compatibility issue): each answers a third-party
 * API's documented request and response, backed by the core use cases (README: "Compatibility dialects").
 */
export const compatRoutes: HttpRouteDef[] = [
  // 001 Start chat (order rooms)
  { name: 'CompatStartChat', method: 'POST', path: '/api/v1/chat/startChat', entry: compat('order-rooms', 'start-chat') },
];
