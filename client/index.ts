/**
 * The product-enquiry chat's client library, for browsers and Node (22+ for its global WebSocket, or pass one).
 * REST types are generated from docs/openapi.yaml; see README "Client library".
 */
export { type BackoffPolicy, backoffDelay } from './backoff';
export { ChatClient, type ChatClientOptions, call } from './chat-client';
export { ApiError, isNetworkError } from './errors';
export type { components, paths } from './generated/openapi';
export { createGuestSession } from './guest';
export { newClientMessageId } from './ids';
export { LiveConversation, type PendingMessage, TYPING_SHOWN_MS, TYPING_THROTTLE_MS } from './live-conversation';
export type { ConnectionState, SocketFactory, SocketLike } from './realtime';
export { createRestClient, type RestClient } from './rest';
export { readClaims, type TokenClaims, type TokenProvider, TokenSource } from './tokens';
export type * from './types';
