import { typingAction } from '#shared/realtime/actions';
import { announceTyping } from '#shared/realtime/typing';
import { conversationIdOrNotFound, wsAction } from '#shared/realtime/ws-action';

/** typing: relayed to the other participants; nothing is stored. */
export const handler = wsAction(typingAction, async ({ identity, body }) => {
  await announceTyping(identity, conversationIdOrNotFound(body.conversationId));
});
