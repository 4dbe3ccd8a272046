import type { HeadItem } from '#shared/chat/items/head';
import type { MessageItem } from '#shared/chat/items/message';
import { logger } from '#shared/observability/logger';
import { connectionsOf } from '#shared/realtime/connections';
import { managementClient } from '#shared/realtime/management-client';
import type { ConnectionRecord } from '#shared/realtime/model';
import { type PushOutcome, pushTo } from '#shared/realtime/push';
import type { MemberKey } from '#shared/table/keys';
import { messageCreated, type ServerEvent } from './events';
import { type MessageView, messageView } from './views';

/**
 * Who receives which event, on the write path itself (not through the stream, so it arrives at once).
 * A participant slot is a user, or TEAM#support: every agent of the tenant with a live connection.
 * None of these ever throws: the write has committed, and a failed push must not turn it into an error.
 * Each is called by the one use case that announces its event (send-message.ts for every stored message,
 * mark-read.ts, typing.ts, redact-message.ts and an erasure's steps), never by a handler, action or dialect.
 */

/**
 * The live connections of a conversation's participants, looked up while the write they will be told about is in
 * flight, so the push after the commit waits for no read (one round trip less on every send). Never rejects: a
 * failed lookup is logged and reaches nobody, as a failed push would. Nothing is pushed from here; a write that fails
 * leaves the lookup unused.
 */
export type Audience = Promise<ConnectionRecord[]>;

export const audienceOf = (conversation: Pick<HeadItem, 'tenant' | 'members'>): Audience => {
  if (!managementClient()) return Promise.resolve([]); // no WebSocket API configured: nobody to look up
  return connectionsOf(conversation.tenant, conversation.members).catch((error: unknown) => {
    logger.warn('Could not look up the connections to push to; the request goes on', { error: error as Error });
    return [];
  });
};

/**
 * To every connection of every participant, the sender's other devices included; not back to the sending connection.
 * `view` is the message as participants see it (with download links), the plain view unless given; `audience` the
 * connections looked up alongside the write (audienceOf), else they are looked up now.
 */
export const pushMessageCreated = (
  message: MessageItem,
  options: { exceptConnectionId?: string; view?: MessageView; audience?: Audience } = {},
) =>
  safely('message.created', async () => {
    const targets = await (options.audience ?? connectionsOf(message.tenant, message.members));
    return pushTo(
      targets.filter((t) => t.connectionId !== options.exceptConnectionId),
      messageCreated(options.view ?? messageView(message)),
    );
  });

export const pushConversationRead = (
  read: { head: Pick<HeadItem, 'tenant' | 'id' | 'members'>; slot: MemberKey; userId: string; lastReadSeq: number },
  audience?: Audience,
) =>
  safely('conversation.read', () =>
    toOthers(
      read.head,
      read.userId,
      { type: 'conversation.read', conversationId: read.head.id, userId: read.userId, lastReadSeq: read.lastReadSeq },
      audience,
    ),
  );

/** To every connection of every participant: messages they may be showing were emptied (one lookup for all). */
export const pushMessagesRedacted = (
  conversation: Pick<HeadItem, 'tenant' | 'id' | 'members'>,
  messageIds: readonly string[],
  audience?: Audience,
) =>
  safely('message.redacted', async () => {
    const targets = await (audience ?? connectionsOf(conversation.tenant, conversation.members));
    const outcomes = await Promise.all(
      messageIds.map((messageId) => {
        const event: ServerEvent = { type: 'message.redacted', conversationId: conversation.id, messageId };
        return pushTo(targets, event);
      }),
    );
    return outcomes.reduce(
      (sum, o) => ({ delivered: sum.delivered + o.delivered, gone: sum.gone + o.gone, failed: sum.failed + o.failed }),
      NOTHING,
    );
  });

export const pushTyping = (head: HeadItem, userId: string) =>
  safely('typing', () => toOthers(head, userId, { type: 'typing', conversationId: head.id, userId }));

/**
 * To the other people in the conversation: every connection of every participant slot but the actor's own. In a
 * support conversation that includes the other agents on the team slot (one agent's read or typing is news to
 * the colleagues who share the queue).
 */
const toOthers = async (
  head: Pick<HeadItem, 'tenant' | 'id' | 'members'>,
  actorUserId: string,
  event: ServerEvent,
  audience?: Audience,
) =>
  pushTo(
    (await (audience ?? connectionsOf(head.tenant, head.members))).filter((c) => c.userId !== actorUserId),
    event,
  );

const NOTHING: PushOutcome = { delivered: 0, gone: 0, failed: 0 };

const safely = async (event: string, run: () => Promise<PushOutcome>): Promise<PushOutcome> => {
  if (!managementClient()) return NOTHING; // no WebSocket API configured: nobody to look up
  try {
    return await run();
  } catch (error) {
    logger.warn('Could not fan out an event; the request goes on', { error: error as Error, event });
    return { ...NOTHING, failed: 1 };
  }
};
