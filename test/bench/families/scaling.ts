import { setTimeout } from 'node:timers/promises';
import { pushMessageCreated } from '#shared/chat/fan-out';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { connectionsOf } from '#shared/realtime/connections';
import { keys, type MemberKey, userMember } from '#shared/table/keys';
import type { FamilyResult, Row, ScalingPoint } from '#test/bench/report/row';
import { verdicts } from '#test/bench/report/row';
import type { BenchContext } from '#test/bench/support/bench-context';
import { type Actor, type BenchWorld, benchWorld, must } from '#test/bench/support/bench-world';
import { probeOperation } from '#test/bench/support/operation-probe';
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
  /** One request of an instance, measured in one or more parts (e.g. a send, and the stream's work it causes). */
  measure: (instance: Instance) => Promise<Record<string, Reading>>;
  /** Requests per instance and size, when not the run's `samples` (a pattern whose request is slow). */
  samples?: number;
  /** Figures worth a mention beside the ratios, e.g. how long seeding took. */
  note?: () => string;
  /** Rows of their own measured at the largest size, before `finish` (reports about the same instances). */
  reports?: (sizes: { smallest: number; largest: number }) => Promise<Row[]>;
  /** Releases what the pattern holds open (sockets). */
  finish?: () => Promise<void>;
}

type Instance = 'reference' | 'grown';

/** What one part of one request cost and took. */
interface Reading {
  ms: number;
  readUnits: number;
  writeUnits: number;
  /** Per DynamoDB call: units and where they went (dynamo-meter.ts), when the part wants it kept. */
  breakdown?: string[];
}

/** The readings of one part of one instance, request after request. */
interface Series {
  ms: number[];
  units: number[];
  readUnits: number[];
  writeUnits: number[];
  /** The breakdown of the last reading that had one. */
  breakdown?: string[];
}

/** Every part's series of one instance. */
type Sample = Record<string, Series>;

/** A pattern whose request is one part: the request itself, through the metered client. */
const metered =
  (ctx: BenchContext, request: (instance: Instance) => Promise<unknown>) =>
  async (instance: Instance): Promise<Record<string, Reading>> => {
    const { ms, result } = await timed(() => ctx.meter.measure(() => request(instance)));
    return { request: { ms, readUnits: result.usage.readUnits, writeUnits: result.usage.writeUnits } };
  };

/**
 * Row 4: list page, poll, push fan-out and a message to a seller at 10 vs 10 000 rows. Goal: cost ratio ≤ 1.1,
 * latency ratio ≤ 1.3 (p50 of interleaved requests, so drift of the machine hits both alike: the reads through
 * the local HTTP stack, the push as the fan-out call itself up to the frames at the recipients' sockets, the
 * message as its HTTP send and, apart, the stream's updates of the member items).
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
      messageToBusySeller(ctx, seeder, { samples: Math.max(10, Math.ceil(options.samples / 2)) }),
    ];
    const smallest = options.sizes[0]!;
    const largest = options.sizes[options.sizes.length - 1]!;
    const points: ScalingPoint[] = [];
    const rows: Row[] = [];
    for (const pattern of patterns) {
      let reference: Sample = {};
      let grown: Sample = {};
      try {
        await pattern.prepare?.(smallest);
        for (const size of options.sizes) {
          await pattern.growTo(size);
          await drainStream(ctx.stack.poller);
          ({ reference, grown } = await sampleInterleaved(pattern, pattern.samples ?? options.samples));
          for (const [part, series] of Object.entries(grown)) {
            const label = part === 'request' ? pattern.name : `${pattern.name}: ${part}`;
            points.push(point(label, 'grown', size, series), point(label, 'reference', size, reference[part]!));
          }
        }
        rows.push(scalingRow(pattern, { smallest, largest }, reference, grown));
        rows.push(...((await pattern.reports?.({ smallest, largest })) ?? []));
      } finally {
        await pattern.finish?.();
      }
    }
    return { rows, scaling: points };
  } finally {
    seeder.destroy();
  }
};

const scalingRow = (
  pattern: ScalingPattern,
  sizes: { smallest: number; largest: number },
  reference: Sample,
  grown: Sample,
): Row => {
  const parts = Object.keys(grown).map((part) => {
    const [r, g] = [reference[part]!, grown[part]!];
    const costRatio = median(g.units) / median(r.units);
    const latencyRatio = median(g.ms) / median(r.ms);
    const cost = part === 'request' ? `${fmt(median(r.units))} → ${fmt(median(g.units))} RRU` : unitsChange(r, g);
    const text =
      `${part === 'request' ? 'cost' : `${part}:`} ${cost} (${costRatio.toFixed(2)}×) · ` +
      `p50 ${median(r.ms).toFixed(1)} → ${median(g.ms).toFixed(1)} ms (${latencyRatio.toFixed(2)}×)`;
    return { part, costRatio, latencyRatio, text };
  });
  const note = pattern.note?.();
  return {
    family: '4',
    subject: `flat scaling: ${pattern.name} (${pattern.grows}, ${sizes.smallest} vs ${sizes.largest.toLocaleString('en-US')})`,
    measured: `${parts.map((p) => p.text).join(' · ')}${note ? ` (${note})` : ''}`,
    goal: `cost ≤ ${MAX_COST_RATIO}×, latency ≤ ${MAX_LATENCY_RATIO}×`,
    verdict: verdicts(
      parts.every((p) => p.costRatio <= MAX_COST_RATIO),
      parts.every((p) => p.latencyRatio <= MAX_LATENCY_RATIO),
    ),
    data: {
      ...sizes,
      ...(parts.length === 1
        ? { costRatio: parts[0]!.costRatio, latencyRatio: parts[0]!.latencyRatio }
        : { ratios: Object.fromEntries(parts.map((p) => [p.part, { cost: p.costRatio, latency: p.latencyRatio }])) }),
      reference,
      grown,
      ...(note && { note }),
    },
  };
};

/** "2 WRU + 2 RRU → 2 WRU + 2 RRU": the medians of a part, writes and reads apart. */
const unitsChange = (reference: Series, grown: Series) => {
  const units = (s: Series) => `${fmt(median(s.writeUnits))} WRU + ${fmt(median(s.readUnits))} RRU`;
  return `${units(reference)} → ${units(grown)}`;
};

const sampleInterleaved = async (pattern: ScalingPattern, samples: number) => {
  const reference: Sample = {};
  const grown: Sample = {};
  for (let i = 0; i < samples; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    const order = i % 2 === 0 ? (['reference', 'grown'] as const) : (['grown', 'reference'] as const);
    for (const instance of order) {
      const readings = await pattern.measure(instance);
      const into = instance === 'reference' ? reference : grown;
      for (const [part, reading] of Object.entries(readings)) {
        const series = (into[part] ??= { ms: [], units: [], readUnits: [], writeUnits: [] });
        series.ms.push(reading.ms);
        series.units.push(reading.readUnits + reading.writeUnits);
        series.readUnits.push(reading.readUnits);
        series.writeUnits.push(reading.writeUnits);
        if (reading.breakdown) series.breakdown = reading.breakdown;
      }
    }
  }
  return { reference, grown };
};

const point = (pattern: string, series: ScalingPoint['series'], size: number, s: Series): ScalingPoint => ({
  pattern,
  series,
  size,
  p50Ms: median(s.ms),
  units: median(s.units),
});

/** A page of the inbox (limit 10) of a caller with 10 conversations, and of one with up to 10 000. */
const inboxPage = async (ctx: BenchContext, w: BenchWorld, seeder: Seeder): Promise<ScalingPattern> => {
  const { call } = ctx;
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
    measure: metered(ctx, async (instance) =>
      must(await call('GET', `/v1/conversations?limit=${PAGE}`, { token: owners[instance].token }), 200),
    ),
  };
};

/** A poll with nothing new on a conversation of 10 messages, and on one of up to 10 000. */
const pollNothingNew = async (ctx: BenchContext, w: BenchWorld, seeder: Seeder): Promise<ScalingPattern> => {
  const { call } = ctx;
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
    measure: metered(ctx, async (instance) =>
      must(
        await call('GET', `/v1/conversations/${conversations[instance]}/messages?after=${tips[instance]}`, {
          token: owners[instance].token,
        }),
        200,
      ),
    ),
  };
};

/**
 * Pushing one message to its recipients (shared/realtime/fan-out.ts: one connection Query per participant slot,
 * in parallel, then PostToConnection through the local @connections endpoint) until the frame is at every
 * recipient's socket; in a tenant where 10 other customers are connected, and in one with up to 10 000. The
 * recipients (a customer with one real WebSocket, the seller with two) are the same in both.
 */
const pushFanOut = (ctx: BenchContext, seeder: Seeder): ScalingPattern => {
  const { call, stack } = ctx;
  type Prepared = { tenant: string; message: MessageItem; sockets: WsListener[] };
  const instances: Partial<Record<Instance, Prepared>> = {};
  let grownSize = 0;
  const prepare = async (label: string): Promise<Prepared> => {
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
    measure: metered(ctx, async (instance) => {
      const { message, sockets } = instances[instance]!;
      const outcome = await pushMessageCreated(message);
      if (outcome.delivered !== sockets.length)
        throw new Error(`push fan-out delivered ${JSON.stringify(outcome)}, expected ${sockets.length}`);
      await Promise.all(sockets.map((socket) => socket.next((e) => e.type === 'message.created')));
    }),
    finish: async () => {
      await Promise.all(Object.values(instances).flatMap((i) => i.sockets.map((s) => s.close())));
      // $disconnect runs after the socket has closed: let it finish before the stack stops under it.
      for (const { tenant, message } of Object.values(instances)) await untilNoConnections(tenant, message.members);
    },
  };
};

/**
 * A customer's message to a seller with 10 conversations, and to one with up to 10 000 (all of them unread: the
 * seller's inbox partition in GSI1 and unread partition in GSI2 both hold that many items), each seller online on
 * a real WebSocket. The message goes through the real HTTP send and the real stream consumers (operation-probe.ts:
 * the poller paused during the send, then resumed and drained), and is measured in two parts: the send (its
 * DynamoDB units, its HTTP time) and the stream's work for it (every unit the consumers spent on it; the time from
 * the first member-item UpdateItem's start to the last one's end: the re-sort of the seller's inbox entry and its
 * unread entry, which is what could grow with the partitions). The conversations are seeded with BatchWrite from
 * the seller's real member item (seed.ts), and the seeding is timed.
 */
const messageToBusySeller = (ctx: BenchContext, seeder: Seeder, options: { samples: number }): ScalingPattern => {
  type Prepared = {
    tenant: string;
    path: string;
    customer: Actor;
    seller: Actor;
    sellerItem: MemberItem;
    socket: WsListener;
  };
  const instances: Partial<Record<Instance, Prepared>> = {};
  let grownSize = 0;
  const seeding = { conversations: 0, ms: 0 };
  const seed = async (seller: MemberItem, from: number, to: number) => {
    const { ms } = await timed(() => seeder.inboxEntries(seller, from, to, { unread: true }));
    return { conversations: Math.max(0, to - from), ms };
  };
  const prepare = async (label: string): Promise<Prepared> => {
    const w = await benchWorld(ctx.call, label);
    const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
    const sellerItem = await seeder.read<MemberItem>(keys.member(w.tenant, id, userMember(w.seller.id)));
    const socket = await WsListener.connect(ctx.stack.urls.ws, w.seller.token);
    const path = `/v1/conversations/${id}/messages`;
    return { tenant: w.tenant, path, customer: w.customer, seller: w.seller, sellerItem, socket };
  };
  let sent = 0;
  return {
    name: 'message to a seller',
    grows: "conversations in the seller's inbox, all unread",
    samples: options.samples,
    prepare: async (smallest) => {
      instances.reference = await prepare('seller-small');
      instances.grown = await prepare('seller-large');
      // Each seller has its real conversation; the seeded ones make up the rest.
      await seed(instances.reference.sellerItem, 1, smallest);
      grownSize = 1;
    },
    growTo: async (size) => {
      const { conversations, ms } = await seed(instances.grown!.sellerItem, grownSize, size);
      seeding.conversations += conversations;
      seeding.ms += ms;
      grownSize = Math.max(grownSize, size);
    },
    measure: async (instance) => {
      const { path, customer, socket } = instances[instance]!;
      socket.clear();
      const text = `Is it still in stock? (${++sent})`;
      const {
        result: sendMs,
        request,
        stream,
      } = await probeOperation(ctx.stack, ctx.meter, async () => {
        const { ms } = await timed(async () =>
          must(await ctx.call('POST', path, { token: customer.token, body: { text } }), 201),
        );
        return ms;
      });
      const updates = stream.spans.filter((_, i) => stream.commands[i] === 'UpdateItem');
      if (updates.length === 0) throw new Error(`the stream updated no member item for "${text}"`);
      return {
        send: {
          ms: sendMs,
          readUnits: request.readUnits,
          writeUnits: request.writeUnits,
          breakdown: request.breakdown,
        },
        'inbox update (stream)': {
          ms: Math.max(...updates.map((s) => s.end)) - Math.min(...updates.map((s) => s.start)),
          readUnits: stream.readUnits,
          writeUnits: stream.writeUnits,
          breakdown: stream.breakdown,
        },
      };
    },
    note: () =>
      `seeding the larger inbox, ${seeding.conversations.toLocaleString('en-US')} conversations: ${(seeding.ms / 1000).toFixed(1)} s`,
    reports: async ({ smallest, largest }) => [await sellerBadge(ctx, instances, { smallest, largest })],
    finish: async () => {
      await Promise.all(Object.values(instances).map((i) => i.socket.close()));
      for (const { tenant, sellerItem } of Object.values(instances)) {
        await untilNoConnections(tenant, [sellerItem.member]);
      }
    },
  };
};

/**
 * The unread badge (GET /v1/unread) of the two sellers above, every one of whose conversations is unread: a report,
 * not a goal. The badge sums the sparse unread index, so it reads one index entry per unread conversation: its
 * cost follows the unread conversations by design (README, "Hot keys at internet scale"); this row says how much.
 */
const sellerBadge = async (
  ctx: BenchContext,
  instances: Partial<Record<Instance, { seller: Actor }>>,
  sizes: { smallest: number; largest: number },
): Promise<Row> => {
  const badge = async (instance: Instance) => {
    const { ms, result } = await timed(() =>
      ctx.meter.measure(async () =>
        must(await ctx.call('GET', '/v1/unread', { token: instances[instance]!.seller.token }), 200),
      ),
    );
    return {
      ms,
      readUnits: result.usage.readUnits,
      calls: result.usage.calls,
      total: (result.result.body as { total: number }).total,
    };
  };
  const [reference, grown] = [await badge('reference'), await badge('grown')];
  const perConversation = (grown.readUnits - reference.readUnits) / (sizes.largest - sizes.smallest);
  return {
    family: '4',
    subject: `unread badge of those sellers (unread conversations, ${sizes.smallest} vs ${sizes.largest.toLocaleString('en-US')})`,
    measured:
      `${fmt(reference.readUnits)} RRU in ${reference.calls} Query → ${fmt(grown.readUnits)} RRU in ${grown.calls} ` +
      `(${fmt(perConversation * 1000)} RRU per 1,000 unread conversations) · ${reference.ms.toFixed(1)} → ${grown.ms.toFixed(1)} ms`,
    goal: '(report: follows the unread conversations, by design)',
    verdict: '',
    data: { ...sizes, reference, grown, readUnitsPerUnreadConversation: perConversation },
  };
};

const untilNoConnections = async (tenant: string, slots: MemberKey[]) => {
  for (let i = 0; i < 100 && (await connectionsOf(tenant, slots)).length > 0; i++) await setTimeout(50);
};

const fmt = (n: number) => String(Number(n.toFixed(2)));
