import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '#shared/auth/identity';
import { openConversation } from '#shared/chat/open-conversation';
import { productConversationPlan } from '#shared/chat/opening-plans';
import { sendMessage } from '#shared/chat/send-message';
import { captureMetrics } from '#test/support/observability/emitted-metrics';
import { newWorld } from '#test/support/stack/world';

// Handlers run in-process here (the local stack's HTTP calls run in another process, out of the spies' reach).

describe('the MessagesSent metric', () => {
  beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('counts a stored message once, in the ProductEnquiryChat namespace with the service dimension, and not its retry', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Is it in stock?' });
    const customer: Identity = { userId: w.customer.id, role: 'customer', tenant: w.tenant };
    const emitted = captureMetrics();

    const first = await sendMessage(customer, id, { text: 'And in blue?', clientMessageId: 'c-1' });
    const retry = await sendMessage(customer, id, { text: 'And in blue?', clientMessageId: 'c-1' });

    expect([first.created, retry.created]).toEqual([true, false]);
    const metrics = emitted();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'ProductEnquiryChat',
            Dimensions: [['service']],
            Metrics: [{ Name: 'MessagesSent', Unit: 'Count' }],
          },
        ],
      },
      service: 'product-enquiry-chat',
      MessagesSent: 1,
    });
  });

  it('counts the first message of a new conversation, and nothing when the conversation already exists', async () => {
    const w = await newWorld();
    const identity: Identity = { userId: w.customer.id, role: 'customer', tenant: w.tenant };
    const emitted = captureMetrics();
    const created = await openConversation(
      identity,
      await productConversationPlan(identity, { productId: w.productId }),
    );
    const again = await openConversation(identity, await productConversationPlan(identity, { productId: w.productId }));

    expect([created.created, again.created]).toEqual([true, false]);
    expect(emitted().map((m) => m.MessagesSent)).toEqual([1]);
  });
});
