import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type ClientMessagePointerItem, clientMessagePointerItem } from '#shared/chat/items/client-message-pointer';
import type { HeadItem } from '#shared/chat/items/head';
import { getMessage, type MessageItem, messageItem, writtenText } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { Conflict, TooManyRequests } from '#shared/errors';
import { randomId } from '#shared/ids';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { db } from '#shared/table/client';
import {
  cancellationReasons,
  cancelledItem,
  failedConditionItem,
  isConditionFailed,
  isTransactionConflict,
} from '#shared/table/errors';
import type { MemberKey } from '#shared/table/keys';

export interface NewMessage {
  head: HeadItem;
  sender: MemberKey;
  senderId: string;
  text: string;
  /** The text as written, when the tenant's policy masked `text`. */
  original?: string;
  clientMessageId?: string;
  /** The seq the caller believes is next (tip + 1); moved up on collision. */
  nextSeq: number;
}

const MAX_ATTEMPTS = 200;

type Appended = { message: MessageItem; created: boolean };

/**
 * Appends a message to the conversation log.
 *
 * Ordering: the message is put at `LOG#<seq>` only if that slot is empty, and a writer moves to seq n+1 only
 * after seeing slot n taken by another message, so seqs are gap-free and increase in commit order, whatever the
 * concurrency.
 * Idempotency: the message id is drawn once per call. When a put committed but its response was lost, the SDK
 * retries it and finds the slot taken by a message with our id: that is our own commit, answered as created,
 * never stored again at the next seq. With a clientMessageId, the message and a `CMID#<sender's user>#<id>` pointer are
 * written in one transaction: its SDK retries carry the same ClientRequestToken, and any later retry finds the
 * pointer: to our own message (created, as above) or to the one an earlier call stored (created: false), never
 * a second copy.
 */
export const appendMessage = async (input: NewMessage): Promise<Appended> => {
  const { head, sender, clientMessageId } = input;
  const id = randomId();
  let seq = input.nextSeq;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // Stamped per slot tried, so createdAt never decreases along the seqs.
    const message = messageItem(head, {
      id,
      seq,
      sender,
      senderId: input.senderId,
      text: input.text,
      original: input.original,
      clientMessageId,
    });
    try {
      await write(message, clientMessageId);
      return sent(message);
    } catch (error) {
      const reasons = cancellationReasons(error);
      const pointer = cancelledItem<ClientMessagePointerItem>(reasons?.[1]);
      if (pointer) {
        const existing = await getMessage(head.tenant, head.id, Number(pointer.seq));
        if (existing?.id === id) return sent(existing); // our own earlier attempt committed
        // A retry is the same text as written (masking may differ under a changed policy); a redacted message
        // has no text left to compare, and its clientMessageId still names it.
        if (existing && (existing.redacted || writtenText(existing) === (input.original ?? input.text)))
          return { message: existing, created: false };
        if (existing) throw new Conflict('This clientMessageId was already used for a different message.');
      }
      const own = isConditionFailed(error) ? ownMessage(error, id) : undefined;
      if (own) return sent(own);
      if (isConditionFailed(error) || reasons?.[0]?.Code === 'ConditionalCheckFailed') {
        seq += 1;
        continue;
      }
      if (isTransactionConflict(error)) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
  }
  throw new TooManyRequests(1);
};

const sent = (message: MessageItem): Appended => {
  countMetric(METRIC.messagesSent);
  return { message, created: true };
};

/** The message in the slot a put found taken, when it is ours: an earlier attempt of this call committed. */
const ownMessage = (error: unknown, id: string): MessageItem | undefined => {
  const item = failedConditionItem<MessageItem>(error);
  return item?.id === id ? item : undefined;
};

const write = async (message: MessageItem, clientMessageId?: string) => {
  const TableName = config.tableName;
  const put = {
    TableName,
    Item: message,
    ConditionExpression: 'attribute_not_exists(PK)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  if (clientMessageId === undefined) {
    await db().send(new PutCommand(put));
    return;
  }
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: put },
        {
          Put: {
            TableName,
            Item: clientMessagePointerItem({ ...message, clientMessageId }),
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    }),
  );
};
