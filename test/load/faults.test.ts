import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#infra/local/stack';
import { StreamPoller } from '#infra/local/stream-poller';
import { streamConsumers } from '#infra/routes/index';
import { db, setDb } from '#shared/table/client';
import { runChatLoad } from '#test/load/support/chat-load';
import { loadOptions } from '#test/load/support/load-options';
import { startOwnStack } from '#test/load/support/own-stack';
import { summary } from '#test/load/support/summary';
import { injectThrottling } from '#test/load/support/throttling';
import { verifyOutcome } from '#test/load/support/verify-outcome';
import { httpClient } from '#test/support/http/client';
import { drainStream } from '#test/support/stream/drain';

const THROTTLED_SHARE = 0.1;

// One stack of our own for both fault runs (each run uses a tenant of its own).
let stack: LocalStack;
beforeAll(async () => {
  stack = await startOwnStack('chat-load-faults');
});
afterAll(async () => {
  setDb(undefined);
  await stack?.stop();
});

describe('load with faults', () => {
  it('the stream poller killed and restarted mid-run: it catches up, nothing lost or duplicated, unread counts true; replaying the whole stream changes nothing', async () => {
    const options = loadOptions();
    const call = httpClient(stack.urls.http);
    let stoppedAt = 0;
    let deliveredWhileDown = 0;
    const outcome = await runChatLoad(call, options, async (fraction) => {
      if (fraction < 0.5) {
        await stack.poller.stop();
        stoppedAt = stack.poller.delivered;
      } else {
        deliveredWhileDown = stack.poller.delivered - stoppedAt;
        stack.poller.start();
      }
    });
    expect(deliveredWhileDown).toBe(0);
    const verdict = await verifyOutcome(call, outcome);
    console.info(summary('poller restart', options, outcome, verdict));
    expect(verdict.problems).toEqual([]);
    expect(verdict.messages).toBeGreaterThan(options.conversations * 5);

    // A poller that lost its checkpoint delivers every record again, from the trim horizon (at-least-once).
    await drainStream(stack.poller);
    await stack.poller.stop();
    const replay = new StreamPoller({
      endpoint: stack.urls.dynamodb,
      tableName: stack.env.TABLE_NAME!,
      consumers: streamConsumers,
    });
    replay.start();
    await drainStream(replay);
    await replay.stop();
    stack.poller.start();
    expect(replay.delivered).toBeGreaterThanOrEqual(verdict.messages);
    expect((await verifyOutcome(call, outcome, 0)).problems).toEqual([]);
  });

  it(`DynamoDB throttling ${THROTTLED_SHARE * 100}% of the calls: retries succeed, no 5xx, nothing lost, duplicated or half-written`, async () => {
    const options = loadOptions();
    const call = httpClient(stack.urls.http);
    // The client that every handler and the stream processor of this process share.
    const throttling = injectThrottling(db(), THROTTLED_SHARE);
    let outcome;
    try {
      outcome = await runChatLoad(call, options);
    } finally {
      throttling.remove();
    }
    expect(throttling.counts.throttled).toBeGreaterThan(throttling.counts.attempts * THROTTLED_SHARE * 0.5);
    const verdict = await verifyOutcome(call, outcome);
    console.info(
      summary(
        `throttling (${throttling.counts.throttled} of ${throttling.counts.attempts} DynamoDB attempts throttled)`,
        options,
        outcome,
        verdict,
      ),
    );
    expect(verdict.problems).toEqual([]);
    expect(verdict.messages).toBeGreaterThan(options.conversations * 5);
  });
});
