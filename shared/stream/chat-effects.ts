import { applyMessage } from './apply-message';
import { applyRedaction } from './apply-redaction';
import { inOrder, onMessage, onMessageRedacted } from './effects';

/**
 * What the chat's stream consumer does: a new message's effect on every member item (unread, activity order,
 * preview), and a redaction's effect on the previews that show the redacted message.
 */
export const applyChatEffects = inOrder([onMessage(applyMessage), onMessageRedacted(applyRedaction)]);
