import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';
import type { MessageItem } from './message';

/**
 * `CMID#U#<sender's user>#<clientMessageId>`: which message a sender's client id produced, written in the same
 * transaction as the message, so a retried send finds it (de-duplication). Keyed by the sending user, not the slot:
 * every agent sends through TEAM#support.
 */
export interface ClientMessagePointerItem extends Key {
  entity: 'client-message-id';
  seq: number;
}

/** The pointer to a message sent with a clientMessageId. */
export const clientMessagePointerItem = (
  message: Pick<MessageItem, 'tenant' | 'conversationId' | 'senderId' | 'seq'> & { clientMessageId: string },
): ClientMessagePointerItem => ({
  ...keys.clientMessageId(message.tenant, message.conversationId, message.senderId, message.clientMessageId),
  entity: 'client-message-id',
  seq: message.seq,
});

/** The pointer a sender's clientMessageId left in a conversation, if that send was stored. */
export const getClientMessagePointer = async (
  tenant: string,
  conversationId: string,
  senderId: string,
  clientMessageId: string,
) =>
  (
    await db().send(
      new GetCommand({
        TableName: config.tableName,
        Key: keys.clientMessageId(tenant, conversationId, senderId, clientMessageId),
        ConsistentRead: true,
      }),
    )
  ).Item as ClientMessagePointerItem | undefined;
