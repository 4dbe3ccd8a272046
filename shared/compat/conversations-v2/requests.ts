import * as z from 'zod/mini';
import { MAX_PAGE_NUMBER } from '../../chat/list-conversations';
import { seq } from '../../http/schemas';
import { idField, pageField, textField } from '../laravel/rules';

const ref = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
const clientMessageId = z.optional(
  z.string({ error: 'The client message id field must be a string.' }).check(
    z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'The client message id field must be 1 to 64 characters of A-Z a-z 0-9 _ -.'),
  ),
);

export const pageQuery = z.object({ page: pageField(MAX_PAGE_NUMBER) });
export const messagesPath = z.object({ id: ref });
export const newMessagesPath = z.object({ conversation_id: ref, last_message_id: seq });

/** `user_id` of the public implementation's older versions is ignored: the token says who calls. */
export const createConversationBody = z.object({
  product_id: idField('product_id'),
  title: z.optional(textField('title', 300)),
  message: z.optional(textField('message', 4000)),
  client_message_id: clientMessageId,
});

export const insertMessageBody = z.object({
  conversation_id: idField('conversation_id'),
  message: textField('message', 4000),
  client_message_id: clientMessageId,
});
