import { describe, expect, it } from 'vitest';
import type { OperationId } from '#test/bench/families/cost';
import {
  emailsPerMessage,
  MESSAGE_MIX,
  type MixEntry,
  priceMessageMix,
  priceMix,
} from '#test/bench/families/message-mix';
import type { Row } from '#test/bench/report/row';
import { PRICES, SES_PRICE } from '#test/bench/support/prices';

const units = (writeUnits: number, readUnits: number) => ({ writeUnits, readUnits });

/** One measured operation each, as the cost family reports them (looked up by `data.operation`). */
const measured: Record<OperationId, { writeUnits: number; readUnits: number }> = {
  'create-conversation': units(27, 6),
  send: units(10, 3),
  'send-with-client-message-id': units(13, 3),
  'send-emailed': units(19, 4.5),
  'mark-read': units(12, 2),
  'list-conversations': units(0, 2.5),
  'unread-badge': units(0, 0.5),
  poll: units(0, 1),
  burst: units(47, 10),
};

const costRow = (operation: OperationId, subject = `cost: ${operation}`): Row => ({
  family: '2',
  subject,
  measured: '',
  goal: '',
  verdict: '',
  data: { operation, total: measured[operation] },
});

describe('the message mix (cost per million messages, reads included)', () => {
  it('sends every message exactly once: the opening message and the later sends add up to one per message', () => {
    const sends = MESSAGE_MIX.filter((e) =>
      ['create-conversation', 'send-with-client-message-id', 'send-emailed'].includes(e.operation),
    );
    expect(sends.reduce((sum, e) => sum + e.perMessage, 0)).toBeCloseTo(1, 10);
  });

  it('prices each operation by its measured units times its share, reads and writes apart, plus the emails', () => {
    const mix: MixEntry[] = [
      { operation: 'create-conversation', perMessage: 0.25, why: '' },
      { operation: 'send-with-client-message-id', perMessage: 0.75, why: '' },
      { operation: 'mark-read', perMessage: 1, why: '' },
      { operation: 'poll', perMessage: 2, why: '' },
    ];
    const priced = priceMix(mix, measured);
    expect(priced.writeUnits).toBeCloseTo(27 * 0.25 + 13 * 0.75 + 12, 10);
    expect(priced.readUnits).toBeCloseTo(6 * 0.25 + 3 * 0.75 + 2 + 2 * 1, 10);
    expect(priced.emails).toBeCloseTo(0.25, 10);
    expect(priced.usd.writes).toBeCloseTo(priced.writeUnits * PRICES.usdPerMillionWriteUnits, 10);
    expect(priced.usd.reads).toBeCloseTo(priced.readUnits * PRICES.usdPerMillionReadUnits, 10);
    expect(priced.usd.emails).toBeCloseTo(0.25 * SES_PRICE.usdPerThousandEmails * 1000, 10);
    expect(priced.total).toBeCloseTo(priced.usd.writes + priced.usd.reads + priced.usd.emails, 10);
  });

  it('counts an email for every new conversation and every emailed send', () => {
    expect(emailsPerMessage(MESSAGE_MIX)).toBeCloseTo(
      MESSAGE_MIX.filter((e) => e.operation === 'create-conversation' || e.operation === 'send-emailed').reduce(
        (sum, e) => sum + e.perMessage,
        0,
      ),
      10,
    );
    expect(emailsPerMessage([{ operation: 'mark-read', perMessage: 1, why: '' }])).toBe(0);
  });

  it('reads the units from the cost rows by operation id, whatever their subject says', () => {
    const rows = (Object.keys(measured) as OperationId[]).map((op) => costRow(op, `renamed ${op}`));
    const { rows: derived, details } = priceMessageMix({ rows: [...rows, { ...costRow('poll'), data: {} }] });
    const expected = priceMix(MESSAGE_MIX, measured);
    expect(derived).toHaveLength(1);
    expect(derived[0]!.data?.usdPerMillionMessages).toEqual({ ...expected.usd, total: expected.total });
    expect(derived[0]!.measured).toContain(`$${expected.total.toFixed(2)}`);
    expect(details?.[0]).toContain(`**total $${expected.total.toFixed(2)}**`);
  });

  it('refuses to price a mix whose operation no cost row measured, rather than price it at zero', () => {
    const rows = (Object.keys(measured) as OperationId[]).filter((op) => op !== 'mark-read').map((op) => costRow(op));
    expect(() => priceMessageMix({ rows })).toThrow(/mark-read/);
  });
});
