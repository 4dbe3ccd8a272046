import { afterEach, describe, expect, it } from 'vitest';
import type { SentEmail } from '#infra/local/ses-recorder';
import { revokeReplyAddress } from '#shared/email/reply-address';
import { userMember } from '#shared/table/keys';
import { responseSchema, violations } from '#test/support/contract/openapi';
import { type EmailWorld, emailWorld } from '#test/support/email/email-world';
import { waitForEmails } from '#test/support/email/inbox';
import { headerValues, type ParsedEmail, replyAddressOf, waitForRawEmails } from '#test/support/email/raw-emails';
import { gmailQuote, sendReply } from '#test/support/email/smtp';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { connectWs, type WsClient } from '#test/support/ws/client';

/**
 * Reply by email, end to end on the local stack: the emails the stack sent (raw, from GET /_local/emails), replies
 * sent with a real SMTP client (nodemailer) to the local receiver, which runs the inbound handler before it answers,
 * and what the API then shows.
 */
const clients: WsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const messagesOf = async (w: EmailWorld, id: string) => {
  const res = await call('GET', `/v1/conversations/${id}/messages?after=0`, { token: w.customer.token });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ seq: number; senderId: string; text: string }>).map(({ seq, senderId, text }) => ({
    seq,
    senderId,
    text,
  }));
};

/** A conversation the customer opened, and the seller's new-conversation email (with the seller's reply address). */
const openedWithEmail = async (message = 'Do you have it in blue?') => {
  const w = await emailWorld();
  const { id } = await w.open({ message });
  const [email] = await waitForRawEmails(w.seller.email, 1);
  return { w, id, email: email!, replyTo: replyAddressOf(email!) };
};

/** The seller answers over HTTP; the offline customer's notification email carries the customer's reply address. */
const customerNotified = async (w: EmailWorld, id: string, text: string) => {
  const sent = await call('POST', `/v1/conversations/${id}/messages`, { token: w.seller.token, body: { text } });
  expect(sent.status).toBe(201);
  const [email] = await waitForRawEmails(w.customer.email, 1);
  return email!;
};

const uniqueMessageId = (w: EmailWorld, tag: string) => `<${tag}.${w.tenant}@mail.example.test>`;

describe('a reply by email becomes a message', () => {
  it('a seller’s reply with quoted history: one clean message, pushed, unread for the customer, who is emailed', async () => {
    const { w, id, email, replyTo } = await openedWithEmail();
    expect(replyTo).toMatch(/^reply\+[a-z2-7]{32}@reply\.localhost$/);
    const sellerTab = await connectWs(w.seller.token); // the sender's other device gets the push too
    clients.push(sellerTab);

    const info = await sendReply({
      from: `Sam <${w.seller.email}>`,
      to: replyTo,
      subject: `Re: ${email.subject}`,
      text: `Yes, in blue and in red.\n\n${gmailQuote('Do you have it in blue?')}`,
    });
    expect(info.accepted).toEqual([replyTo]);

    expect(await messagesOf(w, id)).toEqual([
      { seq: 1, senderId: w.customer.id, text: 'Do you have it in blue?' },
      { seq: 2, senderId: w.seller.id, text: 'Yes, in blue and in red.' },
    ]);
    expect((await sellerTab.next({ type: 'message.created' })).message).toMatchObject({
      seq: 2,
      senderId: w.seller.id,
      text: 'Yes, in blue and in red.',
    });
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: w.customer.token })).body).toEqual({
        total: 1,
        conversations: 1,
      }),
    );
    const [notification] = await waitForEmails(w.customer.email, 1);
    expect(notification!.body.text).toContain('Yes, in blue and in red.');
    expect(notification!.body.text).not.toContain('wrote:');
  });

  it('a customer’s reply (Outlook style, quoted below a separator) lands as the customer’s message', async () => {
    const { w, id } = await openedWithEmail();
    const notification = await customerNotified(w, id, 'We have it in blue.');
    const replyTo = replyAddressOf(notification);
    expect(replyTo).toMatch(/^reply\+[a-z2-7]{32}@reply\.localhost$/);

    await sendReply({
      from: w.customer.email,
      to: replyTo,
      text: [
        'Great, I will take two.',
        '',
        '________________________________',
        `From: Sam’s Shop via Chat <chat@example.com>`,
        'Sent: Monday, November 30, 2026 10:05 AM',
        `To: ${w.customer.email}`,
        'Subject: Re: Blue Kettle',
        '',
        'We have it in blue.',
      ].join('\r\n'),
    });

    expect((await messagesOf(w, id)).at(-1)).toEqual({
      seq: 3,
      senderId: w.customer.id,
      text: 'Great, I will take two.',
    });
    await eventually(async () =>
      expect((await call('GET', '/v1/unread', { token: w.seller.token })).body.total).toBe(2),
    );
  });

  it('turns an HTML-only reply into text, without the quoted history', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    await sendReply({
      from: w.seller.email,
      to: replyTo,
      html: [
        '<div dir="ltr">Yes, <b>in blue</b> &amp; red.<br><br>Ships tomorrow.</div><br>',
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 30 Nov 2026 at 10:02, Chat &lt;chat@example.com&gt; wrote:<br></div>',
        '<blockquote class="gmail_quote">Do you have it in blue?</blockquote></div>',
      ].join(''),
    });
    expect((await messagesOf(w, id)).at(-1)).toEqual({
      seq: 2,
      senderId: w.seller.id,
      text: 'Yes, in blue & red.\n\nShips tomorrow.',
    });
  });

  it('cuts a reply longer than 4000 characters at 4000', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    // Words of 7 characters with their space: the 4000th character is inside a word, not a space to trim.
    const long = Array.from({ length: 1500 }, (_, i) => `word${i % 10}x `)
      .join('')
      .slice(0, 10_000);
    await sendReply({ from: w.seller.email, to: replyTo, text: long });
    const last = (await messagesOf(w, id)).at(-1)!;
    expect(last.seq).toBe(2);
    expect([...last.text]).toHaveLength(4000);
    expect(long.startsWith(last.text)).toBe(true);
  });

  it('stores the same email once, however often it arrives (same Message-ID)', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    const reply = {
      from: w.seller.email,
      to: replyTo,
      text: 'Once is enough.',
      messageId: uniqueMessageId(w, 'twice'),
    };
    await sendReply(reply);
    await sendReply(reply);
    expect(await messagesOf(w, id)).toEqual([
      { seq: 1, senderId: w.customer.id, text: 'Do you have it in blue?' },
      { seq: 2, senderId: w.seller.id, text: 'Once is enough.' },
    ]);
  });
});

describe('mail that is never posted', () => {
  const nothingStored = async (w: EmailWorld, id: string) =>
    expect(await messagesOf(w, id)).toEqual([{ seq: 1, senderId: w.customer.id, text: 'Do you have it in blue?' }]);

  it('from an address other than the recipient’s known one', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    await sendReply({ from: `mallory.${w.tenant}@example.test`, to: replyTo, text: 'Send it to my address instead.' });
    await nothingStored(w, id);
  });

  it('to an altered token, or one never issued, or one at another domain', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    const token = /^reply\+([a-z2-7]{32})@/.exec(replyTo)![1]!;
    const altered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    for (const to of [
      `reply+${altered}@reply.localhost`,
      'reply+short@reply.localhost',
      `reply+${token}@evil.localhost`,
    ]) {
      await sendReply({ from: w.seller.email, to, text: 'Hello?' }).catch((error: { responseCode?: number }) =>
        expect(error.responseCode).toBe(550),
      );
    }
    await nothingStored(w, id);
  });

  it('automatic replies: Auto-Submitted other than no, Precedence bulk|junk|list|auto_reply, X-Autoreply, X-Autorespond', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    const automatic: Array<Record<string, string>> = [
      { 'Auto-Submitted': 'auto-replied' },
      { 'Auto-Submitted': 'auto-generated' },
      { Precedence: 'bulk' },
      { Precedence: 'auto_reply' },
      { Precedence: 'list' },
      { Precedence: 'junk' },
      { 'X-Autoreply': 'yes' },
      { 'X-Autorespond': 'Out of office' },
    ];
    for (const headers of automatic)
      await sendReply({ from: w.seller.email, to: replyTo, text: 'I am out of the office until Monday.', headers });
    await nothingStored(w, id);
    // Auto-Submitted: no is a person's mail.
    await sendReply({ from: w.seller.email, to: replyTo, text: 'Back now: yes!', headers: { 'Auto-Submitted': 'no' } });
    expect((await messagesOf(w, id)).at(-1)).toMatchObject({ seq: 2, text: 'Back now: yes!' });
  });

  it('a reply that is empty once quotes and signature are removed', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    await sendReply({ from: w.seller.email, to: replyTo, text: `\n\n${gmailQuote('Do you have it in blue?')}` });
    await sendReply({ from: w.seller.email, to: replyTo, text: '\n-- \nSam\nSam’s Shop' });
    await nothingStored(w, id);
  });

  it('from a sender the other participant has blocked (the same send path refuses it: 403)', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    const blocked = await call('POST', `/v1/conversations/${id}/block`, { token: w.customer.token });
    expect(blocked.status).toBeLessThan(300);
    await sendReply({ from: w.seller.email, to: replyTo, text: 'Please unblock me, here is my number.' });
    await nothingStored(w, id);
    // Unblocked, the same address posts again.
    await call('DELETE', `/v1/conversations/${id}/block`, { token: w.customer.token });
    await sendReply({ from: w.seller.email, to: replyTo, text: 'Thanks for unblocking.' });
    expect((await messagesOf(w, id)).at(-1)).toMatchObject({ seq: 2, senderId: w.seller.id });
  });

  it('to a revoked address (as when the recipient is blocked or erased)', async () => {
    const { w, id, replyTo } = await openedWithEmail();
    await revokeReplyAddress(w.tenant, id, userMember(w.seller.id));
    await sendReply({ from: w.seller.email, to: replyTo, text: 'Still here!' });
    await nothingStored(w, id);
  });
});

describe('outgoing emails thread', () => {
  const threadOf = (email: ParsedEmail) => ({
    messageId: email.parsed.messageId,
    inReplyTo: headerValues(email.parsed, 'in-reply-to'),
    references: headerValues(email.parsed, 'references'),
    autoSubmitted: headerValues(email.parsed, 'auto-submitted'),
    subject: email.subject,
  });

  it('the seller’s emails: the new-conversation email is the root, every notification replies to it', async () => {
    const { w, id, email } = await openedWithEmail();
    process.env.EMAIL_NOTIFY_WINDOW_MINUTES = '0';
    // Later notifications to the seller need the window past: the stack's consumer has its own environment, so
    // deliver them the way the poller would, through the email stream handler, with the window off.
    const { handler } = await import('#functions/stream/email-stream');
    const { insertRecord, streamEvent } = await import('#test/support/stream/records');
    const { laterMessage, plusMinutes } = await import('#test/support/email/email-world');
    const head = (await w.head(id))!;
    try {
      for (const seq of [2, 3]) {
        const later = laterMessage(head, seq, w.customer.id, `follow-up ${seq}`, plusMinutes(head.createdAt, 20 * seq));
        expect(await handler(streamEvent(insertRecord(later)))).toEqual({ batchItemFailures: [] });
      }
    } finally {
      delete process.env.EMAIL_NOTIFY_WINDOW_MINUTES;
    }
    const emails = (await waitForRawEmails(w.seller.email, 3)).map(threadOf);
    const root = email.parsed.messageId!;
    expect(root).toMatch(/^<conv\.[0-9a-f]{32}@example\.com>$/);
    expect(emails).toEqual([
      {
        messageId: root,
        inReplyTo: [],
        references: [],
        autoSubmitted: ['auto-generated'],
        subject: 'New enquiry from Cora Customer: Blue Kettle',
      },
      ...[2, 3].map((seq) => ({
        messageId: expect.stringMatching(new RegExp(`^<n\\.${seq}\\.[0-9a-f]{32}@example\\.com>$`)),
        inReplyTo: [root],
        references: [root],
        autoSubmitted: ['auto-generated'],
        subject: 'Re: New enquiry from Cora Customer: Blue Kettle',
      })),
    ]);
    // One reply address per recipient and conversation, on every email of the thread.
    expect(new Set((await waitForRawEmails(w.seller.email, 3)).map(replyAddressOf)).size).toBe(1);
  });

  it('GET /_local/emails answers as documented: newest first, the raw MIME as handed to SES', async () => {
    const { w, id } = await openedWithEmail();
    await customerNotified(w, id, 'We have it in blue.'); // sent after the seller's
    const res = await call('GET', '/_local/emails');
    expect(res.status).toBe(200);
    expect(violations(responseSchema('GET', '/_local/emails', 200), res.body)).toEqual([]);
    const emails = res.body as SentEmail[];
    const seller = emails.findIndex((e) => e.to.includes(w.seller.email));
    const customer = emails.findIndex((e) => e.to.includes(w.customer.email));
    expect(customer).toBeGreaterThanOrEqual(0);
    expect(customer).toBeLessThan(seller);
    expect(emails[seller]!.raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(emails[seller]!.subject).toBe('New enquiry from Cora Customer: Blue Kettle');
  });

  it('the customer’s emails share their own root, and their own reply address', async () => {
    const { w, id, replyTo: sellers } = await openedWithEmail();
    const first = await customerNotified(w, id, 'We have it in blue.');
    const thread = threadOf(first);
    expect(thread).toMatchObject({ autoSubmitted: ['auto-generated'], subject: 'Re: Blue Kettle' });
    expect(thread.inReplyTo).toEqual(thread.references);
    expect(thread.inReplyTo[0]).toMatch(/^<conv\.[0-9a-f]{32}@example\.com>$/);
    expect(replyAddressOf(first)).not.toBe(sellers);
  });
});
