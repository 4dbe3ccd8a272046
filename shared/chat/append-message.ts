import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type AttachmentItem, type AttachmentRef, claimAttachment } from '#shared/chat/items/attachment';
import {
  abandonClaim,
  type ClientMessagePointerItem,
  claimClientMessageId,
  getClientMessagePointer,
  type PointerOwner,
} from '#shared/chat/items/client-message-pointer';
import type { HeadItem } from '#shared/chat/items/head';
import { findMessageById, getMessage, type MessageItem, messageItem, writtenText } from '#shared/chat/items/message';
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
  /** The seq the caller believes is next (tip + 1): every slot before it is taken. */
  nextSeq: number;
}

const MAX_ATTEMPTS = 200;
/**
 * How long a retry waits for the send that claimed its clientMessageId to store the message before it stores it
 * itself (a claim is followed by the message within milliseconds, unless its send died in between).
 */
const CLAIM_PATIENCE_MS = 3_000;

type Appended = { message: MessageItem; created: boolean };

/**
 * Appends a message to the conversation log.
 *
 * Ordering: the message is put at `LOG#<seq>` only if that slot is empty, and a writer moves to seq n+1 only
 * after seeing slot n taken by another message, so seqs are gap-free and increase in commit order, whatever the
 * concurrency.
 * Idempotency: the message id is drawn once per call. When a put committed but its response was lost, the SDK
 * retries it and finds the slot taken by a message with our id: that is our own commit, answered as created,
 * never stored again at the next seq.
 * With a clientMessageId, the send first claims the `CMID#<sender's user>#<id>` pointer (put only if absent), naming
 * the message's id and the seq it starts from, then puts the message: two single-item writes, not a transaction.
 * Of concurrent sends with one clientMessageId exactly one claims it; every other one (a retry) finds the message
 * the pointer names (created: false, or a 409 for other text), waiting while the claiming send is storing it. Should
 * that send have died between its two writes (or failed, and marked its claim abandoned), the retry stores the
 * message itself under the claimed id, and the message is still stored once: slots are written once and every
 * writer of that id walks up from the pointer's seq, past slots all of them see taken by other messages, so the
 * first free slot one of them fills is the one each of the others reaches and finds holding the id (a retry first
 * reads the log from the pointer's seq, and starts past its own tip).
 * Attachments: each is claimed (pending, the sender's, unexpired → taken by this message) in the same transaction
 * as the message, so a message exists exactly when its attachments are claimed by it, and of concurrent sends of one
 * attachment exactly one commits; the others are a 422 naming it. A retry with the same clientMessageId meets the
 * pointer first and gets the stored message, whose claims are its own.
 */
export const appendMessage = async (input: NewMessage): Promise<Appended> => {
  if (input.clientMessageId === undefined) return sent((await appendAs(randomId(), input, input.nextSeq)).message);
  const owner = { tenant: input.head.tenant, conversationId: input.head.id, senderId: input.senderId };
  const pointerOwner = { ...owner, clientMessageId: input.clientMessageId };
  const id = randomId();
  const claim = await claimClientMessageId(pointerOwner, { messageId: id, fromSeq: input.nextSeq });
  if (!claim.claimed) return retried(input, pointerOwner, claim.pointer);
  try {
    // Found there (`stored: false`): our own put whose answer was lost, hardly ever a retry that stopped waiting.
    const { message } = await appendAs(id, input, input.nextSeq);
    return sent(message);
  } catch (error) {
    await abandonClaim(pointerOwner, id);
    throw error;
  }
};

/**
 * A send whose clientMessageId another send claimed: the message it names (created: false; 409 when it is other
 * text or attachments), once stored; stored by this send itself when the claiming send is gone.
 */
const retried = async (input: NewMessage, owner: PointerOwner, claim: ClientMessagePointerItem): Promise<Appended> => {
  const { head } = input;
  let pointer = claim;
  for (let attempt = 1; ; attempt++) {
    const existing =
      pointer.seq === undefined
        ? await findMessageById(head.tenant, head.id, pointer.messageId, pointer.fromSeq)
        : await getMessage(head.tenant, head.id, pointer.seq);
    if (existing) return replayed(existing, input);
    if (pointer.abandoned || Date.now() - pointer.claimedAt > CLAIM_PATIENCE_MS) {
      // Every slot up to our tip was taken before that read, and none holds the message: start past it.
      const taken = await appendAs(pointer.messageId, input, Math.max(pointer.fromSeq, input.nextSeq));
      return taken.stored ? sent(taken.message) : replayed(taken.message, input);
    }
    await backoff(attempt);
    pointer =
      (await getClientMessagePointer(owner.tenant, owner.conversationId, owner.senderId, owner.clientMessageId)) ??
      pointer;
  }
};

/** The stored message a retry gets back: the same text as written (masking may differ under a changed policy) and the same attachments. */
const replayed = (existing: MessageItem, input: NewMessage): Appended => {
  // A redacted message has no text left to compare, and its clientMessageId still names it.
  const same =
    existing.redacted ||
    (writtenText(existing) === (input.original ?? input.text) &&
      JSON.stringify((existing.attachments ?? []).map((a) => a.id)) ===
        JSON.stringify((input.attachments ?? []).map((a) => a.id)));
  if (!same) throw new Conflict('This clientMessageId was already used for a different message.');
  return { message: existing, created: false };
};

const sent = (message: MessageItem): Appended => {
  countMetric(METRIC.messagesSent);
  return { message, created: true };
};

/**
 * Puts the message `id` at the first slot from `fromSeq` on that is free, or finds it already in one it reaches
 * (`stored: false`): stored before by this very put (its answer lost), or by another send of the same claimed
 * clientMessageId.
 */
const appendAs = async (
  id: string,
  input: NewMessage,
  fromSeq: number,
): Promise<{ message: MessageItem; stored: boolean }> => {
  const { head, sender, clientMessageId, attachments } = input;
  let seq = fromSeq;
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
      await write(message);
      return { message, stored: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      const inSlot = isConditionFailed(error)
        ? failedConditionItem<MessageItem>(error)
        : cancelledItem<MessageItem>(reasons?.[0]);
      if (inSlot?.id === id) return { message: inSlot, stored: false };
      const claims = reasons?.slice(1);
      if (claims?.some((c) => cancelledItem<AttachmentItem>(c)?.messageId === id)) {
        // The message holds its attachments already, in a slot this put has not reached: it is stored.
        const found = await findMessageById(head.tenant, head.id, id, fromSeq);
        if (found) return { message: found, stored: false };
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

/** The message alone is one conditional put; with attachments, one transaction: the message and its claims. */
const write = async (message: MessageItem) => {
  const TableName = config.tableName;
  const put = {
    TableName,
    Item: message,
    ConditionExpression: 'attribute_not_exists(PK)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) {
    await db().send(new PutCommand(put));
    return;
  }
  await db().send(
    new TransactWriteCommand({
      TransactItems: [{ Put: put }, ...attachments.map((a) => claimAttachment(message, a.id))],
    }),
  );
};
