import { mkdir, rm } from 'node:fs/promises';
import { startLocalStack } from '#infra/local/stack';
import { signSelfToken } from '#shared/auth/sign-token';
import { launchBrowser, newSession } from './browser';

/**
 * `npm run -s screenshot`: the README's quick-tour picture (docs/quick-tour.jpg), made the way the browser tests
 * work: a local stack of its own (free ports, demo catalog), a shopper on the storefront and the seller in the
 * inbox in two browser profiles, chatting; then both pages side by side in one small image.
 */
const OUT = new URL('../../../docs/quick-tour.jpg', import.meta.url);
const VIEWPORT = { width: 640, height: 600 };

process.env.LOG_LEVEL ??= 'CRITICAL';
const stack = await startLocalStack({
  ports: { http: 0, ws: 0, dynamodb: 0 },
  demoCatalog: true,
  tableName: 'chat-screenshot',
});
const browser = await launchBrowser();
try {
  const token = async (sub: string, role: 'customer' | 'seller', name: string) =>
    (await signSelfToken({ sub, role, name }, 3600)).token;
  const shopper = await newSession(browser, { token: await token('alice', 'customer', 'Alice'), viewport: VIEWPORT });
  const seller = await newSession(browser, {
    token: await token('seller-1', 'seller', 'Demo Shop'),
    viewport: VIEWPORT,
  });
  const message = (page: typeof shopper.page, text: string) =>
    page.locator('chat-thread li.message .text').getByText(text, { exact: true }).waitFor();

  await shopper.page.goto(`${stack.urls.web}/`);
  await seller.page.goto(`${stack.urls.web}/inbox`);
  await shopper.page.getByRole('button', { name: 'Contact seller' }).click();
  await shopper.page.getByLabel('Your message').fill('Hi! Do you have these in size 43?');
  await shopper.page.getByRole('button', { name: 'Start chat' }).click();
  await message(shopper.page, 'Hi! Do you have these in size 43?');

  await seller.page.getByRole('link', { name: /Alice/ }).click();
  await message(seller.page, 'Hi! Do you have these in size 43?');
  const composer = seller.page.locator('chat-thread').getByLabel('Message', { exact: true });
  await composer.fill('Yes, two pairs left. Shall I reserve one?');
  await composer.press('Enter');
  await message(shopper.page, 'Yes, two pairs left. Shall I reserve one?');
  await shopper.page.locator('chat-thread').getByLabel('Message', { exact: true }).pressSequentially('Yes ple');
  await seller.page.getByText(/is typing…/).waitFor();
  await shopper.page.locator('chat-thread [data-receipt]').waitFor();

  const [left, right] = await Promise.all([shopper.page.screenshot(), seller.page.screenshot()]);
  const frame = await (await browser.newContext({ viewport: { width: 1280, height: 600 } })).newPage();
  const img = (png: Buffer, alt: string) => `<img alt="${alt}" src="data:image/png;base64,${png.toString('base64')}">`;
  await frame.setContent(
    `<body style="margin:0;display:flex;gap:0;background:#fff">${img(left, 'shopper')}${img(right, 'seller')}</body>`,
  );
  await mkdir(new URL('.', OUT), { recursive: true });
  await rm(OUT, { force: true });
  await frame.screenshot({ path: OUT.pathname, type: 'jpeg', quality: 80 });
  console.log(`wrote ${OUT.pathname}`);
} finally {
  await browser.close();
  await stack.stop();
}
