import { afterEach, describe, expect, it } from 'vitest';
import { attach, fileOf, postForm, requestUpload } from '#test/support/attachments/files';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

/** The query parameters of a presigned URL (SigV4: X-Amz-Date, X-Amz-Expires, …). */
const signed = (url: string) => new URL(url).searchParams;
const expiryOf = (url: string) => {
  const params = signed(url);
  const date = params
    .get('X-Amz-Date')!
    .replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  return { signedAt: Date.parse(date), seconds: Number(params.get('X-Amz-Expires')) };
};

describe('upload intent', () => {
  it('gives a participant a presigned POST for exactly the declared key, type and size, valid at most 15 minutes', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const before = Date.now();
    const res = await call('POST', `/v1/conversations/${id}/attachments`, {
      token: w.customer.token,
      body: { fileName: 'kettle.jpg', contentType: 'image/jpeg', size: 12_345 },
    });
    const after = Date.now();
    expect(res.status).toBe(201);
    const { attachment, upload } = res.body;
    expect(attachment).toEqual({
      id: expect.any(String),
      fileName: 'kettle.jpg',
      contentType: 'image/jpeg',
      size: 12_345,
    });
    // Signed while the request ran: valid from then for at most 15 minutes (the policy's expiry has whole seconds).
    const expiresAt = Date.parse(upload.expiresAt);
    expect(expiresAt).toBeGreaterThan(before);
    expect(expiresAt).toBeLessThanOrEqual(after + 15 * 60_000);
    // The signed policy: its expiry, and conditions on the key, the content type and the exact length.
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8'));
    expect(Date.parse(policy.expiration)).toBeGreaterThan(before);
    expect(Date.parse(policy.expiration)).toBeLessThanOrEqual(after + 15 * 60_000);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { key: upload.fields.key },
        { 'Content-Type': 'image/jpeg' },
        ['content-length-range', 12_345, 12_345],
      ]),
    );
    expect(upload.fields.key).toContain(attachment.id);
    expect(upload.fields.key).toMatch(/^uploads\//);
    // Not idempotent, and need not be: the same request again declares another attachment, with its own key.
    const again = await requestUpload(w.customer.token, id, {
      fileName: 'kettle.jpg',
      contentType: 'image/jpeg',
      size: 12_345,
    });
    expect(again.attachment.id).not.toBe(attachment.id);
    expect(again.upload.fields.key).not.toBe(upload.fields.key);
  });

  it('refuses non-participants (404), other roles (403), and bad declarations (422 naming each field)', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const path = `/v1/conversations/${id}/attachments`;
    const good = { fileName: 'a.png', contentType: 'image/png', size: 10 };
    expectProblem(await call('POST', path, { token: (await w.user('stranger')).token, body: good }), 404);
    expectProblem(await call('POST', path, { token: w.service, body: good }), 403);
    expectProblem(
      await call('POST', '/v1/conversations/nope/attachments', { token: w.customer.token, body: good }),
      404,
    );
    const bad = await call('POST', path, {
      token: w.customer.token,
      body: { fileName: 'x'.repeat(201), contentType: 'image/svg+xml', size: 10 * 1024 * 1024 + 1 },
    });
    expect(Object.keys(expectProblem(bad, 422).errors ?? {}).sort()).toEqual(['contentType', 'fileName', 'size']);
    for (const body of [
      { ...good, fileName: '' },
      { ...good, fileName: 'line\nbreak.png' },
      { ...good, size: 0 },
      { ...good, size: 1.5 },
      { ...good, contentType: 'text/html' },
    ]) {
      expectProblem(await call('POST', path, { token: w.customer.token, body }), 422);
    }
  });
});

describe('sending attachments', () => {
  it('a shopper sends a photo over HTTP with no text; the seller lists it with a short-lived link to the same bytes', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const bytes = fileOf('image/jpeg', 5000);
    const intent = await requestUpload(w.customer.token, id, {
      fileName: 'broken.jpg',
      contentType: 'image/jpeg',
      size: 5000,
    });
    await postForm(intent.upload, bytes);

    const sent = await call('POST', `/v1/conversations/${id}/messages`, {
      token: w.customer.token,
      body: { attachments: [intent.attachment.id] },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.message).toMatchObject({
      seq: 2,
      text: '',
      attachments: [
        {
          id: intent.attachment.id,
          fileName: 'broken.jpg',
          contentType: 'image/jpeg',
          size: 5000,
          url: expect.any(String),
        },
      ],
    });

    const page = await call('GET', `/v1/conversations/${id}/messages?limit=1`, { token: w.seller.token });
    const [listed] = page.body.items;
    expect(listed.attachments).toEqual([{ ...intent.attachment, url: expect.any(String) }]);
    const { signedAt, seconds } = expiryOf(listed.attachments[0].url);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(Math.abs(Date.now() - signedAt)).toBeLessThan(60_000);

    const download = await fetch(listed.attachments[0].url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('text and up to 5 attachments over WebSocket: ack and message.created carry the links', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const ids = [
      await attach(w.customer.token, id, { fileName: 'a.jpg', contentType: 'image/jpeg' }),
      await attach(w.customer.token, id, { fileName: 'b.png', contentType: 'image/png' }),
      await attach(w.customer.token, id, { fileName: 'c.webp', contentType: 'image/webp' }),
      await attach(w.customer.token, id, { fileName: 'd.gif', contentType: 'image/gif' }),
      await attach(w.customer.token, id, { fileName: 'invoice.pdf', contentType: 'application/pdf' }),
    ];
    const customer = await connectWs(w.customer.token);
    const seller = await connectWs(w.seller.token);
    customer.send({
      action: 'sendMessage',
      conversationId: id,
      text: 'Is this the right part?',
      attachments: ids,
      clientMessageId: 'w-1',
    });
    const ack = await customer.next({ type: 'message.ack' });
    const created = await seller.next({ type: 'message.created' });
    for (const event of [ack, created]) {
      expect(event.message.text).toBe('Is this the right part?');
      expect(event.message.attachments.map((a: { id: string }) => a.id)).toEqual(ids);
      for (const a of event.message.attachments) expect(expiryOf(a.url).seconds).toBeLessThanOrEqual(900);
    }
  });
});
