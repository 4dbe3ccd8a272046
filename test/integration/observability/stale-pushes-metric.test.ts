import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pushMessageCreated } from '#shared/chat/fan-out';
import { getMessage } from '#shared/chat/items/message';
import { connectionsOf, registerConnection } from '#shared/realtime/connections';
import { userMember } from '#shared/table/keys';
import { sessionOf } from '#test/support/auth/sessions';
import { captureMetrics } from '#test/support/observability/emitted-metrics';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

// The push runs in-process against the real local gateway (its @connections API answers 410 for unknown ids).

describe('the StalePushes metric', () => {
  beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
  afterEach(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await closeAllWs();
  });

  it('counts each connection a push found gone and removed; not a delivered push, nor a young one kept in its handshake', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const seller = { tenant: w.tenant, userId: 'seller-1', role: 'seller' as const };
    const aMinuteAgo = Date.now() - 60_000;
    await registerConnection('vanished-1', sessionOf(seller), aMinuteAgo);
    await registerConnection('vanished-2', sessionOf(seller), aMinuteAgo);
    await registerConnection('still-connecting', sessionOf(seller));
    const open = await connectWs(w.seller.token);
    const emitted = captureMetrics();

    const outcome = await pushMessageCreated((await getMessage(w.tenant, id, 1))!);

    expect(outcome).toMatchObject({ delivered: 1, gone: 3 });
    await open.next({ type: 'message.created' });
    const left = (await connectionsOf(w.tenant, [userMember('seller-1')])).map((c) => c.connectionId);
    expect(left).toHaveLength(2); // the open socket and the young one; both vanished ones removed
    expect(left).toContain('still-connecting');
    const metrics = emitted();
    expect(metrics).toHaveLength(2);
    for (const metric of metrics) {
      expect(metric).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'ProductEnquiryChat',
              Dimensions: [['service']],
              Metrics: [{ Name: 'StalePushes', Unit: 'Count' }],
            },
          ],
        },
        service: 'product-enquiry-chat',
        StalePushes: 1,
      });
    }
  });
});
