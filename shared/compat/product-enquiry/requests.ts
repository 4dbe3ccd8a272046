import * as z from 'zod/mini';
import { clientMessageIdField, idField, nullable, textField } from '#shared/compat/laravel/rules';

/**
 * The newChat body (seed 000). `user_id` is not read at all: the caller is the token's user, or a new guest.
 * `token` is the document's optional body token (for apps that send it there instead of Authorization).
 * `product_id` names the product the enquiry is about (its name becomes the first message); the document's
 * example shows only `user_id` and `message`, and this is the field name the platform's other chat APIs use.
 */
export const newChatBody = z.object({
  message: nullable(textField('message', 4000)),
  product_id: nullable(idField('product_id')),
  token: z.optional(
    z
      .string({ error: 'The token field must be a string.' })
      .check(z.maxLength(8192, 'The token field must not be greater than 8192 characters.')),
  ),
  client_message_id: clientMessageIdField,
});

export type NewChatBody = z.infer<typeof newChatBody>;
