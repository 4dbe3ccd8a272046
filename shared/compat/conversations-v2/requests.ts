import * as z from 'zod/mini';
import { MAX_PAGE_NUMBER } from '#shared/chat/list-conversations';
import { clientMessageIdField, idField, pageField, textField } from '#shared/compat/laravel/rules';
import { opaqueIdPattern, schema, seq, userId } from '#shared/input/schemas';

// Each route of the dialect takes one or two of these: built through `schema` (shared/input/schemas.ts), the others
// are left out of its bundle.
const ref = /* @__PURE__ */ schema(() => z.string().check(z.regex(opaqueIdPattern)));

export const pageQuery = /* @__PURE__ */ schema(() => z.object({ page: pageField(MAX_PAGE_NUMBER) }));
export const messagesPath = /* @__PURE__ */ schema(() => z.object({ id: ref }));
/** The old builds' `{user_id}`: the caller's user number (or user id); checked against the caller, never trusted. */
export const userConversationsPath = /* @__PURE__ */ schema(() => z.object({ user_id: userId }));
export const newMessagesPath = /* @__PURE__ */ schema(() => z.object({ conversation_id: ref, last_message_id: seq }));

/** `user_id` of the public implementation's older versions is ignored: the token says who calls. */
export const createConversationBody = /* @__PURE__ */ schema(() =>
  z.object({
    product_id: idField('product_id'),
    title: z.optional(textField('title', 300)),
    message: z.optional(textField('message', 4000)),
    client_message_id: clientMessageIdField,
  }),
);

export const insertMessageBody = /* @__PURE__ */ schema(() =>
  z.object({
    conversation_id: idField('conversation_id'),
    message: textField('message', 4000),
    client_message_id: clientMessageIdField,
  }),
);
