import { afterEach, describe, expect, it } from 'vitest';
import { attach } from '#test/support/attachments/files';
import { emailWorld } from '#test/support/email/email-world';
import { waitForEmails } from '#test/support/email/inbox';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

/** Anything that could be a link to a stored file: the local S3's address, a bucket key or a signature. */
const FILE_LINK = /X-Amz-|chat-attachments|uploads\/|files\//;

describe('download links go to participants only', () => {
  it('non-participants get 404 for the list and no event; participants of other conversations see nothing of it', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const stranger = await w.user('stranger');
    const strangers = await w.openProductConversation({}, stranger.token);
    const photo = await attach(w.customer.token, id);
    const watcher = await connectWs(stranger.token);
    const seller = await connectWs(w.seller.token);

    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'look', attachments: [photo] },
    });
    expect(sent.status).toBe(201);
    expect((await seller.next({ type: 'message.created' })).message.attachments[0].url).toEqual(expect.any(String));
    expect((await call('GET', `/v1/conversations/${id}/messages`, { token: stranger.token })).status).toBe(404);
    // The stranger's socket gets its own conversation's next event first: nothing of the other one came before it.
    await call('POST', `/v1/conversations/${strangers.id}/messages`, {
      token: w.seller.token,
      body: { text: 'hello' },
    });
    expect(await watcher.next()).toMatchObject({ type: 'message.created', conversationId: strangers.id });
  });

  it('the text-only dialects show a short line naming the files, and no link', async () => {
    const w = await newWorld();
    const support = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { message: 'My parcel arrived broken' },
    });
    const id = support.body.conversation.id as string;
    const files = [
      await attach(w.customer.token, id, { fileName: 'box.jpg', contentType: 'image/jpeg' }),
      await attach(w.customer.token, id, { fileName: 'receipt.pdf', contentType: 'application/pdf' }),
    ];
    await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { text: 'Here:', attachments: files },
    });
    const photo = await attach(w.customer.token, id, { fileName: 'side.png', contentType: 'image/png' });
    await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { attachments: [photo] } });

    const listing = await call('GET', '/api/v1/chat/list', { token: w.customer.token });
    expect(listing.status).toBe(200);
    expect(listing.body.chats.map((c: { message: string }) => c.message)).toEqual([
      'My parcel arrived broken',
      'Here:\n[2 files: box.jpg, receipt.pdf]',
      '[Photo: side.png]',
    ]);
    expect(JSON.stringify(listing.body)).not.toMatch(FILE_LINK);
  });

  it('the notification email names the files and links to the conversation, never to a file', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is the lid included?' });
    const photos = [
      await attach(w.seller.token, id, { fileName: 'lid.jpg', contentType: 'image/jpeg' }),
      await attach(w.seller.token, id, { fileName: 'kettle.png', contentType: 'image/png' }),
    ];
    const reply = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.seller.token,
      body: { attachments: photos },
    });
    expect(reply.status).toBe(201);
    const [email] = await waitForEmails(w.customer.email, 1);
    expect(email!.body.text).toContain('Sam’s Shop sent 2 photos: lid.jpg, kettle.png.');
    expect(email!.body.html).toContain('Sam’s Shop sent 2 photos: lid.jpg, kettle.png.');
    expect(`${email!.body.text}${email!.body.html}`).not.toMatch(FILE_LINK);
  });
});
