import type { MessageItem } from '#shared/chat/items/message';
import { messageView } from '#shared/chat/views';

/** A message for moderators and for its author's data export: as participants see it, plus the text as written when it was masked. */
export const messageWithOriginal = (m: MessageItem) => ({
  ...messageView(m),
  ...(m.originalText !== undefined && { originalText: m.originalText }),
});
