import type { Identity } from '#shared/auth/identity';
import type { MessageItem } from '#shared/chat/items/message';
import { objectKeys } from '#shared/storage/object-keys';
import { listMessages, type MessagePageRequest } from './list-messages';
import { type MessageView, messageView } from './views';

/**
 * Messages as participants see them: each attachment with `url`, a presigned GET of its verified copy valid at most
 * 15 minutes (DOWNLOAD_URL_SECONDS). Only the core API's participant paths call these (the send's answer, ack and
 * push; the message list, after its participant check): nobody else is ever given a link. The compatibility
 * dialects show attachments as a line of text instead (attachment-text.ts) and emails name them: neither links a file.
 */
const withDownloadUrls = async (tenant: string, view: MessageView): Promise<MessageView> => {
  if (!view.attachments) return view;
  // The S3 client and presigner are loaded by the first message with attachments (most have none).
  const { downloadUrl } = await import('#shared/storage/download-url');
  const attachments = await Promise.all(
    view.attachments.map(async (a) => ({
      ...a,
      url: await downloadUrl(objectKeys.file({ tenant, conversationId: view.conversationId, id: a.id })),
    })),
  );
  return { ...view, attachments };
};

/** One stored message, as its participants see it. */
export const presentMessage = (message: MessageItem) => withDownloadUrls(message.tenant, messageView(message));

/** The core message list (list-messages.ts, which refuses non-participants first), with download links. */
export const listMessagesWithDownloads = async (
  identity: Identity,
  conversationId: string,
  request: MessagePageRequest,
) => {
  const page = await listMessages(identity, conversationId, request);
  return { ...page, items: await Promise.all(page.items.map((m) => withDownloadUrls(identity.tenant, m))) };
};
