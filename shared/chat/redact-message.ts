import type { Identity } from '#shared/auth/identity';
import { getHead } from '#shared/chat/items/head';
import { findMessageById, type MessageItem, redactMessageItem } from '#shared/chat/items/message';
import { NotFound } from '#shared/errors';
import { audienceOf, pushMessagesRedacted } from './fan-out';

/**
 * Redacts a message and announces it: DELETE …/messages/{messageId} by a moderator (agent or service) of the
 * tenant, in any of its conversations. The message keeps its id, seq, sender and time; its text becomes "" and
 * the original is gone for good (redaction is how content leaves the chat). Every live connection of every
 * participant gets `message.redacted`. Its attachments' files are deleted from the bucket. Emails already sent are
 * not recalled.
 *
 * Idempotency: redacting a redacted message changes nothing and announces it again (clients drop duplicates).
 * Round trips: the header and the message at once, then the write while the participants' connections are looked up.
 * Ordering: the push follows the write (a failed write pushes nothing). Previews (`lastMessage`) that show the message are emptied by the
 * stream, from this write's MODIFY record, which is delivered after the message's own INSERT record (the same
 * item), so a preview can never end up showing the text once the stream has caught up.
 */
export const redactMessage = async (identity: Identity, conversationId: string, messageId: string) => {
  const [head, found] = await Promise.all([
    getHead(identity.tenant, conversationId),
    findMessageById(identity.tenant, conversationId, messageId),
  ]);
  if (!head) throw new NotFound();
  if (!found) throw new NotFound('No such message in this conversation.');
  // The participants' connections are looked up while the message is emptied; the push follows the write.
  const audience = audienceOf(head);
  // Files first: a failure in between leaves the message listing them, so a retry deletes and empties it.
  await deleteFilesOf(found);
  const message = await redactMessageItem(found);
  await pushMessagesRedacted(head, [message.id], audience);
  return message;
};

/**
 * The kept copies of a redacted message's attachments: a redacted photo must not stay downloadable. The S3 client
 * is loaded only for a message that has some.
 */
export const deleteFilesOf = async (message: Pick<MessageItem, 'tenant' | 'conversationId' | 'attachments'>) => {
  if (!message.attachments?.length) return;
  const { deleteFiles } = await import('#shared/storage/delete-files');
  const { tenant, conversationId } = message;
  await deleteFiles(message.attachments.map((a) => ({ tenant, conversationId, id: a.id })));
};
