import * as z from 'zod/mini';
import { MAX_PAGE_NUMBER } from '#shared/chat/list-conversations';
import {
  clientMessageIdField,
  idField,
  nullable,
  pageField,
  requiredWith,
  textField,
} from '#shared/compat/laravel/rules';
import { opaqueIdPattern, schema } from '#shared/input/schemas';

// Each route of the dialect takes one or two of these: built through `schema` (shared/input/schemas.ts), the others
// are left out of its bundle.

/** A PHP class name (App\Models\Order) or morph alias; its basename becomes the core topic type (≤ 64). */
const MODEL_CLASS = /^\\?([A-Za-z_][A-Za-z0-9_]*\\)*[A-Za-z_][A-Za-z0-9_]{0,50}$/;

export const createConversationBody = /* @__PURE__ */ schema(() =>
  z
    .object({
      participant_uuid: idField('participant_uuid'),
      taggable_type: nullable(
        textField('taggable_type', 200).check(z.regex(MODEL_CLASS, 'The taggable type field format is invalid.')),
      ),
      taggable_id: nullable(idField('taggable_id')),
    })
    .check(
      z.superRefine((b, ctx) => {
        if (b.taggable_type != null && b.taggable_id == null) {
          ctx.addIssue({
            code: 'custom',
            path: ['taggable_id'],
            message: requiredWith('taggable_id', 'taggable_type'),
            input: b,
          });
        }
        if (b.taggable_id != null && b.taggable_type == null) {
          ctx.addIssue({
            code: 'custom',
            path: ['taggable_type'],
            message: requiredWith('taggable_type', 'taggable_id'),
            input: b,
          });
        }
      }),
    ),
);

/** The message text as `text` (the field `last_message_text` names) or `message`; `client_message_id` makes a retry safe. */
export const sendMessageBody = /* @__PURE__ */ schema(() =>
  z
    .object({
      text: nullable(textField('text', 4000)),
      message: nullable(textField('message', 4000)),
      client_message_id: clientMessageIdField,
    })
    .check(
      z.refine((b) => b.text != null || b.message != null, { path: ['text'], message: 'The text field is required.' }),
    ),
);

export const conversationPath = /* @__PURE__ */ schema(() =>
  z.object({ uuid: z.string().check(z.regex(opaqueIdPattern)) }),
);
export const pageQuery = /* @__PURE__ */ schema(() => z.object({ page: pageField(MAX_PAGE_NUMBER) }));
