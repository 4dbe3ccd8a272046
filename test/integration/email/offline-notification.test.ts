import { afterEach, describe, expect, inject, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { tokenFor } from '#test/support/auth/tokens';
import { emailWorld, laterMessage, plusMinutes } from '#test/support/email/email-world';
import { emailsTo, inbox, waitForEmails } from '#test/support/email/inbox';
import { rawHeaderSection, waitForRawEmails } from '#test/support/email/raw-emails';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { insertRecord, streamEvent } from '#test/support/stream/records';

afterEach(() => {
  delete process.env.EMAIL_NOTIFY_WINDOW_MINUTES;
});

describe('notification emails to offline recipients', () => {
  it('tells an offline customer about the seller’s reply (real stream, real local SES), never the seller', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Do you ship to Norway?' });
    const reply = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'Yes, <b>in 3 days</b>.' },
    });
    expect(reply.status).toBe(201);

    const [email] = await waitForEmails(w.customer.email, 1);
    // The customer's thread: the conversation's subject, each email a reply in it (threading.ts).
    expect(email!.subject).toBe('Re: Blue Kettle');
    expect(email!.from).toBe('"Sam’s Shop via Chat" <chat@example.com>'); // as the local inbox shows it, decoded
    const [raw] = await waitForRawEmails(w.customer.email, 1);
    expect(rawHeaderSection(raw!.raw)).toMatch(/^From: =\?UTF-8\?[BQ]\?[^?]+\?= <chat@example\.com>$/m); // ’ is not ASCII: RFC 2047
    expect(email!.body.text).toContain('Sam’s Shop sent you a message in "Blue Kettle":\n\nYes, <b>in 3 days</b>.');
    expect(email!.body.html).toContain('Yes, &lt;b&gt;in 3 days&lt;/b&gt;.');
    expect(await w.notifyClaim(id, w.customer.id)).toMatchObject({
      state: 'sent',
      seq: 2,
      messageId: email!.messageId,
    });
    // The seller (the sender) has only the new-conversation email.
    expect(await emailsTo(w.seller.email)).toHaveLength(1);
  });

  it('sends at most one per conversation and recipient per window, measured on message times, whatever is re-delivered', async () => {
    process.env.EMAIL_NOTIFY_WINDOW_MINUTES = '1';
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Hello' });
    const head = (await w.head(id))!;
    const t0 = head.createdAt;
    const replies = [
      laterMessage(head, 2, w.seller.id, 'reply at +0.1 min: sent', plusMinutes(t0, 0.1)),
      laterMessage(head, 3, w.seller.id, 'reply at +0.6 min: within the window', plusMinutes(t0, 0.6)),
      laterMessage(head, 4, w.seller.id, 'reply at +1.1 min: window passed, sent', plusMinutes(t0, 1.1)),
      laterMessage(head, 5, w.seller.id, 'reply at +2.0 min: within the second window', plusMinutes(t0, 2.0)),
      laterMessage(head, 6, w.seller.id, 'reply at +2.2 min: window passed, sent', plusMinutes(t0, 2.2)),
    ];
    const batch = streamEvent(...replies.map((m) => insertRecord(m)));
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(await handler(batch)).toEqual({ batchItemFailures: [] }); // re-delivered whole
    expect(await handler(streamEvent(insertRecord(replies[1]!), insertRecord(replies[3]!)))).toEqual({
      batchItemFailures: [],
    });

    const emails = await emailsTo(w.customer.email);
    expect(emails.map((e) => e.body.text!.split('\n')[2])).toEqual([
      'reply at +0.1 min: sent',
      'reply at +1.1 min: window passed, sent',
      'reply at +2.2 min: window passed, sent',
    ]);
    expect(emails[0]!.body.text).toContain('every 1 minutes');
  });

  it('the opening starts the seller’s window (the first message is in the new-conversation email): a follow-up within it sends nothing, a later one does', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'First' });
    const head = (await w.head(id))!;
    expect(await w.windowStarted(id)).toMatchObject({ state: 'covered', seq: 0, at: head.createdAt });

    expect(
      await handler(
        streamEvent(
          insertRecord(
            laterMessage(head, 2, w.customer.id, 'follow-up after 5 minutes', plusMinutes(head.createdAt, 5)),
          ),
        ),
      ),
    ).toEqual({ batchItemFailures: [] });
    expect(
      await handler(
        streamEvent(
          insertRecord(
            laterMessage(head, 3, w.customer.id, 'follow-up after 16 minutes', plusMinutes(head.createdAt, 16)),
          ),
        ),
      ),
    ).toEqual({ batchItemFailures: [] });

    const emails = await emailsTo(w.seller.email);
    expect(emails.map((e) => e.subject)).toEqual([
      'New enquiry from Cora Customer: Blue Kettle',
      'Re: New enquiry from Cora Customer: Blue Kettle',
    ]);
    expect(emails[1]!.body.text).toContain('follow-up after 16 minutes');
    expect(emails[1]!.body.text).toContain(`${inject('stackEnv').SELLER_INBOX_URL}/${id}`);
    expect(await emailsTo(w.customer.email)).toHaveLength(0); // the sender, every time
  });

  it('sends nothing to a recipient without a known address, and writes no claim', async () => {
    const w = await emailWorld();
    const anonymous = await tokenFor({ sub: 'anon', role: 'customer', tenant: w.tenant, name: 'Anon' });
    const { id } = await w.open({ message: 'No address here' }, anonymous);
    const head = (await w.head(id))!;
    const text = `reply to nobody ${w.tenant}`;
    expect(
      await handler(
        streamEvent(insertRecord(laterMessage(head, 2, w.seller.id, text, plusMinutes(head.createdAt, 1)))),
      ),
    ).toEqual({ batchItemFailures: [] });
    expect(await w.notifyClaim(id, 'anon')).toBeUndefined();
    expect((await inbox()).filter((e) => e.body.text?.includes(text))).toHaveLength(0);
  });

  it('notifies the other customer of the first message of a conversation between two customers (no seller email covers it)', async () => {
    const w = await emailWorld();
    const bobEmail = `bob.${w.tenant}@example.test`;
    const bob = await tokenFor({ sub: 'bob', role: 'customer', tenant: w.tenant, name: 'Bob', email: bobEmail });
    await w.open({}, bob); // makes Bob a known user
    const res = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: 'bob', message: 'Hi Bob, did yours arrive?' },
    });
    expect(res.status).toBe(201);
    const [email] = await waitForEmails(bobEmail, 1);
    expect(email!.subject).toBe('Re: Bob');
    expect(email!.body.text).toContain('Hi Bob, did yours arrive?');
    await eventually(async () =>
      expect(await w.notifyClaim(res.body.id, 'bob')).toMatchObject({ state: 'sent', seq: 1 }),
    );
  });
});
