import type { AttachmentRef } from '#shared/chat/items/attachment';

type Described = Pick<AttachmentRef, 'fileName' | 'contentType'>;

/** "a photo", "2 photos", "a PDF", "3 PDFs", "2 files" (a mix): what an email or a text-only client says was sent. */
export const describeAttachments = (attachments: readonly Described[]) => {
  const kinds = new Set(attachments.map((a) => (a.contentType.startsWith('image/') ? 'photo' : 'PDF')));
  const noun = kinds.size === 1 ? [...kinds][0]! : 'file';
  return attachments.length === 1 ? `a ${noun}` : `${attachments.length} ${noun}s`;
};

/** "[2 photos: kettle.jpg, box.jpg]": a message's attachments as one short line, for clients that show only text. */
export const attachmentLine = (attachments: readonly Described[]) => {
  const what = describeAttachments(attachments).replace(/^a /, '');
  return `[${what[0]!.toUpperCase()}${what.slice(1)}: ${attachments.map((a) => a.fileName).join(', ')}]`;
};

/** A message's text with its attachment line below it (or alone), for the dialects documented as text-only. */
export const textWithAttachments = (message: { text: string; attachments?: readonly Described[] }) =>
  message.attachments?.length
    ? [message.text, attachmentLine(message.attachments)].filter((part) => part !== '').join('\n')
    : message.text;
