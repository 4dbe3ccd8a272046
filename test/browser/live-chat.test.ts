import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tokenFor } from '#test/support/auth/tokens';
import {
  accessibilityViolations,
  launchBrowser,
  newSession,
  type Session,
  screenshot,
} from '#test/support/browser/browser';
import { expectMessages, reply, shownMessages, storefrontPath } from '#test/support/browser/shop';
import { newWorld } from '#test/support/stack/world';

const POLL = { timeout: 15_000, interval: 100 };

/**
 * A shopper on the storefront (the widget) and the seller in the inbox, each in a browser profile of their own,
 * chatting through the real local stack in a real headless Chromium.
 */
describe('shopper and seller in the browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  let w: Awaited<ReturnType<typeof newWorld>>;
  let shopper: Session;
  let seller: Session;
  const web = (path: string) => `${inject('webUrl')}${path}`;

  beforeAll(async () => {
    browser = await launchBrowser(inject('chromiumPath'));
    w = await newWorld();
    shopper = await newSession(browser, { token: w.customer.token });
    seller = await newSession(browser);
  });
  afterAll(async () => {
    expect([...shopper.errors, ...seller.errors]).toEqual([]);
    await browser?.close();
  });

  it('the seller signs in with the local form; they chat live with badges, read receipts and typing', async () => {
    // The seller signs in through the demo form: it writes localStorage["chat-token"].
    await seller.page.goto(web('/inbox'));
    await seller.page.getByText('Sign in to see your conversations.').waitFor();
    const form = seller.page.getByRole('form', { name: 'Demo sign-in' });
    await form.getByLabel('User id').fill(w.seller.id);
    await form.getByLabel('Role').selectOption('seller');
    await form.getByLabel('Name').fill('Sam Seller');
    await form.getByLabel('Tenant').fill(w.tenant);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await seller.page.getByText('No conversations yet.').waitFor();

    // The shopper asks about the product from the storefront's widget.
    await shopper.page.goto(web(storefrontPath(w.tenant)));
    await shopper.page.getByRole('button', { name: 'Contact seller' }).click();
    await shopper.page.getByRole('dialog', { name: 'Ask the seller about Blue Kettle' }).waitFor();
    await shopper.page.getByLabel('Your message').fill('Does it come in red?');
    await shopper.page.getByRole('button', { name: 'Start chat' }).click();
    await expectMessages(shopper.page, ['Does it come in red?']);

    // The seller's inbox shows it at once, with an unread badge; opening it reads it.
    const item = seller.page.getByRole('link', { name: /Cora Customer/ });
    await item.getByText('1 unread').waitFor();
    await expect.poll(() => seller.page.title(), POLL).toBe('(1) Inbox');
    await screenshot(seller.page, 'inbox-unread');
    await item.click();
    await expectMessages(seller.page, ['Does it come in red?']);
    expect(seller.page.url()).toMatch(/\/inbox\/[A-Za-z0-9_-]+$/);
    await item.getByText('1 unread').waitFor({ state: 'detached' });
    await expect.poll(() => seller.page.title(), POLL).toBe('Inbox');

    // The shopper sees the read receipt, and that the seller is typing; then the answer.
    await shopper.page.locator('chat-thread [data-receipt]').getByText('Seen').waitFor();
    await seller.page.locator('chat-thread').getByLabel('Message', { exact: true }).pressSequentially('Yes, ');
    await shopper.page.getByText(/is typing…/).waitFor();
    await reply(seller.page, 'Yes, in red and in blue.');
    await expectMessages(shopper.page, ['Does it come in red?', 'Yes, in red and in blue.']);
    await shopper.page.getByText('is typing…').waitFor({ state: 'detached' });

    // While the seller looks at it, a new message is read at once: no badge, and the shopper sees "Seen" move.
    await reply(shopper.page, 'Great, I will take the red one.');
    await expectMessages(seller.page, [
      'Does it come in red?',
      'Yes, in red and in blue.',
      'Great, I will take the red one.',
    ]);
    await expect
      .poll(() => shopper.page.locator('chat-thread [data-receipt]').getAttribute('data-receipt'), POLL)
      .toBe('3');
    expect(await item.getByText('unread').count()).toBe(0);

    await screenshot(shopper.page, 'storefront-widget');
    await screenshot(seller.page, 'inbox-conversation');
    expect(await accessibilityViolations(shopper.page)).toEqual([]);
    expect(await accessibilityViolations(seller.page)).toEqual([]);
  });

  it('the unread badge moves: a message to a conversation not on screen raises it and puts it on top', async () => {
    // A second conversation of the same shop, opened by another customer while the seller reads the first.
    const other = await tokenFor({ sub: 'cust-2', role: 'customer', tenant: w.tenant, name: 'Dan Other' });
    await w.openProductConversation({ message: 'Is there a warranty?' }, other);
    const list = seller.page.locator('chat-conversation-list li');
    await expect.poll(() => list.first().textContent(), POLL).toContain('Dan Other');
    await list.first().getByText('1 unread').waitFor();
    await w.openProductConversation({ message: 'And for how long?' }, other);
    await list.first().getByText('2 unread').waitFor();
    await expect.poll(() => seller.page.title(), POLL).toBe('(2) Inbox');
  });

  it('the shopper’s network is cut mid-conversation: on return every message shows once, in order', async () => {
    const before = (await shownMessages(shopper.page)).length;
    await shopper.context.setOffline(true);
    await shopper.page.locator('chat-thread').getByText('Reconnecting…').waitFor();
    // The shopper writes while offline: shown as sending, sent when the network is back.
    await reply(shopper.page, 'Sent while offline');
    await shopper.page.locator('chat-thread [data-pending]').getByText('Sending…').waitFor();
    for (const text of ['First while you were away', 'Second while you were away', 'Third while you were away'])
      await reply(seller.page, text);
    await expectMessages(seller.page, [
      'Does it come in red?',
      'Yes, in red and in blue.',
      'Great, I will take the red one.',
      'First while you were away',
      'Second while you were away',
      'Third while you were away',
    ]);
    await shopper.context.setOffline(false);

    const expected = [
      'Does it come in red?',
      'Yes, in red and in blue.',
      'Great, I will take the red one.',
      'First while you were away',
      'Second while you were away',
      'Third while you were away',
      'Sent while offline',
    ];
    await expectMessages(shopper.page, expected);
    await expectMessages(seller.page, expected);
    const shown = await shownMessages(shopper.page);
    expect(shown.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(shown.map((m) => m.id)).size).toBe(7);
    expect(before).toBe(3);
    expect(await shopper.page.locator('chat-thread [data-pending]').count()).toBe(0);
    await shopper.page.locator('chat-thread').getByText('Reconnecting…').waitFor({ state: 'detached' });

    // A reload shows the same conversation, nothing lost, nothing doubled.
    await shopper.page.reload();
    await shopper.page.getByRole('button', { name: 'Contact seller' }).click();
    await expectMessages(shopper.page, expected);
  });

  it('works at mobile width: the inbox shows the list, then one conversation with a way back', async () => {
    await seller.page.setViewportSize({ width: 375, height: 740 });
    await seller.page.goto(web('/inbox'));
    const list = seller.page.getByRole('list', { name: 'Conversations' });
    await list.waitFor();
    await list.getByRole('link', { name: /Cora Customer/ }).click();
    await expect.poll(() => seller.page.locator('chat-thread li.message').count(), POLL).toBe(7);
    expect(await list.isVisible()).toBe(false);
    await screenshot(seller.page, 'inbox-mobile');
    await seller.page.getByRole('link', { name: '← All conversations' }).click();
    await list.waitFor();
    expect(await accessibilityViolations(seller.page)).toEqual([]);
  });
});
