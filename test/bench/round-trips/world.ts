import type { BenchContext } from '#test/bench/support/bench-context';
import { BENCH_PLATFORM, benchWorld, must } from '#test/bench/support/bench-world';

/**
 * What the round-trip scenarios work on: the bench world in the tenant the bench's platform key names (so the
 * X-PUBLIC-KEY dialect can be called too), an agent, a product conversation between the customer and the seller
 * with a message each way, and a second customer's conversation with the seller (blocked, reported and redacted in
 * by the trust-and-safety scenarios, so the first one stays usable).
 */
export const tripsWorld = async (ctx: BenchContext) => {
  const w = await benchWorld(ctx.call, 'trips', { tenant: BENCH_PLATFORM.tenant });
  const { call } = ctx;
  const agent = await w.actor('agent-1', 'agent');
  const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
  const path = `/v1/conversations/${id}`;
  must(await call('POST', `${path}/messages`, { token: w.seller.token, body: { text: 'Yes.' } }), 201);
  const other = await w.actor('cust-2', 'customer');
  const otherConversation = await w.openProductConversation(other, { message: 'Does it come in blue?' });
  const reply = must(
    await call('POST', `/v1/conversations/${otherConversation.id}/messages`, {
      token: w.seller.token,
      body: { text: 'Only in red, sorry.' },
    }),
    201,
  );
  return {
    ...w,
    call,
    agent,
    /** The customer's conversation with the seller, and its path. */
    id,
    path,
    other,
    /** The second customer's conversation with the seller, and the seller's message in it. */
    otherId: otherConversation.id as string,
    otherMessageId: reply.body.message.id as string,
  };
};

export type TripsWorld = Awaited<ReturnType<typeof tripsWorld>>;
