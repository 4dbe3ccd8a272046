import type { components } from './generated/openapi';

/** The contract's shapes, as generated from docs/openapi.yaml. */
type Schemas = components['schemas'];
export type Conversation = Schemas['Conversation'];
export type ConversationPage = Schemas['ConversationPage'];
export type Message = Schemas['Message'];
export type MessagePage = Schemas['MessagePage'];
export type ReadState = Schemas['ReadState'];
export type UnreadSummary = Schemas['UnreadSummary'];
export type SupportAvailability = Schemas['SupportAvailability'];
export type SupportConversationResult = Schemas['SupportConversationResult'];
export type GuestSession = Schemas['GuestSession'];
export type Problem = Schemas['Problem'];
export type Participant = Schemas['Participant'];

export type MessageCreatedEvent = Schemas['WsMessageCreatedEvent'];
export type ConversationReadEvent = Schemas['WsConversationReadEvent'];
export type TypingEvent = Schemas['WsTypingEvent'];
export type ErrorEvent = Schemas['WsErrorEvent'];
/** Every event the document describes, and any later one the server may add (`type` is always there). */
export type ServerEvent = Schemas['WsServerEvent'] | { type: string; [field: string]: unknown };
export type ClientAction = Schemas['WsClientAction'];
