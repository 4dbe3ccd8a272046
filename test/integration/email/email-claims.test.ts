import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { CLAIM_LEASE_MS, claimEmail, readClaim, settleClaim } from '#shared/email/email-claims';
import { keys, userMember } from '#shared/table/keys';
import { emailWorld } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { insertRecord, streamEvent } from '#test/support/stream/records';

const key = () => keys.emailNotify(`t-${randomUUID().slice(0, 8)}`, 'conv', userMember('u'));
const AT = '2026-03-01T12:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(AT) + minutes * 60_000).toISOString();
const WINDOW = 15 * 60_000;

describe('email claims (conditional writes on DynamoDB Local)', () => {
  it('lets one attempt own an email; another sees it in flight until the lease runs out, then may take it over', async () => {
    const k = key();
    const now = Date.now();
    const mine = await claimEmail({ key: k, seq: 2, at: AT }, now);
    expect(mine.outcome).toBe('claimed');
    const other = await claimEmail({ key: k, seq: 2, at: AT }, now + 1_000);
    expect(other).toEqual({ outcome: 'busy', retryInMs: CLAIM_LEASE_MS - 1_000 });

    // The owner died mid-send: after the lease, a retry takes over (a possible duplicate beats a lost email).
    const takeover = await claimEmail({ key: k, seq: 2, at: AT }, now + CLAIM_LEASE_MS + 1);
    expect(takeover.outcome).toBe('claimed');
    await settleClaim(k, (mine as { attemptId: string }).attemptId, 'sent', 'stale-owner'); // no longer the owner: no-op
    expect(await readClaim(k)).toMatchObject({
      state: 'sending',
      attemptId: (takeover as { attemptId: string }).attemptId,
    });

    await settleClaim(k, (takeover as { attemptId: string }).attemptId, 'sent', 'ses-1');
    expect(await claimEmail({ key: k, seq: 2, at: AT })).toEqual({ outcome: 'done', state: 'sent', seq: 2 });
  });

  it('retries a failed email, never a sent or rejected one', async () => {
    const k = key();
    const first = (await claimEmail({ key: k, seq: 2, at: AT })) as { attemptId: string };
    await settleClaim(k, first.attemptId, 'failed');
    const retry = (await claimEmail({ key: k, seq: 2, at: AT })) as { outcome: string; attemptId: string };
    expect(retry.outcome).toBe('claimed');
    await settleClaim(k, retry.attemptId, 'rejected');
    expect(await claimEmail({ key: k, seq: 2, at: AT })).toEqual({ outcome: 'done', state: 'rejected', seq: 2 });
  });

  it('is the throttle window: a later message claims it only once the window has passed, or the last email never went out', async () => {
    const k = key();
    const sent = (await claimEmail({ key: k, seq: 2, at: at(0), windowMs: WINDOW })) as { attemptId: string };
    await settleClaim(k, sent.attemptId, 'sent', 'ses-2');
    expect(await claimEmail({ key: k, seq: 3, at: at(14.9), windowMs: WINDOW })).toEqual({
      outcome: 'done',
      state: 'sent',
      seq: 2,
    });
    const next = (await claimEmail({ key: k, seq: 4, at: at(15), windowMs: WINDOW })) as {
      outcome: string;
      attemptId: string;
    };
    expect(next.outcome).toBe('claimed');
    await settleClaim(k, next.attemptId, 'failed');
    expect((await claimEmail({ key: k, seq: 5, at: at(15.5), windowMs: WINDOW })).outcome).toBe('claimed');
    // An older message re-delivered after a newer one claimed the window: nothing.
    expect(await claimEmail({ key: k, seq: 3, at: at(14.9), windowMs: WINDOW })).toMatchObject({
      outcome: 'done',
      seq: 5,
    });
    expect((await readClaim(k))!.expiresAt).toBeGreaterThan(Date.parse(at(15.5)) / 1000 + 24 * 3600);
  });

  it('sends the email of an attempt that died after claiming, once its lease has run out', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'template' });
    await waitForEmails(w.seller.email, 1);
    const original = (await w.head(id))!;
    const head = { ...original, id: `${id}-crashed`, PK: `${original.PK}-crashed` };
    // A previous invocation claimed this email and died before SES answered.
    await claimEmail(
      { key: keys.emailOpened(w.tenant, head.id, userMember(w.seller.id)), seq: 0, at: head.createdAt },
      Date.now() - CLAIM_LEASE_MS - 1,
    );

    expect(await handler(streamEvent(insertRecord(head)))).toEqual({ batchItemFailures: [] });
    expect((await emailsTo(w.seller.email)).filter((e) => e.body.text!.includes(`/inbox/${head.id}`))).toHaveLength(1);
    expect(await w.openedClaim(head.id, w.seller.id)).toMatchObject({ state: 'sent' });
  });
});
