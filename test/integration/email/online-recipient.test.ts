import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/stream/email-stream';
import { call } from '../../support/api';
import { insertRecord, streamEvent } from '../../support/stream-records';
import { tokenFor } from '../../support/tokens';
import { emailWorld } from '../../support/email-world';
import { emailsTo, waitForEmails } from '../../support/inbox';
import { connectWs, type WsClient } from '../../support/ws';

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
    const offlineToken = await tokenFor({ sub: offline.id, role: 'customer', tenant: w.tenant, name: 'Dora', email: offline.email });
    const other = await w.open({ message: 'And the red one?' }, offlineToken);
    await call('POST', `/v1/conversations/${other.id}/messages`, { token: w.seller.token, body: { text: 'Shall I reserve one?' } });
    const [email] = await waitForEmails(offline.email, 1);
    expect(email!.body.text).toContain('Shall I reserve one?');
  });
});
