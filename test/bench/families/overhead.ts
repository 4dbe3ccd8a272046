import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { newMessageItem } from '../../../shared/chat/append-message';
import { readHeadAndTip } from '../../../shared/chat/conversation-store';
import { config } from '../../../shared/config';
import { db } from '../../../shared/table/client';
import { userMember } from '../../../shared/table/keys';
import { webSocketRoutes } from '../../../infra/routes';
import type { FamilyResult, Row } from '../report/row';
import type { BenchContext } from '../support/bench-context';
import { benchWorld, must } from '../support/bench-world';
import { percentile, timed } from '../support/stats';
import { drainStream } from '../../support/stream-drain';

/**
 * Row 5: what the HTTP stack (gateway, middy, auth, validation, problem+json) adds to a send: the same
 * message sent through HTTP, and as the bare DynamoDB calls the send makes (the header-and-tip Query and the
 * conditional Put), interleaved. The stream poller is paused meanwhile so both see the same quiet table.
 */
export const measureOverhead = async (ctx: BenchContext, options: { samples: number }): Promise<FamilyResult> => {
  const w = await benchWorld(ctx.call, 'overhead');
  const { id } = await w.openProductConversation(w.customer, { message: 'Is it in stock?' });
  const sender = userMember(w.seller.id);
  const viaHttp = async () =>
    must(await ctx.call('POST', `/v1/conversations/${id}/messages`, { token: w.seller.token, body: { text: 'A reply of ordinary length.' } }), 201);
  const bare = async () => {
    const { head, tipSeq } = await readHeadAndTip(w.tenant, id);
    const message = newMessageItem(head!, sender, w.seller.id, 'A reply of ordinary length.', undefined, tipSeq + 1);
    await db().send(new PutCommand({ TableName: config.tableName, Item: message, ConditionExpression: 'attribute_not_exists(PK)' }));
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

  const [h50, h99, d50, d99] = [percentile(http, 50), percentile(http, 99), percentile(direct, 50), percentile(direct, 99)];
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
    await pushLatency(ctx),
  ];
  return { rows };
};

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)}`;

/**
 * HTTP send → the recipient's WebSocket frame, p50/p99. The route list has no WebSocket route in this branch;
 * once it does, connect the recipient here, send over HTTP and time until the frame with that seq arrives.
 */
const pushLatency = async (_ctx: BenchContext): Promise<Row> => ({
  family: '5',
  subject: 'latency: HTTP send → recipient WebSocket frame',
  measured: webSocketRoutes.length === 0 ? 'n/a: no WebSocket yet' : 'n/a: WebSocket routes exist; measurement still to be written',
  goal: '(report)',
  verdict: 'n/a',
});
