import { describe, expect, it } from 'vitest';
import { attach } from '#test/support/attachments/files';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

describe('redacting a message with attachments', () => {
  it('removes them from the message and deletes their files, so the photo cannot be downloaded any more', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    const { id } = await w.openProductConversation();
    const attachment = await attach(w.customer.token, id, { fileName: 'abuse.png' });
    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'look', attachments: [attachment] },
    });
    expect(sent.status).toBe(201);
    const link: string = sent.body.message.attachments[0].url;
    expect((await fetch(link)).status).toBe(200);

    const redacted = await call('DELETE', `/v1/conversations/${id}/messages/${sent.body.message.id}`, {
      token: agent.token,
    });
    expect(redacted.status).toBe(200);
    expect(redacted.body.message).toMatchObject({ text: '', redacted: true });
    expect(redacted.body.message).not.toHaveProperty('attachments');
    // The link handed out before points at nothing now, and no message lists the file.
    expect((await fetch(link)).status).toBe(404);
    const log = (await call('GET', `/v1/conversations/${id}/messages`, { token: w.seller.token })).body.items;
    expect(log.find((m: { id: string }) => m.id === sent.body.message.id)).not.toHaveProperty('attachments');
    // Redacting again is idempotent: nothing left to delete, the same answer.
    const again = await call('DELETE', `/v1/conversations/${id}/messages/${sent.body.message.id}`, {
      token: agent.token,
    });
    expect(again.status).toBe(200);
    expect(again.body.message).toEqual(redacted.body.message);
    await eventually(async () => {
      const conversation = (await call('GET', `/v1/conversations/${id}`, { token: w.seller.token })).body;
      expect(conversation.lastMessage).toMatchObject({ text: '', redacted: true });
    });
  });
});
