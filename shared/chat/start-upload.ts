import type { Identity } from '#shared/auth/identity';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { type AttachmentRef, attachmentItem, putAttachment, refOf } from '#shared/chat/items/attachment';
import { getHead } from '#shared/chat/items/head';
import { objectKeys } from '#shared/storage/object-keys';
import { uploadForm } from '#shared/storage/upload-form';
import { requireParticipant } from './access';

/**
 * POST …/attachments: a participant (404 otherwise) declares a file and gets a presigned POST for exactly that
 * file (its key, type and size; valid 15 minutes), uploaded straight to S3, never through a function. The pending
 * attachment (uploader, conversation, declared name, type and size) is stored before the form is handed out, so
 * every upload S3 accepts has its record; a send checks the upload against it (verify-attachments.ts).
 *
 * Idempotency: none is needed. Each call declares a new attachment; a retried request leaves the first one unused,
 * and an unused attachment expires with its upload a day later (the item's TTL, the bucket's lifecycle). Nothing
 * else is written, nothing announced.
 */
export const startUpload = async (identity: Identity, conversationId: string, declared: Omit<AttachmentRef, 'id'>) => {
  // An erased user's old token declares nothing (401): the file name is theirs.
  const [found] = await Promise.all([getHead(identity.tenant, conversationId), refuseIfErased(identity)]);
  const { head } = requireParticipant(identity, found);
  const item = attachmentItem(head, identity.userId, declared);
  await putAttachment(item);
  const upload = await uploadForm({ key: objectKeys.upload(item), contentType: item.contentType, size: item.size });
  return { attachment: refOf(item), upload };
};
