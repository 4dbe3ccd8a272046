import { afterEach, describe, expect, it } from 'vitest';
import { injectFaults } from '#test/support/dynamo/faults';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

/**
 * The recipients' connections are looked up while a message is being written (one round trip less per send); the
 * push still follows the commit: a write that fails, however late, pushes nothing.
 */
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  restore = undefined;
  await closeAllWs();
});

const isMessage = (item: Record<string, any> | undefined) => item?.entity === 'message';
const writesMessage = (command: string, input: any) =>
  (command === 'PutCommand' && isMessage(input.Item)) ||
  (command === 'TransactWriteCommand' && input.TransactItems.some((t: any) => isMessage(t.Put?.Item)));

describe('a send or opening whose write fails pushes nothing', () => {
  it('a send whose write fails (500), one refused on its clientMessageId (409) or its attachment (422): no event; the next send arrives', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Is it in stock?' });
    const seller = await connectWs(w.seller.token);
    const send = (body: Record<string, unknown>) =>
      invokeRoute('SendMessage', { token: w.customer.token, pathParameters: { id }, body });

    restore = injectFaults((command, input) => (writesMessage(command, input) ? new Error('injected') : undefined));
    expect((await send({ text: 'Lost in the write' })).status).toBe(500);
    expect((await send({ text: 'Lost in the transaction', clientMessageId: 'c-0' })).status).toBe(500);
    restore();
    restore = undefined;

    expect((await send({ text: 'First', clientMessageId: 'c-1' })).status).toBe(201);
    expect((await seller.next({ type: 'message.created' })).message.text).toBe('First');
    expect((await send({ text: 'Not the first', clientMessageId: 'c-1' })).status).toBe(409);
    expect((await send({ text: 'With a file', attachments: ['no-such-attachment'] })).status).toBe(422);
    expect((await send({ text: 'Last' })).status).toBe(201);
    expect((await seller.next({ type: 'message.created' })).message.text).toBe('Last');
    expect(seller.pending.filter((e) => e.type === 'message.created')).toEqual([]);
  });

  it('an opening whose transaction fails (500) pushes nothing; the opening again does', async () => {
    const w = await newWorld();
    const seller = await connectWs(w.seller.token);
    restore = injectFaults((command, input) => (writesMessage(command, input) ? new Error('injected') : undefined));
    const failed = await invokeRoute('CreateConversation', {
      token: w.customer.token,
      body: { productId: w.productId, message: 'Hello?' },
    });
    expect(failed.status).toBe(500);
    restore();
    restore = undefined;
    const opened = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { productId: w.productId, message: 'Hello again' },
    });
    expect(opened.status).toBe(201);
    expect((await seller.next({ type: 'message.created' })).message.text).toBe('Hello again');
    expect(seller.pending.filter((e) => e.type === 'message.created')).toEqual([]);
  });
});
