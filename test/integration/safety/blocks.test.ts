import { afterEach, describe, expect, it } from 'vitest';
import { emailWorld } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

const messagesOf = async (id: string, token: string) =>
  (await call('GET', `/v1/conversations/${id}/messages?limit=100`, { token })).body.items as Array<{
    text: string;
  }>;

describe('POST/DELETE /v1/conversations/{id}/block', () => {
  it('refuses the other participant’s sends on every channel while the block stands; nothing is stored, pushed or mailed', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is it still available?' });
    await waitForEmails(w.seller.email, 1); // the new-conversation email
    const block = await call('POST', `/v1/conversations/${id}/block`, { token: w.seller.token });
    expect(block.status).toBe(200);
    expect(block.body).toEqual({ conversationId: id, blocked: true });
    expect((await call('POST', `/v1/conversations/${id}/block`, { token: w.seller.token })).status).toBe(200);

    const seller = await connectWs(w.seller.token);
    const customer = await connectWs(w.customer.token);
    // HTTP send
    expectProblem(
      await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text: 'Hello?' } }),
      403,
    );
    // WebSocket send
    customer.send({ action: 'sendMessage', conversationId: id, text: 'Hello??', clientMessageId: 'w-1' });
    expect(await customer.next({ type: 'error' })).toMatchObject({ status: 403 });
    // Opening the same conversation again with a message appends to it: refused too.
    expectProblem(
      await call('POST', '/v1/conversations', {
        token: w.customer.token,
        body: { productId: w.productId, message: 'Hello???' },
      }),
      403,
    );
    // A compatibility dialect's send (003 create-conversation appends to the product conversation): its own 403.
    const dialect = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      headers: { accept: 'application/json' },
      body: { product_id: w.productId, message: 'Hello????' },
    });
    expect(dialect.status).toBe(403);
    expect(dialect.body).toEqual({ message: 'This action is unauthorized.' });

    // Nothing was stored or pushed; the blocker may still write, and that message does arrive.
    expect((await messagesOf(id, w.seller.token)).map((m) => m.text)).toEqual(['Is it still available?']);
    const reply = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { text: 'Please stop writing.' },
    });
    expect(reply.status).toBe(201);
    expect((await seller.next({ type: 'message.created' })).message.text).toBe('Please stop writing.');
    expect(seller.pending.filter((e) => e.type === 'message.created')).toEqual([]);
    // Nothing stored means no stream record, so no email: the seller still has only the opening's.
    expect(await emailsTo(w.seller.email)).toHaveLength(1);

    // Unblocked: sends go through again.
    const unblock = await call('DELETE', `/v1/conversations/${id}/block`, { token: w.seller.token });
    expect(unblock.body).toEqual({ conversationId: id, blocked: false });
    expect((await call('DELETE', `/v1/conversations/${id}/block`, { token: w.seller.token })).status).toBe(200);
    expect(
      (await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text: 'Sorry.' } }))
        .status,
    ).toBe(201);
  });

  it('an agent blocks for the support team: the customer is refused, also through the 000 dialect', async () => {
    const w = await emailWorld();
    const agent = await w.user('agent-1', 'agent');
    const opened = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { message: 'Help' },
    });
    const id = opened.body.conversation.id;
    expect((await call('POST', `/v1/conversations/${id}/block`, { token: agent.token })).status).toBe(200);
    expectProblem(
      await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text: 'Spam' } }),
      403,
    );
    const chat = await call('POST', '/api/v1/chat/newChat', {
      token: w.customer.token,
      headers: { accept: 'application/json' },
      body: { message: 'More spam' },
    });
    expect(chat.status).toBe(403);
    expect(chat.body).toMatchObject({ success: false, status_code: 403 });
    // Another agent of the team can lift it.
    const colleague = await w.user('agent-2', 'agent');
    expect((await call('DELETE', `/v1/conversations/${id}/block`, { token: colleague.token })).status).toBe(200);
    expect(
      (await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text: 'Hi' } }))
        .status,
    ).toBe(201);
  });

  it('404 for anyone who is not a participant, and for no such conversation', async () => {
    const w = await emailWorld();
    const { id } = await w.open();
    const stranger = await w.user('stranger');
    expectProblem(await call('POST', `/v1/conversations/${id}/block`, { token: stranger.token }), 404);
    expectProblem(await call('DELETE', `/v1/conversations/${id}/block`, { token: stranger.token }), 404);
    expectProblem(await call('POST', '/v1/conversations/no-such-one/block', { token: w.customer.token }), 404);
  });
});
