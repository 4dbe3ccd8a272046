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
import { expectMessages, reply, storefrontPath } from '#test/support/browser/shop';
import { newWorld } from '#test/support/stack/world';

const POLL = { timeout: 15_000, interval: 250 };

/** A guest (no token) asks for help from the widget; an agent answers from the support console. */
describe('support in the browser: a guest and an agent', { timeout: 120_000 }, () => {
  let browser: Browser;
  let w: Awaited<ReturnType<typeof newWorld>>;
  let guest: Session;
  let agent: Session;
  const web = (path: string) => `${inject('webUrl')}${path}`;

  beforeAll(async () => {
    browser = await launchBrowser(inject('chromiumPath'));
    w = await newWorld();
    guest = await newSession(browser, { viewport: { width: 390, height: 760 } }); // a phone
    agent = await newSession(browser, {
      token: await tokenFor({ sub: 'agent-1', role: 'agent', tenant: w.tenant, name: 'Ada' }),
    });
  });
  afterAll(async () => {
    expect([...guest.errors, ...agent.errors]).toEqual([]);
    await browser?.close();
  });

  it('a guest opens support while no agent is online and is told so; the agent answers live', async () => {
    await guest.page.goto(web(storefrontPath(w.tenant)));
    await guest.page.getByRole('button', { name: 'Help' }).click();
    const panel = guest.page.getByRole('dialog', { name: 'Help' });
    await panel.getByLabel('Your name (optional)').fill('Gina');
    await panel.getByLabel(/Email/).fill('gina@example.test');
    await panel.getByLabel('Your message').fill('Where is my parcel?');
    await panel.getByRole('button', { name: 'Start chat' }).click();
    await expectMessages(guest.page, ['Where is my parcel?']);
    await panel.getByText('Our agents are away right now.', { exact: false }).waitFor();
    await screenshot(guest.page, 'widget-support-guest');
    expect(await accessibilityViolations(guest.page)).toEqual([]);

    await agent.page.goto(web('/support'));
    const queue = agent.page.getByRole('list', { name: 'Support conversations' });
    const item = queue.getByRole('link', { name: /Gina/ });
    await item.getByText('1 unread').waitFor();
    expect(await agent.page.getByRole('radio', { name: 'Online' }).isChecked()).toBe(true);
    await item.click();
    await expectMessages(agent.page, ['Where is my parcel?']);
    await reply(agent.page, 'It ships today.');
    await expectMessages(guest.page, ['Where is my parcel?', 'It ships today.']);
    await screenshot(agent.page, 'support-console');
    expect(await accessibilityViolations(agent.page)).toEqual([]);

    // The guest writes again: the agent, on it, sees it at once.
    await reply(guest.page, 'Thank you!');
    await expectMessages(agent.page, ['Where is my parcel?', 'It ships today.', 'Thank you!']);
  });

  it('the guest comes back after a reload to the same conversation; the notice follows the agent’s status', async () => {
    await guest.page.reload();
    await guest.page.getByRole('button', { name: 'Help' }).click();
    const panel = guest.page.getByRole('dialog', { name: 'Help' });
    await expectMessages(guest.page, ['Where is my parcel?', 'It ships today.', 'Thank you!']);
    expect(await panel.locator('[data-agents-away]').count()).toBe(0); // Ada is online

    await agent.page.getByRole('radio', { name: 'Away' }).check();
    await expect
      .poll(async () => {
        await guest.page.getByRole('button', { name: 'Close chat' }).click();
        await guest.page.getByRole('button', { name: 'Help' }).click();
        await panel.locator('chat-thread').waitFor();
        return panel.locator('[data-agents-away]').count();
      }, POLL)
      .toBe(1);
    await guest.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await guest.page.evaluate(() => document.activeElement?.tagName)).toBe('CHAT-WIDGET');
  });
});
