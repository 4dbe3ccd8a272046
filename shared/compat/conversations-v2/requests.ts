import * as z from 'zod/mini';
import { MAX_PAGE_NUMBER } from '#shared/chat/list-conversations';
import { clientMessageIdField, idField, pageField, textField } from '#shared/compat/laravel/rules';
import { opaqueIdPattern, seq, userId } from '#shared/input/schemas';

const ref = z.string().check(z.regex(opaqueIdPattern));

export const pageQuery = z.object({ page: pageField(MAX_PAGE_NUMBER) });
export const messagesPath = z.object({ id: ref });
/** The old builds' `{user_id}`: the caller's user number (or user id); checked against the caller, never trusted. */
export const userConversationsPath = z.object({ user_id: userId });
export const newMessagesPath = z.object({ conversation_id: ref, last_message_id: seq });

/** `user_id` of the public implementation's older versions is ignored: the token says who calls. */
export const createConversationBody = z.object({
  product_id: idField('product_id'),
  title: z.optional(textField('title', 300)),
  message: z.optional(textField('message', 4000)),
  client_message_id: clientMessageIdField,
});

export const insertMessageBody = z.object({
  conversation_id: idField('conversation_id'),
  message: textField('message', 4000),
  client_message_id: clientMessageIdField,
});
