import * as z from 'zod/mini';
import { messageContent } from '#shared/input/message-content';
import { clientMessageId, schema, seqNumber } from '#shared/input/schemas';

/** The client → server actions (route keys of the WebSocket API, selected on `$request.body.action`). */
export const CLIENT_ACTIONS = ['sendMessage', 'markRead', 'typing', 'ping'] as const;

// Each action's bundle takes its own schema: built through `schema` (shared/input/schemas.ts), the others are
// left out of it.

/** Any string is accepted here; one that cannot be a conversation id becomes a 404 (see conversationIdOrNotFound). */
const conversationId = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1), z.maxLength(1024)));

/**
 * sendMessage: the HTTP send's content (text, attachments or both) in a frame. A function, called by its one
 * handler, so the other actions' bundles carry none of the message and attachment rules.
 */
export const sendMessageAction = () => messageContent({ conversationId, clientMessageId: z.optional(clientMessageId) });
export const markReadAction = /* @__PURE__ */ schema(() => z.object({ conversationId, seq: z.optional(seqNumber) }));
export const typingAction = /* @__PURE__ */ schema(() => z.object({ conversationId }));
export const pingAction = /* @__PURE__ */ schema(() => z.object({}));
/** $default: whatever matched no route; the action itself is looked at only to name it in the error. */
export const unknownAction = /* @__PURE__ */ schema(() => z.object({ action: z.optional(z.unknown()) }));
