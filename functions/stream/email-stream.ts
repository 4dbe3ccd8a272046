import { applyEmailEffects } from '#shared/stream/email-effects';
import { processInOrder } from '#shared/stream/process-in-order';

/**
 * The table stream's email consumer: new-conversation and offline notification emails, in order, stopping at
 * the first failure. A separate function from the chat consumer, so SES trouble delays only emails.
 */
export const handler = processInOrder(applyEmailEffects);
