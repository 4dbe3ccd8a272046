import type { MemberItem, MessageItem } from '../../../shared/chat/model';
import { keys, userMember } from '../../../shared/table/keys';
import type { FamilyResult, Row, ScalingPoint } from '../report/row';
import { verdicts } from '../report/row';
import type { BenchContext } from '../support/bench-context';
import { benchWorld, must, type BenchWorld } from '../support/bench-world';
import { Seeder } from '../support/seed';
import { median, timed } from '../support/stats';
import { drainStream } from '../../support/stream-drain';

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
  /** Set when the pattern cannot run in this branch yet: the row says why. */
  unavailable?: string;
  prepare?: (smallest: number) => Promise<void>;
  growTo?: (size: number) => Promise<void>;
  request?: (instance: 'reference' | 'grown') => Promise<unknown>;
}

interface Sample { ms: number[]; units: number[] }

/**
 * Row 4: list page, poll and push fan-out at 10 vs 10 000 rows. Goal: cost ratio ≤ 1.1, latency ratio ≤ 1.3
 * (p50 of interleaved requests through the local HTTP stack, so drift of the machine hits both alike).
 */
export const measureScaling = async (ctx: BenchContext, options: { sizes: number[]; samples: number }): Promise<FamilyResult> => {
  const seeder = new Seeder();
  try {
    const w = await benchWorld(ctx.call, 'scale');
    const patterns: ScalingPattern[] = [
      await inboxPage(ctx, w, seeder),
      await pollNothingNew(ctx, w, seeder),
      {
        name: 'push fan-out',
        grows: "other users' connections",
        unavailable: 'n/a: no WebSocket yet',
      },
    ];
    const smallest = options.sizes[0]!;
    const largest = options.sizes[options.sizes.length - 1]!;
    const points: ScalingPoint[] = [];
    const rows: Row[] = [];
    for (const pattern of patterns) {
      if (pattern.unavailable || !pattern.request || !pattern.growTo) {
        rows.push({ family: '4', subject: `flat scaling: ${pattern.name} (${pattern.grows})`, measured: pattern.unavailable ?? 'n/a', goal: `cost ≤ ${MAX_COST_RATIO}×, latency ≤ ${MAX_LATENCY_RATIO}×`, verdict: 'n/a' });
        continue;
      }
      await pattern.prepare?.(smallest);
      let reference: Sample | undefined;
      let grown: Sample | undefined;
      for (const size of options.sizes) {
        await pattern.growTo(size);
        await drainStream(ctx.stack.poller);
        ({ reference, grown } = await sampleInterleaved(ctx, pattern, options.samples));
        points.push(point(pattern.name, 'grown', size, grown), point(pattern.name, 'reference', size, reference));
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
      const { ms, result } = await timed(() => ctx.meter.measure(() => pattern.request!(instance)));
      const into = instance === 'reference' ? reference : grown;
      into.ms.push(ms);
      into.units.push(result.usage.readUnits + result.usage.writeUnits);
    }
  }
  return { reference, grown };
};

const point = (pattern: string, series: ScalingPoint['series'], size: number, s: Sample): ScalingPoint =>
  ({ pattern, series, size, p50Ms: median(s.ms), units: median(s.units) });

/** A page of the inbox (limit 10) of a caller with 10 conversations, and of one with up to 10 000. */
const inboxPage = async ({ call }: BenchContext, w: BenchWorld, seeder: Seeder): Promise<ScalingPattern> => {
  const owners = { reference: await w.actor('inbox-small', 'customer'), grown: await w.actor('inbox-large', 'customer') };
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
    request: async (instance) => must(await call('GET', `/v1/conversations?limit=${PAGE}`, { token: owners[instance].token }), 200),
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
      must(await call('GET', `/v1/conversations/${conversations[instance]}/messages?after=${tips[instance]}`, { token: owners[instance].token }), 200),
  };
};

const fmt = (n: number) => String(Number(n.toFixed(2)));
