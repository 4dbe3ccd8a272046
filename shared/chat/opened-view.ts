import type { Opened } from './opening-types';
import { conversationView, lastMessageOf } from './views';

/**
 * The conversation as the opener should see it right away: when a message was just appended to an existing
 * conversation, the stream has not yet moved `lastMessage`, so the response shows the committed message.
 */
export const openedView = ({ member, message }: Opened) => {
  const view = conversationView(member);
  if (!message || message.seq <= member.lastSeq) return view;
  return { ...view, lastMessage: lastMessageOf(message), updatedAt: message.createdAt };
};
