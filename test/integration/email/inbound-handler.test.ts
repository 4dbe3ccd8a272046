import { randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/email/inbound';
import { sesReceiptEvent } from '#infra/local/smtp-receiver';
import { inboundMailHandler } from '#infra/routes/index';
import { rawMailLocation } from '#shared/email/inbound/raw-mail';
import { issueReplyAddress, revokeReplyAddress } from '#shared/email/reply-address';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';
import { type EmailWorld, emailWorld } from '#test/support/email/email-world';
import { replyAddressOf, waitForRawEmails } from '#test/support/email/raw-emails';
import { captureMetrics } from '#test/support/observability/emitted-metrics';

/**
 * The inbound handler in-process, with the event SES gives it (the raw mail stored in the local S3 first, as the
 * receipt rule's S3 action does): what it decided and why, the verdicts only AWS produces, and the metrics.
 */
beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const s3 = new S3Client({ forcePathStyle: true });

interface Mail {
  from: string;
  to: string;
  text?: string;
  messageId?: string;
  headers?: Record<string, string>;
}

/** Stores the mail as SES would and invokes the handler with SES's event for it. */
const receive = async (mail: Mail, verdicts: Parameters<typeof sesReceiptEvent>[4] = {}) => {
  const raw = await new MailComposer({ subject: 'Re: your enquiry', ...mail }).compile().build();
  const sesMessageId = randomBytes(20).toString('hex');
  await s3.send(new PutObjectCommand({ ...rawMailLocation(sesMessageId), Body: raw }));
  const event = await sesReceiptEvent(
    raw,
    { source: mail.from, recipients: [mail.to] },
    sesMessageId,
    inboundMailHandler.name,
    verdicts,
  );
  return (await handler(event)).outcomes;
};

const opened = async (): Promise<{ w: EmailWorld; id: string; replyTo: string }> => {
  const w = await emailWorld();
  const { id } = await w.open({ message: 'Do you have it in blue?' });
  const [email] = await waitForRawEmails(w.seller.email, 1);
  return { w, id, replyTo: replyAddressOf(email!) };
};

const counted = (metrics: Array<Record<string, unknown>>, name: string) =>
  metrics.filter((m) => name in m).reduce((sum, m) => sum + (m[name] as number), 0);

describe('the inbound mail handler', () => {
  it('posts a reply once, counting InboundRepliesPosted once; a redelivery is a duplicate', async () => {
    const { w, id, replyTo } = await opened();
    const emitted = captureMetrics();
    const mail = { from: w.seller.email, to: replyTo, text: 'Yes.', messageId: `<once.${w.tenant}@mail.test>` };
    expect(await receive(mail)).toEqual([{ outcome: 'posted', conversationId: id, seq: 2 }]);
    expect(await receive(mail)).toEqual([{ outcome: 'duplicate', conversationId: id, seq: 2 }]);
    expect(counted(emitted(), 'InboundRepliesPosted')).toBe(1);
    expect(counted(emitted(), 'InboundRepliesRejected')).toBe(0);
  });

  it.each([
    ['spfVerdict', 'spf-failed', 'FAIL'],
    ['dkimVerdict', 'dkim-failed', 'FAIL'],
    ['dmarcVerdict', 'dmarc-failed', 'FAIL'],
    ['spamVerdict', 'spam-failed', 'FAIL'],
    ['virusVerdict', 'virus-failed', 'FAIL'],
    ['virusVerdict', 'virus-failed', 'PROCESSING_FAILED'],
  ] as const)('rejects a failed %s verdict (%s), counting it', async (verdict, reason, status) => {
    const { w, replyTo } = await opened();
    const emitted = captureMetrics();
    expect(await receive({ from: w.seller.email, to: replyTo, text: 'Yes.' }, { [verdict]: { status } })).toEqual([
      { outcome: 'rejected', reason },
    ]);
    expect(counted(emitted(), 'InboundRepliesRejected')).toBe(1);
  });

  it('lets GRAY verdicts pass (an unsigned mail from a domain without a policy)', async () => {
    const { w, id, replyTo } = await opened();
    const gray = { status: 'GRAY' } as const;
    expect(
      await receive(
        { from: w.seller.email, to: replyTo, text: 'Yes.' },
        { spfVerdict: gray, dkimVerdict: gray, dmarcVerdict: gray },
      ),
    ).toEqual([{ outcome: 'posted', conversationId: id, seq: 2 }]);
  });

  it('names the reason of every other rejection', async () => {
    const { w, id, replyTo } = await opened();
    const token = /^reply\+([a-z2-7]{32})@/.exec(replyTo)![1]!;
    const emitted = captureMetrics();
    const cases: Array<[Mail, string]> = [
      [{ from: `mallory.${w.tenant}@example.test`, to: replyTo, text: 'Hi' }, 'wrong-sender'],
      [{ from: w.seller.email, to: `reply+${'a'.repeat(32)}@reply.localhost`, text: 'Hi' }, 'unknown-token'],
      [{ from: w.seller.email, to: `reply+${token}@elsewhere.test`, text: 'Hi' }, 'not-a-reply-address'],
      [
        { from: w.seller.email, to: replyTo, text: 'Away', headers: { 'Auto-Submitted': 'auto-replied' } },
        'automatic-reply',
      ],
      [{ from: w.seller.email, to: replyTo, text: '> only a quote' }, 'empty-reply'],
    ];
    for (const [mail, reason] of cases) expect(await receive(mail)).toEqual([{ outcome: 'rejected', reason }]);
    await revokeReplyAddress(w.tenant, id, userMember(w.seller.id));
    expect(await receive({ from: w.seller.email, to: replyTo, text: 'Hi' })).toEqual([
      { outcome: 'rejected', reason: 'revoked-token' },
    ]);
    expect(counted(emitted(), 'InboundRepliesRejected')).toBe(cases.length + 1);
  });

  it('rejects a sender the send use case refuses (here its participant check: not in the header)', async () => {
    const { w, id } = await opened();
    const stranger = userMember('stranger');
    const sellerView = (await w.member(id, w.seller.id))!;
    await db().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME!,
        Item: {
          ...sellerView,
          ...keys.member(w.tenant, id, stranger),
          member: stranger,
          participants: { [stranger]: { ...sellerView.participants[userMember(w.seller.id)]!, userId: 'stranger' } },
        },
      }),
    );
    const replyTo = (await issueReplyAddress(w.tenant, id, stranger))!;
    expect(await receive({ from: w.seller.email, to: replyTo, text: 'Let me in.' })).toEqual([
      { outcome: 'rejected', reason: 'may-not-post' },
    ]);
  });

  it('compares the sender case-insensitively and ignores the display name', async () => {
    const { w, id, replyTo } = await opened();
    expect(await receive({ from: `"Sam" <${w.seller.email.toUpperCase()}>`, to: replyTo, text: 'Yes!' })).toEqual([
      { outcome: 'posted', conversationId: id, seq: 2 },
    ]);
  });
});
