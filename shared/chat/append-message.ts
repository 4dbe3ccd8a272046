import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type AttachmentItem, type AttachmentRef, claimAttachment } from '#shared/chat/items/attachment';
import {
  type ClientMessagePointerItem,
  clientMessagePointerItem,
  pointedMessage,
} from '#shared/chat/items/client-message-pointer';
import type { HeadItem } from '#shared/chat/items/head';
import { findMessageById, type MessageItem, messageItem, writtenText } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { Conflict, type FieldErrors, TooManyRequests, ValidationFailed } from '#shared/errors';
import { deterministicId, randomId } from '#shared/ids';
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
  /**
   * The id its send claimed the clientMessageId for (send-message.ts): the pointer exists, so only the message is
   * written. Without it, a clientMessageId's pointer is written in the message's transaction.
   */
  claimedId?: string;
}

const MAX_ATTEMPTS = 200;

export type Appended = { message: MessageItem; created: boolean };

/**
 * Appends a message to the conversation log.
 *
 * Ordering: the message is put at `LOG#<seq>` only if that slot is empty, and a writer moves to seq n+1 only
 * after seeing slot n taken by another message, so seqs are gap-free and increase in commit order, whatever the
 * concurrency.
 * Idempotency: the message id is drawn once per call (or claimed before it, `claimedId`). When a put committed but
 * its response was lost, the SDK retries it and finds the slot taken by a message with our id: that is our own
 * commit, answered as created, never stored again at the next seq. A clientMessageId's pointer either was claimed by
 * the send before this (`claimedId`, shared/chat/items/client-message-pointer.ts) or is written here in one
 * transaction with the message; a later retry finds it (claimedRetry, or the transaction's cancellation) and gets the
 * message it names, never a second copy.
 * Attachments: each is claimed (pending, the sender's, unexpired → taken by this message) in the same transaction
 * as the message, so a message exists exactly when its attachments are claimed by it, and of concurrent sends of one
 * attachment exactly one commits; the others are a 422 naming it. A retry with the same clientMessageId meets the
 * pointer first and gets the stored message, whose claims are its own.
 */
export const appendMessage = async (input: NewMessage): Promise<Appended> => {
  const { head, sender, clientMessageId, attachments, claimedId } = input;
  const id = claimedId ?? randomId();
  const pointerHere = clientMessageId !== undefined && claimedId === undefined;
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
      await write(message, pointerHere ? clientMessageId : undefined);
      return sent(message);
    } catch (error) {
      const reasons = cancellationReasons(error);
      const pointer = pointerHere ? cancelledItem<ClientMessagePointerItem>(reasons?.[1]) : undefined;
      if (pointer) {
        const existing = await pointedMessage(pointer, message);
        if (existing?.id === id) return sent(existing); // our own earlier attempt committed
        if (existing) return retried(existing, { written: input.original ?? input.text, attachments });
        throw new TooManyRequests(1); // claimed by a send still storing it: the client's retry finds it
      }
      // Our own message in the slot: an earlier attempt of this call committed (or, for a claimed id, the send
      // that claimed it, storing it while this one took over: see claimedRetry).
      const inSlot = isConditionFailed(error)
        ? failedConditionItem<MessageItem>(error)
        : cancelledItem<MessageItem>(reasons?.[0]);
      if (inSlot?.id === id) return sent(inSlot);
      const claims = reasons?.slice(pointerHere ? 2 : 1);
      if (claims?.some((c) => cancelledItem<AttachmentItem>(c)?.messageId === id)) {
        const found = await findMessageById(head.tenant, head.id, id);
        if (found) return sent(found);
      }
      refuseTakenAttachments(message, claims);
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

/** What a send asked for, to tell its retry from another message with the same clientMessageId. */
export interface SendContent {
  /** The text as written (before the tenant's policy masked anything). */
  written: string;
  attachments?: ReadonlyArray<{ id: string }> | undefined;
}

/**
 * The message a retried send's clientMessageId already produced (its pointer names it), as the retry gets it back:
 * `created: false`; or 409 when that clientMessageId was used for a message with other content. A retry is the same
 * text as written (masking may differ under a changed policy) with the same attachments in the same order; a
 * redacted message has no text left to compare, and its clientMessageId still names it.
 */
export const retried = (existing: MessageItem, retry: SendContent): Appended => {
  const sameContent =
    existing.redacted ||
    contentKey({ written: writtenText(existing), attachments: existing.attachments }) === contentKey(retry);
  if (!sameContent) throw reused();
  return { message: existing, created: false };
};

/**
 * What a send asked for, in a claim (client-message-pointer.ts): a retry that finds the claim before the message
 * tells a reuse with other content (409) without waiting for it, and a retry that takes the claim over stores what the
 * claiming send asked for, never other content under its id.
 */
export const contentKey = (content: SendContent) =>
  deterministicId(content.written, ...(content.attachments ?? []).map((a) => a.id));

/** 409: a clientMessageId that already stands for a message with other content. */
export const reused = () => new Conflict('This clientMessageId was already used for a different message.');

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
