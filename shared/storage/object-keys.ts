/**
 * Where an attachment's bytes live in the attachments bucket, the only place that builds an object key.
 *
 *   uploads/<tenant>/<conversationId>/<attachmentId>   what the uploader POSTed with the presigned form. Writable by
 *                                                      that form until it expires; deleted by the bucket's lifecycle
 *                                                      a day after upload, whether it was used or not
 *   files/<tenant>/<conversationId>/<attachmentId>     the verified copy a message links to, made by the send that
 *                                                      checked it; no client can ever write here
 *
 * Tenants ([A-Za-z0-9._-]), conversation and attachment ids ([A-Za-z0-9_-]) hold no `/`, so no part can reach
 * into another's folder.
 */
export const UPLOADS_PREFIX = 'uploads/';
export const FILES_PREFIX = 'files/';

export interface AttachmentObject {
  tenant: string;
  conversationId: string;
  id: string;
}

export const objectKeys = {
  upload: (a: AttachmentObject) => `${UPLOADS_PREFIX}${a.tenant}/${a.conversationId}/${a.id}`,
  file: (a: AttachmentObject) => `${FILES_PREFIX}${a.tenant}/${a.conversationId}/${a.id}`,
};
