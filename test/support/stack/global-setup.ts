import type { TestProject } from 'vitest/node';
import { type LocalStack, startLocalStack } from '#infra/local/stack';
import { chromiumPath } from '#test/support/browser/browser';
import { COMPAT_PUBLIC_KEYS } from '#test/support/compat/public-keys';

let stack: LocalStack | undefined;

/** The shared stack's per-user send limit, per second and burst: more than any test sends as one user. */
const RAISED_SEND_LIMIT = 100_000;

declare module 'vitest' {
  export interface ProvidedContext {
    httpUrl: string;
    wsUrl: string;
    /** The local SES endpoint; its inbox is at `/store`. */
    sesUrl: string;
    /** The local SMTP receiver (mail to reply+<token>@REPLY_DOMAIN). */
    smtpPort: number;
    /** The local web front (pages, widget, sign-in; /v1 proxied to the HTTP API). */
    webUrl: string;
    /** The headless Chromium of @sparticuz/chromium, unpacked once per run (browser tests launch it). */
    chromiumPath: string;
    stackEnv: Record<string, string>;
  }
}

export const setup = async (project: TestProject) => {
  process.env.LOG_LEVEL ??= 'CRITICAL';
  process.env.COMPAT_PUBLIC_KEYS = JSON.stringify(COMPAT_PUBLIC_KEYS);
  // Tests of ordering, contention and paging send hundreds of messages as one user as fast as they can: the per-user
  // send limit of the shared stack is raised out of their way. The limiter at its real defaults (5/s, bursts of
  // 20) is tested by test/integration/rate-limit/, which runs the handlers in-process with those defaults.
  process.env.SEND_RATE_PER_SECOND = String(RAISED_SEND_LIMIT);
  // A burst of ten seconds' worth: a take compares the bucket with the caller's own clock, and on a loaded machine
  // concurrent callers' clocks (as read when each started) drift apart by more than a one-second burst.
  process.env.SEND_BURST = String(RAISED_SEND_LIMIT * 10);
  // Unpacking Chromium (once, not by each browser test file at the same time) overlaps the stack's start.
  const [started, chromium] = await Promise.all([
    startLocalStack({ ports: { http: 0, ws: 0, dynamodb: 0 }, tableName: 'chat-test' }).then((s) => (stack = s)),
    chromiumPath(),
  ]);
  stack = started;
  project.provide('chromiumPath', chromium);
  project.provide('httpUrl', stack.urls.http);
  project.provide('wsUrl', stack.urls.ws);
  project.provide('sesUrl', stack.urls.ses);
  project.provide('smtpPort', stack.smtpPort);
  project.provide('webUrl', stack.urls.web);
  project.provide('stackEnv', stack.env);
};

export const teardown = async () => {
  await stack?.stop();
};
