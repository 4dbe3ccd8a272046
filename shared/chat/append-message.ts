import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type AttachmentItem, type AttachmentRef, claimAttachment } from '#shared/chat/items/attachment';
import { type ClientMessagePointerItem, clientMessagePointerItem } from '#shared/chat/items/client-message-pointer';
import type { HeadItem } from '#shared/chat/items/head';
import { getMessage, type MessageItem, messageItem, writtenText } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { Conflict, type FieldErrors, TooManyRequests, ValidationFailed } from '#shared/errors';
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
  /** Verified attachments (verify-attachments.ts), claimed in the message's own transaction. */
  attachments?: AttachmentRef[];
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
 * Attachments: each is claimed (pending, the sender's, unexpired → taken by this message) in the same transaction
 * as the message, so a message exists exactly when its attachments are claimed by it, and of concurrent sends of one
 * attachment exactly one commits; the others are a 422 naming it. A retry with the same clientMessageId meets the
 * pointer first and gets the stored message, whose claims are its own.
 */
export const appendMessage = async (input: NewMessage): Promise<Appended> => {
  const { head, sender, clientMessageId, attachments } = input;
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
      attachments,
    });
    try {
      await write(message, clientMessageId);
      return sent(message);
    } catch (error) {
      const reasons = cancellationReasons(error);
      const pointer = clientMessageId === undefined ? undefined : cancelledItem<ClientMessagePointerItem>(reasons?.[1]);
      if (pointer) {
        const existing = await getMessage(head.tenant, head.id, Number(pointer.seq));
        if (existing?.id === id) return sent(existing); // our own earlier attempt committed
        // A retry is the same text as written (masking may differ under a changed policy) with the same
        // attachments; a redacted message has no text left to compare, and its clientMessageId still names it.
        if (existing && sameContent(existing, message, input.original ?? input.text))
          return { message: existing, created: false };
        if (existing) throw new Conflict('This clientMessageId was already used for a different message.');
      }
      const own = isConditionFailed(error) ? ownMessage(error, id) : undefined;
      if (own) return sent(own);
      refuseTakenAttachments(message, reasons?.slice(clientMessageId === undefined ? 1 : 2));
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

/** A retry of the same send: the same text and the same attachments, in the same order. */
const sameContent = (existing: MessageItem, retry: MessageItem, written: string) =>
  existing.redacted ||
  (writtenText(existing) === written &&
    JSON.stringify((existing.attachments ?? []).map((a) => a.id)) ===
      JSON.stringify((retry.attachments ?? []).map((a) => a.id)));

/**
 * 422 naming every attachment whose claim was refused: another message took it since it was verified (a concurrent
 * send), or it expired meanwhile. `claims` are the cancellation reasons of the claims, in attachment order.
 */
const refuseTakenAttachments = (message: MessageItem, claims: Array<{ Code?: string }> | undefined) => {
  const errors: FieldErrors = {};
  for (const [i, attachment] of (message.attachments ?? []).entries()) {
    const reason = claims?.[i];
    if (reason?.Code !== 'ConditionalCheckFailed') continue;
    const found = cancelledItem<AttachmentItem>(reason);
    errors[`attachments.${i}`] = [
      found?.messageId === undefined
        ? `attachment ${attachment.id} is no longer available; upload it again`
        : `attachment ${attachment.id} was already sent in a message`,
    ];
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
};

/** The message in the slot a put found taken, when it is ours: an earlier attempt of this call committed. */
const ownMessage = (error: unknown, id: string): MessageItem | undefined => {
  const item = failedConditionItem<MessageItem>(error);
  return item?.id === id ? item : undefined;
};

/** The message alone is one conditional put; with a pointer or attachments, one transaction: message, pointer, claims. */
const write = async (message: MessageItem, clientMessageId?: string) => {
  const TableName = config.tableName;
  const put = {
    TableName,
    Item: message,
    ConditionExpression: 'attribute_not_exists(PK)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  const attachments = message.attachments ?? [];
  if (clientMessageId === undefined && attachments.length === 0) {
    await db().send(new PutCommand(put));
    return;
  }
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: put },
        ...(clientMessageId === undefined
          ? []
          : [
              {
                Put: {
                  TableName,
                  Item: clientMessagePointerItem({ ...message, clientMessageId }),
                  ConditionExpression: 'attribute_not_exists(PK)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                },
              },
            ]),
        ...attachments.map((a) => claimAttachment(message, a.id)),
      ],
    }),
  );
};
