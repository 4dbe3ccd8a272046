import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeadItem } from '#shared/chat/items/head';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { newConversationEmail } from '#shared/email/new-conversation-email';
import { offlineMessageEmail } from '#shared/email/offline-message-email';
import { userMember } from '#shared/table/keys';

const customer = userMember('cust-1');
const seller = userMember('seller-1');
const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

const head = (overrides: Partial<HeadItem> = {}): HeadItem => ({
  PK: 'pk',
  SK: 'LOG#HEAD',
  entity: 'conversation',
  tenant: 't',
  id: 'conv-1',
  number: 1,
  kind: 'product',
  topic: { type: 'product', id: 'p-1' },
  subject: 'Blue Kettle',
  product: { id: 'p-1', name: 'Blue Kettle', url: 'https://shop.example.test/p/1' },
  seller: { id: 'seller-1', shopName: 'Sam’s Shop' },
  createdAt: '2026-01-01T10:00:00.000Z',
  members: [customer, seller],
  emails: { [seller]: 'sam@example.test' },
  names: { [customer]: 'Cora Customer', [seller]: 'Sam’s Shop' },
  ...overrides,
});

const message = (text: string, sender = customer, seq = 1): MessageItem => ({
  PK: 'pk',
  SK: 'LOG#1',
  entity: 'message',
  tenant: 't',
  id: `m-${seq}`,
  conversationId: 'conv-1',
  seq,
  senderId: 'x',
  sender,
  text,
  createdAt: '2026-01-01T10:00:00.000Z',
  members: [customer, seller],
});

const memberView = (
  member = customer,
  role: 'customer' | 'seller' = 'customer',
  senderName: string | undefined = 'Sam’s Shop',
): MemberItem => ({
  PK: 'pk',
  SK: 'MEMBER',
  entity: 'member',
  tenant: 't',
  conversationId: 'conv-1',
  member,
  archived: false,
  lastSeq: 2,
  lastMessage: null,
  unreadCount: 1,
  updatedAt: '',
  GSI1PK: '',
  GSI1SK: '',
  conversation: { ...head(), members: [customer, seller] },
  participants: {
    [member]: { userId: 'me', role, unreadCount: 1, lastReadSeq: 0, lastReadAt: null },
    [member === customer ? seller : customer]: {
      userId: 'them',
      role: role === 'customer' ? 'seller' : 'customer',
      ...(senderName !== undefined && { name: senderName }),
      unreadCount: 0,
      lastReadSeq: 0,
      lastReadAt: null,
    },
  },
});

// The link bases are the test's own, not the local stack's (whose defaults point at its web front).
const stackLinks = { seller: process.env.SELLER_INBOX_URL, customer: process.env.CUSTOMER_INBOX_URL };
beforeEach(() => {
  process.env.SELLER_INBOX_URL = 'https://seller.example.com/inbox';
  delete process.env.CUSTOMER_INBOX_URL;
});
afterEach(() => {
  for (const [name, value] of [
    ['SELLER_INBOX_URL', stackLinks.seller],
    ['CUSTOMER_INBOX_URL', stackLinks.customer],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

describe('the new-conversation email to the seller', () => {
  it('names the customer and the product, quotes the first message and links to the seller inbox, in both parts', () => {
    const email = newConversationEmail({
      head: head(),
      seller,
      to: 'sam@example.test',
      firstMessage: message('Is it in stock?\nAnd in blue?'),
    });
    expect(email).toMatchObject({
      kind: 'new-conversation',
      to: 'sam@example.test',
      fromName: 'Cora Customer via Chat',
    });
    expect(email.subject).toBe('New enquiry from Cora Customer: Blue Kettle');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Cora Customer');
      expect(part).toContain('Blue Kettle');
      expect(part).toContain('https://shop.example.test/p/1');
      expect(part).toContain('https://seller.example.com/inbox/conv-1');
    }
    expect(email.text).toContain('Is it in stock?\nAnd in blue?');
    expect(email.html).toContain('white-space:pre-wrap">Is it in stock?\nAnd in blue?</blockquote>');
    expect(email.html).toContain('<a href="https://seller.example.com/inbox/conv-1"');
  });

  it('escapes every piece of user text in the HTML part and keeps the subject to one line', () => {
    const email = newConversationEmail({
      head: head({
        names: { [customer]: `Eve ${hostile}\r\nBcc: victim@evil.test` },
        subject: `Hi\r\nBcc: victim@evil.test ${hostile}`,
        product: { id: 'p', name: hostile, url: 'javascript:alert(1)' },
      }),
      seller,
      to: 'sam@example.test',
      firstMessage: message(hostile),
    });
    expect(email.html).not.toMatch(/<script|<img|javascript:/i);
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.fromName).not.toMatch(/[\r\n]/);
    expect(email.text).toContain(hostile); // text/plain is not interpreted: the customer's words, as written
  });

  it('describes an order conversation by its topic, and says so when there is no first message', () => {
    const email = newConversationEmail({
      head: head({
        kind: 'direct',
        topic: { type: 'order', id: 'o-77' },
        subject: 'order o-77',
        product: null,
        names: {},
      }),
      seller,
      to: 'sam@example.test',
      firstMessage: undefined,
    });
    expect(email.subject).toBe('New enquiry from A customer: order o-77');
    expect(email.text).toContain('order: o-77');
    expect(email.text).not.toContain('wrote:');
  });
});

describe('the offline-recipient notification', () => {
  it('shows who wrote what in which conversation, with the inbox link for a seller', () => {
    const email = offlineMessageEmail({
      recipient: memberView(seller, 'seller', 'Cora Customer'),
      to: 'sam@example.test',
      message: message('Still there?', customer, 3),
      windowMinutes: 15,
    });
    // A reply in the seller's thread, whose subject is the new-conversation email's (threading.ts).
    expect(email.subject).toBe('Re: New enquiry from Cora Customer: Blue Kettle');
    expect(email.text).toContain('Cora Customer sent you a message in "Blue Kettle":\n\nStill there?');
    expect(email.text).toContain('https://seller.example.com/inbox/conv-1');
    expect(email.text).toContain('every 15 minutes');
    expect(email.html).toContain('<a href="https://seller.example.com/inbox/conv-1"');
  });

  it('links a customer to CUSTOMER_INBOX_URL only when it is configured', () => {
    const input = {
      recipient: memberView(),
      to: 'cora@example.test',
      message: message('Yes', seller, 2),
      windowMinutes: 15,
    };
    expect(offlineMessageEmail(input).text).not.toContain('http');
    process.env.CUSTOMER_INBOX_URL = 'https://shop.example.test/messages/';
    expect(offlineMessageEmail(input).text).toContain('https://shop.example.test/messages/conv-1');
  });

  it('names the attached files ("sent 2 photos") and links to the conversation, never to a file', () => {
    const photos = message('', customer, 3);
    photos.attachments = [
      { id: 'a-1', fileName: 'lid.jpg', contentType: 'image/jpeg', size: 10 },
      { id: 'a-2', fileName: `${hostile}.png`, contentType: 'image/png', size: 10 },
    ];
    const email = offlineMessageEmail({
      recipient: memberView(seller, 'seller', 'Cora Customer'),
      to: 'sam@example.test',
      message: photos,
      windowMinutes: 15,
    });
    expect(email.text).toContain(`Cora Customer sent 2 photos: lid.jpg, ${hostile}.png.`);
    expect(email.text).toContain('https://seller.example.com/inbox/conv-1');
    expect(email.text).not.toMatch(/a-1|a-2/);
    expect(email.text.split('\n').filter((line) => /https?:/.test(line))).toEqual([
      'https://seller.example.com/inbox/conv-1',
    ]);
    expect(email.html).toContain('sent 2 photos: lid.jpg, &lt;script&gt;');
    expect(email.html).not.toMatch(/<script|<img/i);
    // An attachment-only message quotes no empty text.
    expect(email.html).not.toContain('<blockquote');
    const pdf = message('Here is the invoice', customer, 4);
    pdf.attachments = [{ id: 'a-3', fileName: 'invoice.pdf', contentType: 'application/pdf', size: 10 }];
    const withText = offlineMessageEmail({
      recipient: memberView(seller, 'seller', 'Cora Customer'),
      to: 'sam@example.test',
      message: pdf,
      windowMinutes: 15,
    });
    expect(withText.text).toContain('Here is the invoice\n\nCora Customer sent a PDF: invoice.pdf.');
  });

  it('escapes the message and the sender name in HTML and falls back to a neutral name', () => {
    const email = offlineMessageEmail({
      recipient: memberView(customer, 'customer', `${hostile}\nBcc: x@evil.test`),
      to: 'cora@example.test',
      message: message(hostile, seller, 2),
      windowMinutes: 15,
    });
    expect(email.html).not.toMatch(/<script|<img/i);
    expect(email.subject).not.toMatch(/[\r\n]/);
    const neutral = offlineMessageEmail({
      recipient: memberView(customer, 'customer', ''),
      to: 'c@example.test',
      message: message('Hi', seller, 2),
      windowMinutes: 15,
    });
    expect(neutral.subject).toBe('Re: Blue Kettle'); // the customer's thread: the conversation's subject
    expect(neutral.text).toContain('Someone sent you a message in "Blue Kettle"');
  });
});

describe('reply by email in the composed emails', () => {
  const replyTo = 'reply+abcdefghijklmnopqrstuvwxyz234567@reply.example.test';

  it('tells the recipient to reply when the email has a reply address, and carries it', () => {
    const first = newConversationEmail({
      head: head(),
      seller,
      to: 'sam@example.test',
      firstMessage: undefined,
      replyTo,
    });
    expect(first.replyTo).toBe(replyTo);
    expect(first.text).toContain(
      'Reply to this email to answer Cora Customer; your reply appears in the conversation.',
    );
    expect(first.html).toContain('Reply to this email to answer Cora Customer');
    const later = offlineMessageEmail({
      recipient: memberView(),
      to: 'cora@example.test',
      message: message('Yes', seller, 2),
      windowMinutes: 15,
      replyTo,
    });
    expect(later.replyTo).toBe(replyTo);
    expect(later.text).toContain('Reply to this email to answer Sam’s Shop');
  });

  it('says nothing about replying without one (the configured Reply-To then applies)', () => {
    const email = newConversationEmail({ head: head(), seller, to: 'sam@example.test', firstMessage: undefined });
    expect(email.replyTo).toBeUndefined();
    expect(email.text).toContain('Open the conversation to reply:');
    expect(email.text).not.toContain('Reply to this email');
  });
});
