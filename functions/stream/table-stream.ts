import { applyChatEffects } from '#shared/stream/chat-effects';
import { processInOrder } from '#shared/stream/process-in-order';

/** The table stream's chat consumer: unread counts and activity order, in order, stopping at the first failure. */
export const handler = processInOrder(applyChatEffects);
