import { createHash } from 'node:crypto';
import type { SESMessage } from 'aws-lambda';
import PostalMime, { type Email } from 'postal-mime';
import type { Identity } from '#shared/auth/identity';
import { getMember } from '#shared/chat/items/member';
import { sendMessage } from '#shared/chat/send-message';
import { HttpProblem } from '#shared/errors';
import { logger } from '#shared/observability/logger';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { emailConfig } from '../email-config';
import { recipientAddress } from '../recipient-address';
import { type ReplyTarget, replyTokenOf, resolveReplyToken } from '../reply-address';
import { isAutomatic } from './auto-reply';
import { readRawMail } from './raw-mail';
import { failedVerdict } from './verdicts';
import { visibleReply } from './visible-reply';

/** Why a received email was not posted (logged with it, and counted as InboundRepliesRejected). */
export type RejectionReason =
  | 'not-a-reply-address'
  | 'unknown-token'
  | 'revoked-token'
  | 'spf-failed'
  | 'dkim-failed'
  | 'dmarc-failed'
  | 'spam-failed'
  | 'virus-failed'
  | 'too-large'
  | 'automatic-reply'
  | 'unknown-recipient'
  | 'wrong-sender'
  | 'empty-reply'
  | 'message-id-reused'
  | 'may-not-post';

export type ReplyOutcome =
  | { outcome: 'posted' | 'duplicate'; conversationId: string; seq: number }
  | { outcome: 'rejected'; reason: RejectionReason };

/**
 * The clientMessageId of a reply: from the email's Message-ID (a hash, in the id's alphabet), so the same email
 * received twice is stored once by the send use case's de-duplication. An email without a Message-ID falls back to
 * SES's id of this receipt (a redelivered Lambda event is then stored once).
 */
export const replyClientMessageId = (messageId: string) =>
  `email-${createHash('sha256').update(messageId.trim().toLowerCase()).digest('base64url').slice(0, 43)}`;

/** A message without a Content-Type is text/plain (RFC 2045); otherwise look for a text/plain part. */
const hasPlainPart = (mail: Email, raw: Uint8Array) =>
  !mail.headers.some((h) => h.key === 'content-type') ||
  /^content-type:[ \t]*(?:\r?\n[ \t]+)?text\/plain/im.test(Buffer.from(raw).toString('latin1'));

const fromAddress = (mail: Email) => {
  const from = mail.from;
  return (from?.address ?? from?.group?.[0]?.address)?.trim().toLowerCase();
};

/**
 * One received email (an SES receipt: the mail's envelope and SES's verdicts; the raw message is in S3) becomes a
 * message in each conversation it is a reply to, from the member the reply address was issued to, through the very
 * use case HTTP sends use (`sendMessage`: seq, push, unread counts, the other participants' emails follow), or is
 * rejected with a reason: logged, counted, never posted. Rules in contract order: the address (unknown, altered or
 * revoked token), SES's verdicts, automatic replies, the sender (From must be the member's known address, when one
 * is known), an empty visible reply, and whether the member may still post there: that last check is the send use
 * case's own (a participant check today; any refusal it adds later, such as a block, arrives here as a 4xx problem
 * and is a rejection too).
 *
 * Idempotency: the clientMessageId comes from the email's Message-ID, so a redelivery (SES retries, Lambda's async
 * retries, the same email sent twice) returns the stored message (`duplicate`) and stores nothing. Transient
 * failures (the table, S3, a 429 of the sender's rate limit) throw, and the invocation is retried.
 */
export const receiveReply = async ({ mail, receipt }: SESMessage): Promise<ReplyOutcome[]> => {
  const domain = emailConfig.replyDomain;
  const tokens = [...new Set(receipt.recipients.map((r) => (domain ? replyTokenOf(r, domain) : undefined)))].filter(
    (t): t is string => t !== undefined,
  );
  const context = { sesMessageId: mail.messageId, recipients: receipt.recipients };
  if (tokens.length === 0) return [reject('not-a-reply-address', context)];
  const verdict = failedVerdict(receipt) as RejectionReason | undefined;
  if (verdict) return tokens.map(() => reject(verdict, context));

  const raw = await readRawMail(mail.messageId);
  if (!raw) return tokens.map(() => reject('too-large', context));
  const parsed = await PostalMime.parse(raw);
  if (isAutomatic(parsed.headers)) return tokens.map(() => reject('automatic-reply', context));
  const text = await visibleReply({ text: hasPlainPart(parsed, raw) ? parsed.text : undefined, html: parsed.html });
  const clientMessageId = replyClientMessageId(
    parsed.messageId?.trim() || mail.commonHeaders.messageId?.trim() || `ses:${mail.messageId}`,
  );

  const outcomes: ReplyOutcome[] = [];
  for (const token of tokens) {
    const resolved = await resolveReplyToken(token);
    if (resolved.outcome !== 'found') {
      outcomes.push(reject(resolved.outcome === 'revoked' ? 'revoked-token' : 'unknown-token', context));
      continue;
    }
    outcomes.push(await post(resolved.target, { from: fromAddress(parsed), text, clientMessageId }, context));
  }
  return outcomes;
};

const post = async (
  { tenant, conversationId, member }: ReplyTarget,
  reply: { from: string | undefined; text: string; clientMessageId: string },
  mailContext: Record<string, unknown>,
): Promise<ReplyOutcome> => {
  const context = { ...mailContext, tenant, conversationId, member };
  const view = await getMember(tenant, conversationId, member, true);
  const participant = view?.participants[member];
  if (!view || !participant) return reject('unknown-recipient', context);
  const known = await recipientAddress(tenant, participant.userId, participant.role, view.email);
  if (known && known.toLowerCase() !== reply.from) return reject('wrong-sender', context);
  if (!reply.text) return reject('empty-reply', context);
  const identity: Identity = {
    tenant,
    userId: participant.userId,
    role: participant.role,
    ...(participant.name !== undefined && { name: participant.name }),
  };
  try {
    const { message, created } = await sendMessage(identity, conversationId, {
      text: reply.text,
      clientMessageId: reply.clientMessageId,
    });
    if (created) countMetric(METRIC.inboundRepliesPosted);
    logger.info(created ? 'Email reply posted' : 'Email reply already posted', { ...context, seq: message.seq });
    return { outcome: created ? 'posted' : 'duplicate', conversationId, seq: message.seq };
  } catch (error) {
    if (!(error instanceof HttpProblem) || error.status < 400 || error.status >= 500 || error.status === 429)
      throw error;
    // 409: another email with this Message-ID but other text was posted. Any other 4xx: the send use case refused
    // this sender (no longer a participant, blocked, …). Both final; 429 and 5xx are retried.
    const reason = error.status === 409 ? 'message-id-reused' : 'may-not-post';
    return reject(reason, { ...context, status: error.status, detail: error.detail });
  }
};

const reject = (reason: RejectionReason, context: Record<string, unknown>): ReplyOutcome => {
  countMetric(METRIC.inboundRepliesRejected);
  logger.warn('Email reply rejected', { reason, ...context });
  return { outcome: 'rejected', reason };
};
