import { applyMessage } from './apply-message';
import { inOrder, onMessage } from './effects';

/** What the chat's stream consumer does: a new message's effect on every member item (unread, activity order). */
export const applyChatEffects = inOrder([onMessage(applyMessage)]);
