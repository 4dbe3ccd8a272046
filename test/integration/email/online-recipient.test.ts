import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { connectionsOf } from '#shared/realtime/connections';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';
import { tokenFor } from '#test/support/auth/tokens';
import { emailWorld, laterMessage, plusMinutes } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { call } from '#test/support/http/client';
import { insertRecord, streamEvent } from '#test/support/stream/records';
import { connectWs, type WsClient } from '#test/support/ws/client';

const clients: WsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('the offline rule uses the connection registry', () => {
  it('emails nobody who is connected, and emails someone who is not', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is the kettle still available?' });
    await w.windowStarted(id);

    const customer = await connectWs(w.customer.token);
    clients.push(customer);
    await call('POST', `/v1/conversations/${id}/messages`, { token: w.seller.token, body: { text: 'Yes, it is.' } });
    expect((await customer.next({ type: 'message.created' })).message).toMatchObject({ seq: 2, text: 'Yes, it is.' });
    // Hand the record to the stream handler ourselves (effects are idempotent, the poller may run it too): when it
    // returns, the decision is made, and an offline decision always leaves a claim item behind.
    const reply = (await w.message(id, 2))!;
    expect(await handler(streamEvent(insertRecord(reply)))).toEqual({ batchItemFailures: [] });
    expect(await w.notifyClaim(id, w.customer.id)).toBeUndefined();
    expect(await emailsTo(w.customer.email)).toHaveLength(0);

    // Someone with no connection at all gets the email for the same kind of reply.
    const offline = { id: 'cust-2', email: `dora.${w.tenant}@example.test` };
    const offlineToken = await tokenFor({
      sub: offline.id,
      role: 'customer',
      tenant: w.tenant,
      name: 'Dora',
      email: offline.email,
    });
    const other = await w.open({ message: 'And the red one?' }, offlineToken);
    await call('POST', `/v1/conversations/${other.id}/messages`, {
      token: w.seller.token,
      body: { text: 'Shall I reserve one?' },
    });
    const [email] = await waitForEmails(offline.email, 1);
    expect(email!.body.text).toContain('Shall I reserve one?');
  });
});

/** Time injection: every registry item of the user's connections says it last sent something `minutes` ago. */
const idleFor = async (tenant: string, userId: string, minutes: number) => {
  const at = new Date(Date.now() - minutes * 60_000).toISOString();
  for (const c of await connectionsOf(tenant, [userMember(userId)])) {
    for (const Key of [
      keys.connection(c.connectionId),
      ...c.slots.map((slot) => keys.slotConnection(tenant, slot, c.connectionId)),
    ]) {
      await db().send(
        new UpdateCommand({
          TableName: process.env.TABLE_NAME!,
          Key,
          UpdateExpression: 'SET lastActiveAt = :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    }
  }
};

describe('an idle connection is still live for the email rule', () => {
  it('emails no seller whose dashboard is open but has sent nothing for 10 minutes: the push reached it', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is the kettle still available?' });
    await w.windowStarted(id);
    const seller = await connectWs(w.seller.token);
    clients.push(seller);
    await idleFor(w.tenant, w.seller.id, 10);

    await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text: 'Hello?' } });
    expect((await seller.next({ type: 'message.created' })).message).toMatchObject({ seq: 2, text: 'Hello?' });
    // After the seller's window (15 minutes from the first message): only the idle connection could stop an email now.
    const head = (await w.head(id))!;
    const later = laterMessage(head, 3, w.customer.id, 'Still there?', plusMinutes(head.createdAt, 16));
    expect(await handler(streamEvent(insertRecord(later)))).toEqual({ batchItemFailures: [] });

    expect(await w.notifyClaim(id, w.seller.id)).toMatchObject({ state: 'covered', seq: 0 }); // the window the opening email started
    expect((await emailsTo(w.seller.email)).map((e) => e.subject)).toEqual([
      'New enquiry from Cora Customer: Blue Kettle',
    ]);
  });
});
