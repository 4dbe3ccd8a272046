import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Capacity, priced } from './capacity';
import type { TransactionPricer } from './transaction-pricer';

/** What the DynamoDB calls of one measured window cost. */
export interface Usage {
  /** Logical calls (SDK retries of one call count once). */
  calls: number;
  commands: string[];
  /** When each call ran (ms, performance.now()), in the order of `commands`: shows which ones overlapped. */
  spans: Array<{ start: number; end: number }>;
  /** Per call: units and where they went, e.g. "UpdateItem 4 (table 1, GSI1 2, GSI2 1)". */
  breakdown: string[];
  readUnits: number;
  writeUnits: number;
  /** Conditional writes the table refused: AWS bills them, DynamoDB Local reports no capacity for them. */
  refusedWrites: number;
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
/**
 * DynamoDB Local reports 0 units for a read that finds nothing; AWS bills such a request one 4 KB read
 * (0.5 units eventually consistent, 1 strongly consistent), so the meter does too: if anything, an overestimate.
 */
const MINIMUM_BILLED_READS = new Set(['GetItem', 'Query', 'Scan']);

const emptyUsage = (): Usage => ({
  calls: 0,
  commands: [],
  spans: [],
  breakdown: [],
  readUnits: 0,
  writeUnits: 0,
  refusedWrites: 0,
});

/**
 * Counts every DynamoDB call a client makes and what it consumed, by SDK middleware on the client the
 * handlers share (`db()`): ReturnConsumedCapacity is added to every call, and ConsumedCapacity summed.
 * DynamoDB Local mis-prices TransactWriteItems, so those are re-priced by the TransactionPricer.
 * Only calls inside start()…stop() are recorded; outside, the middleware passes calls through untouched.
 */
export class DynamoMeter {
  private current: Usage | undefined;

  constructor(private readonly pricer: TransactionPricer) {}

  install(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next) => async (args) => {
        // INDEXES: the TOTAL figure, plus how it splits between the table and each index.
        if (this.current) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
        return next(args);
      },
      { step: 'initialize', name: 'benchReturnConsumedCapacity' },
    );
    // At the build step the input is already marshalled (the document client's marshaller sits before the
    // serializer) and retries (finalizeRequest) happen inside: one logical call per invocation here.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const usage = this.current;
        if (!usage) return next(args);
        const operation = context.commandName?.replace(/Command$/, '') ?? 'unknown';
        const input = args.input as Record<string, unknown>;
        // The call starts when the code makes it: the pricer's reads before a transaction delay it, in the bench only.
        const span = { start: performance.now(), end: Number.NaN };
        const priceTransaction = operation === 'TransactWriteItems' ? await this.pricer.prepare(input) : undefined;
        usage.calls += 1;
        usage.commands.push(operation);
        usage.spans.push(span);
        let result: Awaited<ReturnType<typeof next>>;
        try {
          result = await next(args);
        } catch (error) {
          if (!READS.has(operation)) usage.refusedWrites += 1;
          throw error;
        } finally {
          span.end = performance.now();
        }
        const output = result.output as { ConsumedCapacity?: Capacity | Capacity[] };
        let { total, detail } = priceTransaction ? await priceTransaction() : priced(output.ConsumedCapacity);
        if (total === 0 && MINIMUM_BILLED_READS.has(operation)) {
          total = input.ConsistentRead ? 1 : 0.5;
          detail = 'found nothing: billed as one 4 KB read';
        }
        if (READS.has(operation)) usage.readUnits += total;
        else usage.writeUnits += total;
        usage.breakdown.push(`${operation} ${total}${detail ? ` (${detail})` : ''}`);
        return result;
      },
      { step: 'build', name: 'benchMeter' },
    );
  }

  start() {
    this.current = emptyUsage();
  }

  stop(): Usage {
    const usage = this.current ?? emptyUsage();
    this.current = undefined;
    return usage;
  }

  async measure<T>(run: () => Promise<T>): Promise<{ result: T; usage: Usage }> {
    this.start();
    try {
      const result = await run();
      return { result, usage: this.stop() };
    } finally {
      this.current = undefined;
    }
  }
}

export const addUsage = (a: Usage, b: Usage): Usage => ({
  calls: a.calls + b.calls,
  commands: [...a.commands, ...b.commands],
  spans: [...a.spans, ...b.spans],
  breakdown: [...a.breakdown, ...b.breakdown],
  readUnits: a.readUnits + b.readUnits,
  writeUnits: a.writeUnits + b.writeUnits,
  refusedWrites: a.refusedWrites + b.refusedWrites,
});

/**
 * The calls as they ran: `→` between calls one after the other, `∥` between calls in flight together, e.g.
 * "Query ∥ Query" or "Query → PutItem"; and the sequential depth (the longest chain of calls each starting
 * after the previous ended), which is what the latency pays.
 */
export const callSequence = (usage: Pick<Usage, 'commands' | 'spans'>) => {
  // In the order the calls started (a call is recorded once it is sent, which is not always the order they began).
  const calls = usage.commands
    .map((command, i) => ({ command, span: usage.spans[i]! }))
    .sort((a, b) => a.span.start - b.span.start);
  let text = '';
  let waveEnd = Number.NEGATIVE_INFINITY;
  for (const [i, { command, span }] of calls.entries()) {
    if (i > 0) text += span.start < waveEnd ? ' ∥ ' : ' → ';
    text += command;
    waveEnd = span.start < waveEnd ? Math.max(waveEnd, span.end) : span.end;
  }
  const depth: number[] = [];
  for (const [i, { span }] of calls.entries()) {
    depth[i] =
      1 + Math.max(0, ...calls.slice(0, i).flatMap((before, j) => (before.span.end <= span.start ? [depth[j]!] : [])));
  }
  return { text, sequential: Math.max(0, ...depth) };
};
