import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { readHeadAndTip } from '#shared/chat/conversation-store';
import { messageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { connectionsOf } from '#shared/realtime/connections';
import { db } from '#shared/table/client';
import { userMember } from '#shared/table/keys';
import type { FamilyResult, Row } from '#test/bench/report/row';
import type { BenchContext } from '#test/bench/support/bench-context';
import { benchWorld, must } from '#test/bench/support/bench-world';
import { percentile, timed } from '#test/bench/support/stats';
import { WsListener } from '#test/bench/support/ws-listener';
import { drainStream } from '#test/support/stream/drain';

/**
 * Row 5: what the HTTP stack (gateway, middy, auth, validation, problem+json) adds to a send: the same
 * message sent through HTTP, and as the bare DynamoDB calls the send makes (the header-and-tip Query, the
 * conditional Put, and the push's connection lookup: one Query per participant slot, in parallel; nobody is
 * connected here, so nothing is posted), interleaved. The stream poller is paused meanwhile so both see the
 * same quiet table.
 */
export const measureOverhead = async (ctx: BenchContext, options: { samples: number }): Promise<FamilyResult> => {
  const w = await benchWorld(ctx.call, 'overhead');
  const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
  const sender = userMember(w.seller.id);
  const viaHttp = async () =>
    must(
      await ctx.call('POST', `/v1/conversations/${id}/messages`, {
        token: w.seller.token,
        body: { text: 'A reply of ordinary length.' },
      }),
      201,
    );
  const bare = async () => {
    const { head, tipSeq } = await readHeadAndTip(w.tenant, id);
    const message = messageItem(head!, {
      seq: tipSeq + 1,
      sender,
      senderId: w.seller.id,
      text: 'A reply of ordinary length.',
    });
    await db().send(
      new PutCommand({ TableName: config.tableName, Item: message, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
    await connectionsOf(w.tenant, message.members);
  };

  await drainStream(ctx.stack.poller);
  await ctx.stack.poller.stop();
  const http: number[] = [];
  const direct: number[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      await viaHttp(); // warm-up: handler modules loaded, connections open
      await bare();
    }
    for (let i = 0; i < options.samples; i++) {
      if (i % 2 === 0) {
        http.push((await timed(viaHttp)).ms);
        direct.push((await timed(bare)).ms);
      } else {
        direct.push((await timed(bare)).ms);
        http.push((await timed(viaHttp)).ms);
      }
    }
  } finally {
    ctx.stack.poller.start();
  }
  await drainStream(ctx.stack.poller);

  const [h50, h99, d50, d99] = [
    percentile(http, 50),
    percentile(http, 99),
    percentile(direct, 50),
    percentile(direct, 99),
  ];
  const rows: Row[] = [
    {
      family: '5',
      subject: `overhead: send message, HTTP stack vs bare DynamoDB calls (${options.samples} each)`,
      measured:
        `HTTP p50 ${h50.toFixed(1)} / p99 ${h99.toFixed(1)} ms · bare p50 ${d50.toFixed(1)} / p99 ${d99.toFixed(1)} ms · ` +
        `overhead p50 ${signed(h50 - d50)} ms, p99 ${signed(h99 - d99)} ms`,
      goal: '(report)',
      verdict: '',
      data: { samples: options.samples, httpMs: { p50: h50, p99: h99 }, bareMs: { p50: d50, p99: d99 } },
    },
    await pushLatency(ctx, options),
  ];
  return { rows };
};

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)}`;

/**
 * HTTP send → the recipient's WebSocket frame, p50/p99: the customer listens on a real `ws` client of the stack's
 * WebSocket gateway; the seller sends over HTTP; the clock starts before the request and stops when the frame
 * carrying that message arrives at the customer's socket (before it is parsed). The push is made on the send's
 * request path, so the frame usually arrives before the HTTP reply does; that reply's time is shown beside it.
 * The stream poller is paused, as above, so only the send and its push run.
 */
const pushLatency = async (ctx: BenchContext, options: { samples: number }): Promise<Row> => {
  const w = await benchWorld(ctx.call, 'push');
  const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
  const recipient = await WsListener.connect(ctx.stack.urls.ws, w.customer.token);
  const frame: number[] = [];
  const reply: number[] = [];
  const sendAndReceive = async (text: string) => {
    const arrived = recipient.next(
      (e) => e.type === 'message.created' && (e.message as { text?: string }).text === text,
    );
    const start = performance.now();
    must(await ctx.call('POST', `/v1/conversations/${id}/messages`, { token: w.seller.token, body: { text } }), 201);
    const replied = performance.now();
    return { frameMs: (await arrived).at - start, replyMs: replied - start };
  };

  await drainStream(ctx.stack.poller);
  await ctx.stack.poller.stop();
  try {
    for (let i = 0; i < 10; i++) await sendAndReceive(`Warm-up ${i}`);
    for (let i = 0; i < options.samples; i++) {
      const { frameMs, replyMs } = await sendAndReceive(`Reply ${i} of ordinary length.`);
      frame.push(frameMs);
      reply.push(replyMs);
    }
  } finally {
    ctx.stack.poller.start();
    await recipient.close();
  }
  await drainStream(ctx.stack.poller);

  const [f50, f99, r50, r99] = [
    percentile(frame, 50),
    percentile(frame, 99),
    percentile(reply, 50),
    percentile(reply, 99),
  ];
  return {
    family: '5',
    subject: `latency: HTTP send → recipient WebSocket frame (${options.samples})`,
    measured: `frame p50 ${f50.toFixed(1)} / p99 ${f99.toFixed(1)} ms · the sender's HTTP reply p50 ${r50.toFixed(1)} / p99 ${r99.toFixed(1)} ms`,
    goal: '(report)',
    verdict: '',
    data: { samples: options.samples, frameMs: { p50: f50, p99: f99 }, httpReplyMs: { p50: r50, p99: r99 } },
  };
};
