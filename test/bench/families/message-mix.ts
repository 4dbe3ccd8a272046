import type { FamilyResult, Row } from '#test/bench/report/row';
import { PRICES, SES_PRICE } from '#test/bench/support/prices';
import type { OperationId } from './cost';

/** One operation of the mix: how many of it come with each message, and why we think so. */
export interface MixEntry {
  operation: OperationId;
  perMessage: number;
  why: string;
}

/** Messages in a conversation, its opening message included: a product question, the answer, a few follow-ups. */
export const MESSAGES_PER_CONVERSATION = 6;
/** Of the messages after the first, those that reach an offline recipient outside their 15-minute email window. */
export const EMAILED_SHARE = 1 / 3;

const later = 1 - 1 / MESSAGES_PER_CONVERSATION;

/**
 * What one message brings with it, as the cost family's operations. Assumptions, not measurements: the units of
 * each operation are measured (the same run's cost rows); how many of each come with a message is this model.
 */
export const MESSAGE_MIX: readonly MixEntry[] = [
  {
    operation: 'create-conversation',
    perMessage: 1 / MESSAGES_PER_CONVERSATION,
    why: `one conversation per ${MESSAGES_PER_CONVERSATION} messages; it carries the first message and the new-conversation email`,
  },
  {
    operation: 'send-with-client-message-id',
    perMessage: later * (1 - EMAILED_SHARE),
    why: 'the other messages, sent as the client library sends them (always with a clientMessageId), recipient online or in their email window',
  },
  {
    operation: 'send-emailed',
    perMessage: later * EMAILED_SHARE,
    why: `${Math.round(EMAILED_SHARE * 100)}% of them reach an offline recipient outside the window: a notification email (and, the first time, their reply address)`,
  },
  {
    operation: 'mark-read',
    perMessage: 1,
    why: 'the recipient reads every message (the open thread marks each one read as it shows it; a burst read at once needs fewer)',
  },
  {
    operation: 'list-conversations',
    perMessage: 0.5,
    why: 'the recipient opens or reloads the inbox for every other message (our inbox reorders itself from the push and reloads only on start and reconnect)',
  },
  {
    operation: 'unread-badge',
    perMessage: 1,
    why: "a storefront's header badge, read on the page view that follows each message",
  },
  {
    operation: 'poll',
    perMessage: 2,
    why: 'clients without the WebSocket (the compatibility dialects) poll: 2 empty polls per message across all clients',
  },
];

/** SES emails per message: every new conversation's email to the seller, and the notifications. */
export const emailsPerMessage = (mix: readonly MixEntry[]) =>
  mix
    .filter((e) => e.operation === 'create-conversation' || e.operation === 'send-emailed')
    .reduce((sum, e) => sum + e.perMessage, 0);

export type MeasuredUnits = Partial<Record<OperationId, { readUnits: number; writeUnits: number }>>;

/** USD per million messages of `mix`, from each operation's measured units (one operation each). */
export const priceMix = (mix: readonly MixEntry[], measured: MeasuredUnits) => {
  const lines = mix.map((entry) => {
    const units = measured[entry.operation];
    if (!units) throw new Error(`the message mix needs the cost of "${entry.operation}", which no cost row measured`);
    const writeUnits = units.writeUnits * entry.perMessage;
    const readUnits = units.readUnits * entry.perMessage;
    return { ...entry, units, writeUnits, readUnits };
  });
  const writeUnits = lines.reduce((sum, l) => sum + l.writeUnits, 0);
  const readUnits = lines.reduce((sum, l) => sum + l.readUnits, 0);
  const emails = emailsPerMessage(mix);
  const usd = {
    writes: writeUnits * PRICES.usdPerMillionWriteUnits,
    reads: readUnits * PRICES.usdPerMillionReadUnits,
    emails: emails * SES_PRICE.usdPerThousandEmails * 1000,
  };
  return { lines, writeUnits, readUnits, emails, usd, total: usd.writes + usd.reads + usd.emails };
};

/**
 * Row 2, derived: what a million messages cost in DynamoDB (reads included) and SES, under MESSAGE_MIX, from the
 * units the cost family measured in this run (never constants: the write path keeps changing).
 */
export const priceMessageMix = (cost: FamilyResult): FamilyResult => {
  const measured: MeasuredUnits = {};
  for (const row of cost.rows) {
    const data = row.data as { operation?: OperationId; total?: { readUnits: number; writeUnits: number } } | undefined;
    if (data?.operation && data.total) measured[data.operation] = data.total;
  }
  const priced = priceMix(MESSAGE_MIX, measured);
  const row: Row = {
    family: '2',
    subject: 'cost per million messages, reads included (message mix, see README)',
    measured:
      `$${priced.total.toFixed(2)}: writes $${priced.usd.writes.toFixed(2)} (${fmt(priced.writeUnits)} WRU per message) + ` +
      `reads $${priced.usd.reads.toFixed(2)} (${fmt(priced.readUnits)} RRU) + emails $${priced.usd.emails.toFixed(2)} ` +
      `(${fmt(priced.emails)} per message, SES)`,
    goal: '(report)',
    verdict: '',
    data: {
      mix: priced.lines.map((l) => ({
        operation: l.operation,
        perMessage: l.perMessage,
        units: l.units,
        writeUnitsPerMessage: l.writeUnits,
        readUnitsPerMessage: l.readUnits,
        why: l.why,
      })),
      perMessage: { writeUnits: priced.writeUnits, readUnits: priced.readUnits, emails: priced.emails },
      usdPerMillionMessages: { ...priced.usd, total: priced.total },
      prices: { dynamodb: PRICES, ses: SES_PRICE },
    },
  };
  return { rows: [row], details: [mixTable(priced)] };
};

/** The model, line by line, as Markdown: what the README's sub-table is pasted from. */
const mixTable = (priced: ReturnType<typeof priceMix>) =>
  [
    "**Cost per million messages, reads included** (row 2: the message mix of `test/bench/families/message-mix.ts`, priced from this run's cost rows)",
    '',
    '| operation (cost row) | per message | why | measured per operation | WRU per message | RRU per message |',
    '|---|---|---|---|---|---|',
    ...priced.lines.map(
      (l) =>
        `| ${l.operation} | ${fmt(l.perMessage)} | ${l.why} | ${fmt(l.units.writeUnits)} WRU + ${fmt(l.units.readUnits)} RRU | ${fmt(l.writeUnits)} | ${fmt(l.readUnits)} |`,
    ),
    `| **per message** | | | | **${fmt(priced.writeUnits)}** | **${fmt(priced.readUnits)}** |`,
    '',
    `Per million messages: writes ${fmt(priced.writeUnits)} M WRU × $${PRICES.usdPerMillionWriteUnits} = $${priced.usd.writes.toFixed(2)}; ` +
      `reads ${fmt(priced.readUnits)} M RRU × $${PRICES.usdPerMillionReadUnits} = $${priced.usd.reads.toFixed(2)}; ` +
      `SES ${fmt(priced.emails)} M emails × $${SES_PRICE.usdPerThousandEmails} per 1,000 = $${priced.usd.emails.toFixed(2)}; ` +
      `**total $${priced.total.toFixed(2)}** (DynamoDB alone $${(priced.usd.writes + priced.usd.reads).toFixed(2)}).`,
  ].join('\n');

const fmt = (n: number) => String(Number(n.toFixed(2)));
