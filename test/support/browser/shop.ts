import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The demo storefront's product page for a test tenant's product. */
export const storefrontPath = (tenant: string, product = { id: 'p-1', name: 'Blue Kettle', price: '25.00 EUR' }) =>
  `/?${new URLSearchParams({ tenant, product: product.id, name: product.name, price: product.price })}`;

/** The texts of the messages a page shows (widget or inbox), in the order shown, with their seqs and ids. */
export const shownMessages = (page: Page) =>
  page.locator('chat-thread li.message[data-seq]').evaluateAll((items) =>
    items.map((li) => ({
      seq: Number(li.getAttribute('data-seq')),
      id: li.getAttribute('data-id'),
      text: li.querySelector('.text')?.textContent ?? '',
    })),
  );

export const shownTexts = async (page: Page) => (await shownMessages(page)).map((m) => m.text);

/** Waits (polling, up to 15 s) until the page shows exactly these message texts, in this order. */
export const expectMessages = (page: Page, texts: string[]) =>
  expect.poll(() => shownTexts(page), { timeout: 15_000 }).toEqual(texts);

/** Sends a message from a thread's composer. */
export const reply = async (page: Page, text: string) => {
  const composer = page.locator('chat-thread').getByLabel('Message', { exact: true });
  await composer.fill(text);
  await composer.press('Enter');
};
