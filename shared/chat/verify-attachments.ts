import { type AttachmentItem, type AttachmentRef, refOf } from '#shared/chat/items/attachment';
import { type FieldErrors, ValidationFailed } from '#shared/errors';
import { hasSignatureOf } from '#shared/storage/content-types';
import { objectKeys } from '#shared/storage/object-keys';
import type { UploadedObject } from '#shared/storage/uploaded-object';

/**
 * The checks of a send's attachments, before anything is stored: each must be an attachment of this conversation,
 * uploaded by the sender, not sent before and not expired; its upload must exist, have exactly the declared size and
 * start with the bytes of the declared type. Every failure is reported at once, as a 422 naming each attachment
 * (`attachments.<i>`). Then each verified upload is copied to where download links point (keepUpload), so what
 * participants download is what was checked. Returns what the message carries.
 *
 * "Not sent before" is decided for good by the message's transaction (append-message.ts claims each attachment with
 * the message, once), which also settles two sends racing for one attachment; the read here only answers early.
 * A send with a clientMessageId may be the retry of a send that claimed its attachments already: those are left to
 * the transaction, where the clientMessageId pointer returns the stored message.
 * `items` are the attachments' records in the order of `ids` (getAttachments), which the send reads alongside the
 * conversation's header, in its first round trip.
 */
export const verifyAttachments = async (
  senderId: string,
  ids: readonly string[],
  items: ReadonlyArray<AttachmentItem | undefined>,
  options: { mayBeRetry: boolean },
): Promise<AttachmentRef[]> => {
  // The S3 client is loaded by the first send with attachments: most sends have none, and need not parse it.
  const { inspectUpload, keepUpload } = await import('#shared/storage/uploaded-object');
  const nowSeconds = Date.now() / 1000;
  const verdicts = await Promise.all(
    items.map(async (item): Promise<Verdict> => {
      if (!item) return { problem: 'is not an attachment of this conversation' };
      if (item.uploaderId !== senderId) return { problem: 'was uploaded by someone else' };
      if (item.messageId !== undefined)
        return options.mayBeRetry ? { item } : { problem: 'was already sent in a message' };
      if ((item.expiresAt ?? 0) <= nowSeconds) return { problem: 'has expired; upload it again' };
      const uploaded = await inspectUpload(objectKeys.upload(item));
      const problem = uploadProblem(item, uploaded);
      return problem ? { problem } : { item, uploaded: uploaded! };
    }),
  );
  refuse(ids, verdicts);
  const kept = await Promise.all(
    verdicts.map(async (v): Promise<Verdict> => {
      if (!('item' in v) || !v.uploaded) return v;
      const ok = await keepUpload(objectKeys.upload(v.item), objectKeys.file(v.item), {
        etag: v.uploaded.etag,
        contentType: v.item.contentType,
        fileName: v.item.fileName,
      });
      return ok ? v : { problem: 'changed while it was being checked; send it again' };
    }),
  );
  refuse(ids, kept);
  return kept.map((v) => refOf((v as { item: AttachmentItem }).item));
};

/** A refusal, or an attachment to send: with its inspected upload, unless a retried send claimed it already. */
type Verdict = { problem: string } | { item: AttachmentItem; uploaded?: UploadedObject };

const uploadProblem = (declared: AttachmentItem, uploaded: UploadedObject | undefined) => {
  if (!uploaded) return 'was not uploaded';
  if (uploaded.size !== declared.size) return `has ${uploaded.size} bytes, not the ${declared.size} declared`;
  if (!hasSignatureOf(uploaded.firstBytes, declared.contentType)) return `is not a ${declared.contentType} file`;
  return undefined;
};

const refuse = (ids: readonly string[], verdicts: Verdict[]) => {
  const errors: FieldErrors = {};
  for (const [i, verdict] of verdicts.entries())
    if ('problem' in verdict) errors[`attachments.${i}`] = [`attachment ${ids[i]} ${verdict.problem}`];
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
};
