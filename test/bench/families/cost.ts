import type { FamilyResult, Row } from '#test/bench/report/row';
import { verdict } from '#test/bench/report/row';
import type { BenchContext } from '#test/bench/support/bench-context';
import { type BenchWorld, benchWorld, must } from '#test/bench/support/bench-world';
import { addUsage, type Usage } from '#test/bench/support/dynamo-meter';
import { probeOperation } from '#test/bench/support/operation-probe';
import { PRICES, usdPerMillion } from '#test/bench/support/prices';

/** Write-unit goals (issue #12), request and stream together. */
const GOALS = {
  send: 8,
  sendWithClientMessageId: 10,
  markRead: 6,
  /** Per message, when a burst reaches the stream as one batch. */
  burstPerMessage: 3,
} as const;
const INBOX_SIZE = 20;
const BURST = 20;

/** The operations this family measures, by a name that stays when a row's wording changes. */
export type OperationId =
  | 'create-conversation'
  | 'send'
  | 'send-with-client-message-id'
  | 'list-conversations'
  | 'poll'
  | 'unread-badge'
  | 'mark-read'
  | 'burst'
  | 'send-emailed';

interface Operation {
  /** Stable name other rows look the operation up by (message-mix.ts), whatever its subject says. */
  id: OperationId;
  name: string;
  /** Held to a write-unit goal: at most this many WRU per operation (per message, for a burst). */
  maxWriteUnits?: number;
  /** How many messages the operation sends: the goal and the measured figure are per message. */
  messages?: number;
  run: () => Promise<unknown>;
}

/**
 * Row 2: what each operation costs in DynamoDB capacity, the request itself plus the writes the stream
 * processor makes because of it, from ReturnConsumedCapacity on DynamoDB Local, in USD per million operations.
 */
export const measureCost = async (ctx: BenchContext): Promise<FamilyResult> => {
  const w = await benchWorld(ctx.call, 'cost');
  const operations = await costOperations(ctx, w);
  const rows: Row[] = [];
  const chatConsumer = ctx.stack.poller.loops.find((loop) => loop.consumer.name === 'Stream');
  for (const op of operations) {
    const batchesBefore = chatConsumer?.invocations ?? 0;
    const { request, stream } = await probeOperation(ctx.stack, ctx.meter, op.run);
    const streamBatches = (chatConsumer?.invocations ?? 0) - batchesBefore;
    const total = addUsage(request, stream);
    const perMessage = op.messages ? total.writeUnits / op.messages : undefined;
    const measured = `${describe(total)} (request ${units(request)}; stream ${units(stream)}) = $${usdPerMillion(total).toFixed(3)} per million`;
    rows.push({
      family: '2',
      subject: `cost: ${op.name}`,
      measured:
        perMessage === undefined
          ? measured
          : `${fmt(perMessage)} WRU per message (${op.messages} messages, ${streamBatches} chat stream batch${streamBatches === 1 ? '' : 'es'}): ${measured}`,
      goal:
        op.maxWriteUnits === undefined
          ? '(report)'
          : `≤ ${op.maxWriteUnits} WRU ${op.messages ? 'per message' : 'in total'}`,
      verdict: op.maxWriteUnits === undefined ? '' : verdict((perMessage ?? total.writeUnits) <= op.maxWriteUnits),
      data: {
        request,
        stream,
        operation: op.id,
        total: { readUnits: total.readUnits, writeUnits: total.writeUnits },
        ...(perMessage !== undefined && { messages: op.messages, writeUnitsPerMessage: perMessage, streamBatches }),
        usdPerMillion: usdPerMillion(total),
      },
    });
  }
  rows.push({
    family: '2',
    subject: 'prices used',
    measured: `$${PRICES.usdPerMillionWriteUnits} per million WRU, $${PRICES.usdPerMillionReadUnits} per million RRU (on-demand, ${PRICES.region})`,
    goal: '',
    verdict: '',
    data: { ...PRICES },
  });
  return { rows };
};

const costOperations = async ({ call }: BenchContext, w: BenchWorld): Promise<Operation[]> => {
  const { customer, seller } = w;
  // The conversation the send, poll and mark-read operations work on; opening it is not measured.
  const conversation = await w.openProductConversation(customer, { message: 'Is it in stock?' });
  const path = `/v1/conversations/${conversation.id}`;
  let tip = 1;
  const send = async (body: Record<string, unknown>) => {
    const reply = must(await call('POST', `${path}/messages`, { token: seller.token, body }), 201);
    tip = reply.body.message.seq;
  };
  const inboxOwner = await w.actor('cust-inbox', 'customer');
  for (let i = 0; i < INBOX_SIZE; i++) {
    must(
      await call('PUT', `/v1/catalog/products/inbox-${i}`, {
        token: w.service,
        body: { name: `Item ${i}`, sellerId: seller.id },
      }),
      200,
    );
    must(
      await call('POST', '/v1/conversations', {
        token: inboxOwner.token,
        body: { productId: `inbox-${i}`, message: `Question ${i}` },
      }),
      201,
    );
  }
  const buyer = await w.actor('cust-new', 'customer');
  // A customer with an address, offline: the seller's first answer in its conversation is emailed to them (and
  // issues their reply address), the share of messages the message mix prices as emailed.
  const mailable = await w.actor('cust-mail', 'customer', { email: 'cust-mail@example.test' });
  const emailed = await w.openProductConversation(mailable, { message: 'Does it come in red?' });
  return [
    {
      id: 'create-conversation',
      name: 'create conversation (product, with first message)',
      run: async () =>
        must(
          await call('POST', '/v1/conversations', {
            token: buyer.token,
            body: { productId: w.productId, message: 'Does it come in red?' },
          }),
          201,
        ),
    },
    {
      id: 'send',
      name: 'send message (no clientMessageId)',
      maxWriteUnits: GOALS.send,
      run: () => send({ text: 'Yes, 3 left in stock.' }),
    },
    {
      id: 'send-with-client-message-id',
      name: 'send message (with clientMessageId)',
      maxWriteUnits: GOALS.sendWithClientMessageId,
      run: () => send({ text: 'Ships tomorrow.', clientMessageId: 'bench-cmid-1' }),
    },
    {
      id: 'list-conversations',
      name: `list conversations page (${INBOX_SIZE} items)`,
      run: async () =>
        must(await call('GET', `/v1/conversations?limit=${INBOX_SIZE}`, { token: inboxOwner.token }), 200),
    },
    {
      id: 'poll',
      name: 'poll with nothing new',
      run: async () => must(await call('GET', `${path}/messages?after=${tip}`, { token: customer.token }), 200),
    },
    {
      id: 'unread-badge',
      name: 'unread badge (1 unread conversation)',
      run: async () => must(await call('GET', '/v1/unread', { token: customer.token }), 200),
    },
    {
      id: 'mark-read',
      name: 'mark read',
      maxWriteUnits: GOALS.markRead,
      run: async () => must(await call('POST', `${path}/read`, { token: customer.token, body: {} }), 200),
    },
    {
      id: 'burst',
      // The stream is paused while the messages are sent (probeOperation), so they reach it as one batch.
      name: `burst: ${BURST} messages into one conversation, one stream batch`,
      maxWriteUnits: GOALS.burstPerMessage,
      messages: BURST,
      run: async () => {
        for (let i = 1; i <= BURST; i++) await send({ text: `Burst ${i}: more details follow.` });
      },
    },
    {
      id: 'send-emailed',
      name: 'send message (with clientMessageId) to an offline customer: notification email',
      run: async () =>
        must(
          await call('POST', `/v1/conversations/${emailed.id}/messages`, {
            token: seller.token,
            body: { text: 'Yes, it comes in red.', clientMessageId: 'bench-cmid-2' },
          }),
          201,
        ),
    },
  ];
};

const units = (u: Usage) => `${fmt(u.writeUnits)} W / ${fmt(u.readUnits)} R`;
const describe = (u: Usage) =>
  `${fmt(u.writeUnits)} WRU + ${fmt(u.readUnits)} RRU${u.refusedWrites > 0 ? ` + ${u.refusedWrites} refused conditional writes (unpriced)` : ''}`;
const fmt = (n: number) => String(Number(n.toFixed(2)));
