import { describe, expect, inject, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { tokenFor } from '#test/support/auth/tokens';
import { emailWorld } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { headerValues, rawHeaderSection, waitForRawEmails } from '#test/support/email/raw-emails';
import { call } from '#test/support/http/client';
import { insertRecord, streamEvent } from '#test/support/stream/records';

describe('the new-conversation email (real stream, real local SES)', () => {
  it('puts one well-formed email in the seller’s inbox: customer, product, first message, link; text and HTML', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is the blue one in stock?\nI need two.' });

    const [email] = await waitForEmails(w.seller.email, 1);
    expect(email!.destination).toEqual({ to: [w.seller.email], cc: [], bcc: [] });
    expect(email!.from).toBe('"Cora Customer via Chat" <chat@example.com>');
    // Replying by email is on locally (REPLY_DOMAIN): the seller's own address for this conversation.
    expect(email!.replyTo).toEqual([expect.stringMatching(/^reply\+[a-z2-7]{32}@reply\.localhost$/)]);
    expect(email!.subject).toBe('New enquiry from Cora Customer: Blue Kettle');
    const link = `${inject('stackEnv').SELLER_INBOX_URL}/${id}`;
    for (const part of [email!.body.text!, email!.body.html!]) {
      expect(part).toContain('Cora Customer');
      expect(part).toContain('Blue Kettle');
      expect(part).toContain(link);
    }
    expect(email!.body.text).toContain('Is the blue one in stock?\nI need two.');
    expect(email!.body.html).toContain('Is the blue one in stock?\nI need two.</blockquote>');
    expect(await w.openedClaim(id, w.seller.id)).toMatchObject({ state: 'sent', messageId: email!.messageId });
  });

  it('emails the seller of an order conversation with them', async () => {
    const w = await emailWorld();
    const res = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-77' }, message: 'Where is my order?' },
    });
    expect(res.status).toBe(201);
    const [email] = await waitForEmails(w.seller.email, 1);
    expect(email!.subject).toBe('New enquiry from Cora Customer: order o-77');
    expect(email!.body.text).toContain('Where is my order?');
    expect(email!.body.text).toContain(`${inject('stackEnv').SELLER_INBOX_URL}/${res.body.id}`);
  });

  it('escapes user text in HTML and keeps it out of the headers (names, subjects and messages)', async () => {
    const w = await emailWorld();
    const hostile = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
    const eve = await tokenFor({
      sub: 'eve',
      role: 'customer',
      tenant: w.tenant,
      name: `Eve ${hostile}\r\nBcc: victim@evil.test`,
      email: `eve.${w.tenant}@example.test`,
    });
    const { id } = await w.open(
      { subject: `Question\r\nBcc: victim@evil.test\r\n\r\n${hostile}`, message: `${hostile}\r\nthanks & bye` },
      eve,
    );

    const [email] = await waitForEmails(w.seller.email, 1);
    expect(email!.destination).toEqual({ to: [w.seller.email], cc: [], bcc: [] });
    expect(email!.subject).not.toMatch(/[\r\n]/);
    expect(
      email!.subject.startsWith(`New enquiry from Eve alert("pwned") Bcc:: Question Bcc: victim@evil.test <script>`),
    ).toBe(true);
    // As handed to SES: one From line, and a MIME parser reads one mailbox, ours, whose display name has no
    // address-like text (no <…>, nothing around an @).
    const [raw] = await waitForRawEmails(w.seller.email, 1);
    const fromLines = rawHeaderSection(raw!.raw)
      .split(/\r?\n(?![ \t])/)
      .filter((line) => /^from:/i.test(line));
    expect(fromLines).toHaveLength(1);
    expect(headerValues(raw!.parsed, 'bcc')).toEqual([]);
    expect(raw!.parsed.from).toEqual({ name: 'Eve alert("pwned") Bcc: via Chat', address: 'chat@example.com' });
    expect(raw!.parsed.to).toEqual([{ name: '', address: w.seller.email }]);
    const html = email!.body.html!;
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;\nthanks &amp; bye',
    );
    expect(html).toContain(`href="${inject('stackEnv').SELLER_INBOX_URL}/${id}"`);
    expect(email!.body.text).toContain(`${hostile}\nthanks & bye`);
  });

  it('sends exactly one email however often, and however concurrently, the stream re-delivers the records', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Hello once' });
    await waitForEmails(w.seller.email, 1);

    // The records the stream delivered: the header and the first message, replayed through the real handler.
    const batch = streamEvent(insertRecord((await w.head(id))!), insertRecord((await w.message(id, 1))!));
    for (let i = 0; i < 3; i++) expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    const concurrent = await Promise.all([handler(batch), handler(batch), handler(batch)]);
    expect(concurrent).toEqual(Array(3).fill({ batchItemFailures: [] }));

    expect(await emailsTo(w.seller.email)).toHaveLength(1);
    expect(await emailsTo(w.customer.email)).toHaveLength(0);
  });

  it('claims concurrently delivered copies of a never-seen header once: one waits for the other, one email', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Template' });
    await waitForEmails(w.seller.email, 1);
    // A second header the poller never saw (same facts, another conversation id), delivered three times at once.
    const head = { ...(await w.head(id))!, id: `${id}-copy`, PK: `${(await w.head(id))!.PK}-copy` };
    const batch = streamEvent(insertRecord(head));
    await Promise.all([handler(batch), handler(batch), handler(batch)]);
    const emails = await waitForEmails(w.seller.email, 2);
    expect(emails.filter((e) => e.body.text!.includes(`/inbox/${id}-copy`))).toHaveLength(1);
  });
});
