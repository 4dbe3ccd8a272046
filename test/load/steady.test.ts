import { describe, expect, it } from 'vitest';
import { runChatLoad } from '#test/load/support/chat-load';
import { loadOptions } from '#test/load/support/load-options';
import { summary } from '#test/load/support/summary';
import { verifyOutcome } from '#test/load/support/verify-outcome';
import { call } from '#test/support/http/client';

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
