import { handleChatBatch } from '#shared/stream/chat-effects';

/**
 * The table stream's chat consumer: unread counts, activity order, previews and read receipts, each conversation in
 * order, stopping at its first failure (shared/stream/chat-effects.ts).
 */
export const handler = handleChatBatch;
