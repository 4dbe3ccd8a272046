import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';

let stack: LocalStack | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    httpUrl: string;
    /** The local SES endpoint; its inbox is at `/store`. */
    sesUrl: string;
    stackEnv: Record<string, string>;
  }
}

export const setup = async (project: TestProject) => {
  process.env.LOG_LEVEL ??= 'CRITICAL';
  stack = await startLocalStack({ ports: { http: 0, dynamodb: 0 }, tableName: 'chat-test' });
  project.provide('httpUrl', stack.urls.http);
  project.provide('sesUrl', stack.urls.ses);
  project.provide('stackEnv', stack.env);
};

export const teardown = async () => {
  await stack?.stop();
};
