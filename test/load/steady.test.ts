import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { runChatLoad } from './support/chat-load';
import { loadOptions } from './support/load-options';
import { summary } from './support/summary';
import { verifyOutcome } from './support/verify-outcome';

describe('steady load on the local stack', () => {
  it('loses, duplicates and reorders nothing, never answers 5xx, and ends with true unread counts', async () => {
    const options = loadOptions();
    const outcome = await runChatLoad(call, options);
    const verdict = await verifyOutcome(call, outcome);
    console.info(summary('steady', options, outcome, verdict));
    expect(verdict.problems).toEqual([]);
    expect(verdict.messages).toBeGreaterThan(options.conversations * 5);
  });
});
