import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type ClientMessagePointerItem, clientMessagePointerItem } from '#shared/chat/items/client-message-pointer';
import { type MessageItem, messageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { TooManyRequests } from '#shared/errors';
import { randomId } from '#shared/ids';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { db } from '#shared/table/client';
import { cancellationReasons, isTransactionConflict } from '#shared/table/errors';
import { type Appended, appendMessage, type NewMessage } from './append-message';

const MAX_ATTEMPTS = 200;

/**
 * Text only: a dialect's lines carry no attachments (a message with attachments goes through appendMessage), and
 * no claimed id (a line whose clientMessageId a send claimed is a retry: claimedRetry).
 */
type Lines = ReadonlyArray<Omit<NewMessage, 'attachments' | 'claimedId'>>;

/**
 * Appends messages one caller wrote together (newChat's product line, then the caller's own) at consecutive seqs,
 * from the first one's `nextSeq`, in one transaction: stored together or not at all, and nobody else's message
 * between them. For a single message, appendMessage.
 *
 * Ordering: each message is put at its `LOG#<seq>` only if that slot is empty; when another message took one of them
 * first (a concurrent send), nothing is stored and all are tried again one seq further, so seqs stay gap-free and
 * increase in commit order, as appendMessage keeps them.
 * Idempotency: each clientMessageId's pointer is put in the same transaction, with its seq, only if absent, as
 * appendMessage puts one (not over a dead claim, as an opening may: in a conversation that exists, a claim however
 * old is the pointer of the message its send may have stored). When one is there already (a retry racing its
 * original, or a send that claimed the clientMessageId), nothing is stored here and each message goes through
 * appendMessage on its own, which answers the message the pointer names (created: false: pointedMessage, for a seq
 * or a claim), stores it, or is a 429 while a claim's message is not stored yet. A transaction whose response was
 * lost is retried by the SDK with the same ClientRequestToken, which DynamoDB answers as the transaction that
 * committed.
 */
export const appendTogether = async (messages: Lines): Promise<Appended[]> => {
  const ids = messages.map(() => randomId());
  let seq = messages[0]!.nextSeq;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const items = messages.map((m, i) =>
      messageItem(m.head, {
        id: ids[i]!,
        seq: seq + i,
        sender: m.sender,
        senderId: m.senderId,
        text: m.text,
        original: m.original,
        clientMessageId: m.clientMessageId,
      }),
    );
    const writes = items.flatMap(puts);
    try {
      await db().send(new TransactWriteCommand({ TransactItems: writes.map(({ write }) => write) }));
      countMetric(METRIC.messagesSent, items.length);
      return items.map((message) => ({ message, created: true }));
    } catch (error) {
      const refused = (cancellationReasons(error) ?? []).flatMap((r, i) =>
        r.Code === 'ConditionalCheckFailed' ? [writes[i]!.of] : [],
      );
      if (refused.includes('pointer')) return oneByOne(messages, seq);
      if (refused.includes('message')) {
        seq += 1;
        continue;
      }
      if (!isTransactionConflict(error)) throw error;
      await backoff(attempt);
    }
  }
  throw new TooManyRequests(1);
};

/** The message's put and, with a clientMessageId, its pointer's: each only if absent. */
const puts = (message: MessageItem) => {
  const put = (Item: MessageItem | ClientMessagePointerItem) => ({
    Put: { TableName: config.tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' },
  });
  const { clientMessageId } = message;
  return [
    { of: 'message' as const, write: put(message) },
    ...(clientMessageId === undefined
      ? []
      : [{ of: 'pointer' as const, write: put(clientMessagePointerItem({ ...message, clientMessageId })) }]),
  ];
};

/** A clientMessageId already named a message: each through appendMessage, which tells a retry from a new message. */
const oneByOne = async (messages: Lines, seq: number) => {
  const appended: Appended[] = [];
  let next = seq;
  for (const m of messages) {
    const one = await appendMessage({ ...m, nextSeq: next });
    appended.push(one);
    next = Math.max(next, one.message.seq + 1);
  }
  return appended;
};
