import { setTimeout } from 'node:timers/promises';
import { pushMessageCreated } from '#shared/chat/fan-out';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { connectionsOf } from '#shared/realtime/connections';
import { keys, type MemberKey, userMember } from '#shared/table/keys';
import type { FamilyResult, Row, ScalingPoint } from '#test/bench/report/row';
import { verdicts } from '#test/bench/report/row';
import type { BenchContext } from '#test/bench/support/bench-context';
import { type BenchWorld, benchWorld, must } from '#test/bench/support/bench-world';
import { Seeder } from '#test/bench/support/seed';
import { median, timed } from '#test/bench/support/stats';
import { WsListener } from '#test/bench/support/ws-listener';
import { drainStream } from '#test/support/stream/drain';

const MAX_COST_RATIO = 1.1;
const MAX_LATENCY_RATIO = 1.3;
const PAGE = 10;

/**
 * An access pattern that must cost the same whatever the table holds: a `reference` instance stays at the
 * smallest size, a `grown` one is seeded up to each size, and the two are measured interleaved.
 */
interface ScalingPattern {
  name: string;
  /** What grows, e.g. "conversations in the caller's inbox". */
  grows: string;
  prepare?: (smallest: number) => Promise<void>;
  growTo: (size: number) => Promise<void>;
  request: (instance: 'reference' | 'grown') => Promise<unknown>;
  /** Releases what the pattern holds open (sockets). */
  finish?: () => Promise<void>;
}

interface Sample {
  ms: number[];
  units: number[];
}

/**
 * Row 4: list page, poll and push fan-out at 10 vs 10 000 rows. Goal: cost ratio ≤ 1.1, latency ratio ≤ 1.3
 * (p50 of interleaved requests, so drift of the machine hits both alike: the reads through the local HTTP
 * stack, the push as the fan-out call itself up to the frames at the recipients' sockets).
 */
export const measureScaling = async (
  ctx: BenchContext,
  options: { sizes: number[]; samples: number },
): Promise<FamilyResult> => {
  const seeder = new Seeder();
  try {
    const w = await benchWorld(ctx.call, 'scale');
    const patterns: ScalingPattern[] = [
      await inboxPage(ctx, w, seeder),
      await pollNothingNew(ctx, w, seeder),
      pushFanOut(ctx, seeder),
    ];
    const smallest = options.sizes[0]!;
    const largest = options.sizes[options.sizes.length - 1]!;
    const points: ScalingPoint[] = [];
    const rows: Row[] = [];
    for (const pattern of patterns) {
      let reference: Sample | undefined;
      let grown: Sample | undefined;
      try {
        await pattern.prepare?.(smallest);
        for (const size of options.sizes) {
          await pattern.growTo(size);
          await drainStream(ctx.stack.poller);
          ({ reference, grown } = await sampleInterleaved(ctx, pattern, options.samples));
          points.push(point(pattern.name, 'grown', size, grown), point(pattern.name, 'reference', size, reference));
        }
      } finally {
        await pattern.finish?.();
      }
      const costRatio = median(grown!.units) / median(reference!.units);
      const latencyRatio = median(grown!.ms) / median(reference!.ms);
      rows.push({
        family: '4',
        subject: `flat scaling: ${pattern.name} (${pattern.grows}, ${smallest} vs ${largest.toLocaleString('en-US')})`,
        measured:
          `cost ${fmt(median(reference!.units))} → ${fmt(median(grown!.units))} RRU (${costRatio.toFixed(2)}×) · ` +
          `p50 ${median(reference!.ms).toFixed(1)} → ${median(grown!.ms).toFixed(1)} ms (${latencyRatio.toFixed(2)}×)`,
        goal: `cost ≤ ${MAX_COST_RATIO}×, latency ≤ ${MAX_LATENCY_RATIO}×`,
        verdict: verdicts(costRatio <= MAX_COST_RATIO, latencyRatio <= MAX_LATENCY_RATIO),
        data: { smallest, largest, costRatio, latencyRatio, reference, grown },
      });
    }
    return { rows, scaling: points };
  } finally {
    seeder.destroy();
  }
};

const sampleInterleaved = async (ctx: BenchContext, pattern: ScalingPattern, samples: number) => {
  const reference: Sample = { ms: [], units: [] };
  const grown: Sample = { ms: [], units: [] };
  for (let i = 0; i < samples; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    const order = i % 2 === 0 ? (['reference', 'grown'] as const) : (['grown', 'reference'] as const);
    for (const instance of order) {
      const { ms, result } = await timed(() => ctx.meter.measure(() => pattern.request(instance)));
      const into = instance === 'reference' ? reference : grown;
      into.ms.push(ms);
      into.units.push(result.usage.readUnits + result.usage.writeUnits);
    }
  }
  return { reference, grown };
};

const point = (pattern: string, series: ScalingPoint['series'], size: number, s: Sample): ScalingPoint => ({
  pattern,
  series,
  size,
  p50Ms: median(s.ms),
  units: median(s.units),
});

/** A page of the inbox (limit 10) of a caller with 10 conversations, and of one with up to 10 000. */
const inboxPage = async ({ call }: BenchContext, w: BenchWorld, seeder: Seeder): Promise<ScalingPattern> => {
  const owners = {
    reference: await w.actor('inbox-small', 'customer'),
    grown: await w.actor('inbox-large', 'customer'),
  };
  let grownSize = 0;
  let template: MemberItem;
  return {
    name: 'list conversations page',
    grows: "conversations in the caller's inbox",
    prepare: async (smallest) => {
      const { id } = await w.openProductConversation(owners.reference, { message: 'Template' });
      template = await seeder.read<MemberItem>(keys.member(w.tenant, id, userMember(owners.reference.id)));
      await seeder.inboxEntries(template, 0, smallest - 1);
    },
    growTo: async (size) => {
      await seeder.inboxEntries({ ...template, member: userMember(owners.grown.id) }, grownSize, size);
      grownSize = size;
    },
    request: async (instance) =>
      must(await call('GET', `/v1/conversations?limit=${PAGE}`, { token: owners[instance].token }), 200),
  };
};

/** A poll with nothing new on a conversation of 10 messages, and on one of up to 10 000. */
const pollNothingNew = async ({ call }: BenchContext, w: BenchWorld, seeder: Seeder): Promise<ScalingPattern> => {
  const owners = { reference: await w.actor('poll-small', 'customer'), grown: await w.actor('poll-large', 'customer') };
  const conversations = { reference: '', grown: '' };
  const tips = { reference: 1, grown: 1 };
  let template: MessageItem;
  return {
    name: 'poll with nothing new',
    grows: 'messages in the conversation',
    prepare: async (smallest) => {
      conversations.reference = (await w.openProductConversation(owners.reference, { message: 'Template' })).id;
      conversations.grown = (await w.openProductConversation(owners.grown, { message: 'Template' })).id;
      template = await seeder.read<MessageItem>(keys.message(w.tenant, conversations.reference, 1));
      await seeder.messages(template, 2, smallest + 1);
      tips.reference = smallest;
    },
    growTo: async (size) => {
      await seeder.messages({ ...template, conversationId: conversations.grown }, tips.grown + 1, size + 1);
      tips.grown = size;
    },
    request: async (instance) =>
      must(
        await call('GET', `/v1/conversations/${conversations[instance]}/messages?after=${tips[instance]}`, {
          token: owners[instance].token,
        }),
        200,
      ),
  };
};

/**
 * Pushing one message to its recipients (shared/realtime/fan-out.ts: one connection Query per participant slot,
 * in parallel, then PostToConnection through the local @connections endpoint) until the frame is at every
 * recipient's socket; in a tenant where 10 other customers are connected, and in one with up to 10 000. The
 * recipients (a customer with one real WebSocket, the seller with two) are the same in both.
 */
const pushFanOut = ({ call, stack }: BenchContext, seeder: Seeder): ScalingPattern => {
  type Instance = { tenant: string; message: MessageItem; sockets: WsListener[] };
  const instances: Partial<Record<'reference' | 'grown', Instance>> = {};
  let grownSize = 0;
  const prepare = async (label: string): Promise<Instance> => {
    const w = await benchWorld(call, label);
    const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
    const message = await seeder.read<MessageItem>(keys.message(w.tenant, id, 1));
    const sockets = [
      await WsListener.connect(stack.urls.ws, w.customer.token),
      await WsListener.connect(stack.urls.ws, w.seller.token),
      await WsListener.connect(stack.urls.ws, w.seller.token),
    ];
    return { tenant: w.tenant, message, sockets };
  };
  return {
    name: 'push fan-out',
    grows: "other users' connections in the tenant",
    prepare: async (smallest) => {
      instances.reference = await prepare('fanout-small');
      instances.grown = await prepare('fanout-large');
      await seeder.connections(instances.reference.tenant, 0, smallest);
    },
    growTo: async (size) => {
      await seeder.connections(instances.grown!.tenant, grownSize, size);
      grownSize = size;
    },
    request: async (instance) => {
      const { message, sockets } = instances[instance]!;
      const outcome = await pushMessageCreated(message);
      if (outcome.delivered !== sockets.length)
        throw new Error(`push fan-out delivered ${JSON.stringify(outcome)}, expected ${sockets.length}`);
      await Promise.all(sockets.map((socket) => socket.next((e) => e.type === 'message.created')));
    },
    finish: async () => {
      await Promise.all(Object.values(instances).flatMap((i) => i.sockets.map((s) => s.close())));
      // $disconnect runs after the socket has closed: let it finish before the stack stops under it.
      for (const { tenant, message } of Object.values(instances)) await untilNoConnections(tenant, message.members);
    },
  };
};

const untilNoConnections = async (tenant: string, slots: MemberKey[]) => {
  for (let i = 0; i < 100 && (await connectionsOf(tenant, slots)).length > 0; i++) await setTimeout(50);
};

const fmt = (n: number) => String(Number(n.toFixed(2)));
