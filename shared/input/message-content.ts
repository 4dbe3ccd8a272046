import * as z from 'zod/mini';
import { codePoints, opaqueId } from './schemas';

/**
 * The content of a message as the core send routes take it (HTTP and WebSocket): text, attachments, or both.
 * Apart from schemas.ts so that routes which send nothing carry none of it.
 */

/**
 * The attachments of a message (1..5 ids, each once). A 6th id or a repeated one is reported at its own index,
 * naming it, like every other refusal of an attachment (`attachments.<i>`).
 */
const MAX_ATTACHMENTS = 5;
const attachmentIds = z.array(opaqueId).check(
  z.minLength(1),
  z.superRefine((ids, ctx) => {
    for (const [i, id] of ids.entries()) {
      const problem =
        i >= MAX_ATTACHMENTS
          ? `is one too many: a message carries at most ${MAX_ATTACHMENTS}`
          : ids.indexOf(id) < i
            ? 'is listed twice'
            : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: `attachment ${id} ${problem}`, input: id });
    }
  }),
);

const optionalText = z._default(
  z.string().check(
    z.trim(),
    z.refine((s) => codePoints(s) <= 4000, 'must be at most 4000 characters'),
  ),
  '',
);
const textOrAttachments = z.refine(
  (m: unknown) => {
    // The object's own output: a check of an object whose shape is generic cannot name its type.
    const { text = '', attachments } = m as { text?: unknown; attachments?: unknown };
    // A text of another type is reported by its own rule; bad attachments count as none.
    if (typeof text !== 'string') return true;
    return codePoints(text.trim()) >= 1 || (Array.isArray(attachments) && attachments.length > 0);
  },
  {
    path: ['text'],
    message: 'must not be empty (unless the message has attachments)',
    // Also when another field is bad, so that every bad field is named at once.
    when: () => true,
  },
);

/**
 * A message's content, `{ text, attachments? }` plus the fields of `shape`: `text` is trimmed and at most 4000
 * characters; it may be empty (or absent) only when attachments are given, else 422 at `text`.
 */
export const messageContent = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.object({ text: optionalText, attachments: z.optional(attachmentIds), ...shape }).check(textOrAttachments);
