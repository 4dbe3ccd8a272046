import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { backoff } from '../backoff';
import { config } from '../config';
import { Conflict, TooManyRequests } from '../errors';
import { randomId } from '../ids';
import { countMetric, METRIC } from '../observability/metrics';
import { db } from '../table/client';
import { cancellationReasons, isConditionFailed, isTransactionConflict } from '../table/errors';
import { keys, type MemberKey } from '../table/keys';
import { nowIso } from '../time';
import { readMessage } from './conversation-store';
import type { HeadItem, MessageItem } from './model';

export interface NewMessage {
  head: HeadItem;
  sender: MemberKey;
  senderId: string;
  text: string;
  clientMessageId?: string;
  /** The seq the caller believes is next (tip + 1); moved up on collision. */
  nextSeq: number;
}

const MAX_ATTEMPTS = 200;

/**
 * Appends a message to the conversation log.
 *
 * Ordering: the message is put at `LOG#<seq>` only if that slot is empty, and a writer moves to seq n+1 only
 * after seeing slot n taken, so seqs are gap-free and increase in commit order, whatever the concurrency.
 * Idempotency: with a clientMessageId, the message and a `CMID#<sender>#<id>` pointer are written in one
 * transaction; a retry finds the pointer and gets the stored message back (created: false), never a second copy.
 */
export const appendMessage = async (input: NewMessage): Promise<{ message: MessageItem; created: boolean }> => {
  const { head, sender, clientMessageId } = input;
  let seq = input.nextSeq;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const message = messageItem(input, seq);
    try {
      await write(message, head.tenant, sender, clientMessageId);
      countMetric(METRIC.messagesSent);
      return { message, created: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      const pointer = reasons?.[1];
      if (pointer?.Code === 'ConditionalCheckFailed' && pointer.Item) {
        const existing = await readMessage(head.tenant, head.id, Number(unmarshall(pointer.Item as never).seq));
        if (existing?.text === input.text) return { message: existing, created: false };
        if (existing) throw new Conflict('This clientMessageId was already used for a different message.');
      }
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

const messageItem = (input: NewMessage, seq: number) =>
  newMessageItem(input.head, input.sender, input.senderId, input.text, input.clientMessageId, seq);

export const newMessageItem = (
  head: HeadItem,
  sender: MemberKey,
  senderId: string,
  text: string,
  clientMessageId: string | undefined,
  seq: number,
): MessageItem => ({
  ...keys.message(head.tenant, head.id, seq),
  entity: 'message',
  tenant: head.tenant,
  id: randomId(),
  conversationId: head.id,
  seq,
  senderId,
  sender,
  text,
  createdAt: nowIso(),
  ...(clientMessageId !== undefined && { clientMessageId }),
  members: head.members,
});

const write = async (message: MessageItem, tenant: string, sender: MemberKey, clientMessageId?: string) => {
  const TableName = config.tableName;
  const put = { TableName, Item: message, ConditionExpression: 'attribute_not_exists(PK)' };
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
            Item: { ...keys.clientMessageId(tenant, message.conversationId, sender, clientMessageId), entity: 'client-message-id', seq: message.seq },
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    }),
  );
};

