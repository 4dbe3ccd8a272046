import type { TestProject } from 'vitest/node';
import { type LocalStack, startLocalStack } from '#infra/local/stack';
import { COMPAT_PUBLIC_KEYS } from '#test/support/compat/public-keys';

let stack: LocalStack | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    httpUrl: string;
    wsUrl: string;
    /** The local SES endpoint; its inbox is at `/store`. */
    sesUrl: string;
    /** The local SMTP receiver (mail to reply+<token>@REPLY_DOMAIN). */
    smtpPort: number;
    stackEnv: Record<string, string>;
  }
}

export const setup = async (project: TestProject) => {
  process.env.LOG_LEVEL ??= 'CRITICAL';
  process.env.COMPAT_PUBLIC_KEYS = JSON.stringify(COMPAT_PUBLIC_KEYS);
  stack = await startLocalStack({ ports: { http: 0, ws: 0, dynamodb: 0 }, tableName: 'chat-test' });
  project.provide('httpUrl', stack.urls.http);
  project.provide('wsUrl', stack.urls.ws);
  project.provide('sesUrl', stack.urls.ses);
  project.provide('smtpPort', stack.smtpPort);
  project.provide('stackEnv', stack.env);
};

export const teardown = async () => {
  await stack?.stop();
};
