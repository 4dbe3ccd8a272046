import { mkdir } from 'node:fs/promises';
import chromium from '@sparticuz/chromium';
import { type Browser, type BrowserContext, type Page, chromium as playwright } from 'playwright-core';

/** Where browser tests keep their screenshots (gitignored): test/results/browser/. */
export const RESULTS = new URL('../../results/browser/', import.meta.url);

/**
 * The flags @sparticuz/chromium suggests for Lambda, minus the ones that would make the browser unlike a
 * user's: one process for everything, web security (CORS) off, insecure content allowed.
 */
const ARGS = chromium.args.filter(
  (arg) => !['--single-process', '--disable-web-security', '--allow-running-insecure-content'].includes(arg),
);

/** Unpacks the Chromium that ships in the npm package (to /tmp, once) and returns its path. */
export const chromiumPath = () => chromium.executablePath();

/** A real headless Chromium from the npm registry: no system browser, no download at test time. */
export const launchBrowser = async (executablePath?: string): Promise<Browser> =>
  playwright.launch({
    executablePath: executablePath ?? (await chromiumPath()),
    args: [...ARGS, '--disable-background-networking', '--disable-extensions'],
    headless: true,
  });

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page: a test fails when there are any. */
  errors: string[];
}

/** A browser profile of its own (its own localStorage); signed in when given a token. */
export const newSession = async (
  browser: Browser,
  options: { token?: string; viewport?: { width: number; height: number } } = {},
): Promise<Session> => {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 900, height: 760 } });
  if (options.token) await context.addInitScript((token) => localStorage.setItem('chat-token', token), options.token);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
};

/** axe-core on the whole page, shadow roots included: the serious and critical violations (ids and targets). */
export const accessibilityViolations = async (page: Page) => {
  await page.addScriptTag({ content: (await import('axe-core')).default.source });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } }).axe;
    return axe.run(document);
  });
  return (results.violations as Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
};

/** A screenshot kept as a test artifact under test/results/browser/. */
export const screenshot = async (page: Page, name: string) => {
  await mkdir(RESULTS, { recursive: true });
  return page.screenshot({ path: new URL(`${name}.png`, RESULTS).pathname });
};
