import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { emailWorld, laterMessage, plusMinutes } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { call } from '#test/support/http/client';
import { insertRecord, streamEvent } from '#test/support/stream/records';

/** Opens an order conversation with the seller without a message; the new-conversation email goes out. */
const openWithoutMessage = async (w: Awaited<ReturnType<typeof emailWorld>>) => {
  const res = await call('POST', '/v1/conversations', {
    token: w.customer.token,
    body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-9' } },
  });
  expect(res.status).toBe(201);
  const [email] = await waitForEmails(w.seller.email, 1);
  expect(email!.subject).toBe('New enquiry from Cora Customer: order o-9');
  return res.body.id as string;
};

describe('a conversation opened without a message, then its first message', () => {
  it('the first message sends no separate notification: the new-conversation email started the seller’s window', async () => {
    const w = await emailWorld();
    const id = await openWithoutMessage(w);
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'Where is my parcel?' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message.seq).toBe(1);
    // Decide it here too (effects are idempotent; the stack's poller may be deciding it as well): when the handler
    // returns, any notification has been sent.
    expect(await handler(streamEvent(insertRecord((await w.message(id, 1))!)))).toEqual({ batchItemFailures: [] });

    expect((await emailsTo(w.seller.email)).map((e) => e.subject)).toEqual([
      'New enquiry from Cora Customer: order o-9',
    ]);
    expect(await w.notifyClaim(id, w.seller.id)).toMatchObject({ state: 'covered', at: (await w.head(id))!.createdAt });
  });

  it('the window runs from the opening: a first message after it has passed is news, and is sent', async () => {
    const w = await emailWorld();
    const id = await openWithoutMessage(w);
    const head = (await w.head(id))!;
    const late = laterMessage(
      head,
      1,
      w.customer.id,
      'Sorry, forgot to ask: where is my parcel?',
      plusMinutes(head.createdAt, 16),
    );
    expect(await handler(streamEvent(insertRecord(late)))).toEqual({ batchItemFailures: [] });

    const emails = await emailsTo(w.seller.email);
    expect(emails.map((e) => e.subject)).toEqual([
      'New enquiry from Cora Customer: order o-9',
      'Re: New enquiry from Cora Customer: order o-9',
    ]);
    expect(emails[1]!.body.text).toContain('Sorry, forgot to ask');
  });
});
