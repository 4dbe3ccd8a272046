import { announceTyping } from '#shared/chat/typing';
import { typingAction } from '#shared/ws/actions';
import { conversationIdOrNotFound, wsAction } from '#shared/ws/ws-action';

/** typing: relayed to the other participants; nothing is stored. */
export const handler = wsAction(typingAction, async ({ identity, body }) => {
  await announceTyping(identity, conversationIdOrNotFound(body.conversationId));
});
