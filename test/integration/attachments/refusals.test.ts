import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { appendMessage } from '#shared/chat/append-message';
import { getAttachments } from '#shared/chat/items/attachment';
import { getHead } from '#shared/chat/items/head';
import { config } from '#shared/config';
import { ValidationFailed } from '#shared/errors';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';
import { attach, fileOf } from '#test/support/attachments/files';
import { call } from '#test/support/http/client';
import { expectInvalidFields } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

const send = (token: string, conversationId: string, body: Record<string, unknown>) =>
  call('POST', `/v1/conversations/${conversationId}/messages`, { token, body });

/** The conversation's messages, oldest first (what was stored, whatever the answers said). */
const log = async (token: string, conversationId: string) =>
  (await call('GET', `/v1/conversations/${conversationId}/messages?after=0`, { token })).body.items as Array<{
    seq: number;
    attachments?: Array<{ id: string }>;
  }>;

/** A 422 naming exactly these `attachments.<i>` fields, each message naming its attachment. */
const expectRefused = (res: Awaited<ReturnType<typeof call>>, refused: Record<number, string>) => {
  const problem = expectInvalidFields(
    res,
    Object.keys(refused).map((i) => `attachments.${i}`),
  );
  for (const [i, id] of Object.entries(refused)) expect(problem.errors![`attachments.${i}`]!.join()).toContain(id);
  return problem;
};

describe('every way to attach what one should not is a 422 naming the attachment, and stores nothing', () => {
  it('bytes of another type than declared, and a size other than declared', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const text = await attach(
      w.customer.token,
      id,
      { contentType: 'image/png', size: 2048 },
      fileOf('text/plain', 2048),
    );
    const pdf = await attach(
      w.customer.token,
      id,
      { contentType: 'image/jpeg', size: 2048 },
      fileOf('application/pdf', 2048),
    );
    const shorter = await attach(
      w.customer.token,
      id,
      { contentType: 'image/png', size: 2048 },
      fileOf('image/png', 1000),
    );
    const longer = await attach(
      w.customer.token,
      id,
      { contentType: 'image/gif', size: 100 },
      fileOf('image/gif', 101),
    );
    const good = await attach(w.customer.token, id);
    const problem = expectRefused(
      await send(w.customer.token, id, { text: 'see', attachments: [text, good, pdf, shorter, longer] }),
      {
        0: text,
        2: pdf,
        3: shorter,
        4: longer,
      },
    );
    expect(problem.errors!['attachments.0']![0]).toMatch(/is not a image\/png file/);
    expect(problem.errors!['attachments.3']![0]).toMatch(/has 1000 bytes, not the 2048 declared/);
    expect((await log(w.customer.token, id)).map((m) => m.seq)).toEqual([1]);
    // The good one was not used up by the refused send.
    expect((await send(w.customer.token, id, { attachments: [good] })).status).toBe(201);
  });

  it('a declared attachment that was never uploaded, an unknown id, and an expired one', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const declared = (
      await call('POST', `/v1/conversations/${id}/attachments`, {
        token: w.customer.token,
        body: { fileName: 'later.png', contentType: 'image/png', size: 10 },
      })
    ).body.attachment.id;
    const expired = await attach(w.customer.token, id);
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.attachment(w.tenant, id, expired),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const problem = expectRefused(
      await send(w.customer.token, id, { attachments: [declared, 'no-such-attachment', expired] }),
      {
        0: declared,
        1: 'no-such-attachment',
        2: expired,
      },
    );
    expect(problem.errors!['attachments.0']![0]).toMatch(/was not uploaded/);
    expect(problem.errors!['attachments.2']![0]).toMatch(/has expired/);
  });

  it("someone else's attachment, and an attachment of another conversation (or tenant)", async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const sellers = await attach(w.seller.token, id);
    const direct = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-1' } },
    });
    const fromDirect = await attach(w.customer.token, direct.body.id);
    const otherTenant = await newWorld();
    const foreign = await attach(otherTenant.customer.token, (await otherTenant.openProductConversation()).id);
    const problem = expectRefused(
      await send(w.customer.token, id, { text: 'hi', attachments: [sellers, fromDirect, foreign] }),
      {
        0: sellers,
        1: fromDirect,
        2: foreign,
      },
    );
    expect(problem.errors!['attachments.0']![0]).toMatch(/uploaded by someone else/);
    expect(problem.errors!['attachments.1']![0]).toMatch(/not an attachment of this conversation/);
    // The seller may send their own.
    expect((await send(w.seller.token, id, { attachments: [sellers] })).status).toBe(201);
  });

  it('reuse: an attachment is sent once; a retry with the same clientMessageId gets the same message (200)', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const photo = await attach(w.customer.token, id);
    const first = await send(w.customer.token, id, { text: 'one', attachments: [photo], clientMessageId: 'c-1' });
    expect(first.status).toBe(201);
    const retry = await send(w.customer.token, id, { text: 'one', attachments: [photo], clientMessageId: 'c-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.message).toMatchObject({ id: first.body.message.id, seq: first.body.message.seq });
    expect((await send(w.customer.token, id, { text: 'one', clientMessageId: 'c-1' })).status).toBe(409);
    const problem = expectRefused(await send(w.customer.token, id, { text: 'again', attachments: [photo] }), {
      0: photo,
    });
    expect(problem.errors!['attachments.0']![0]).toMatch(/already sent/);
    expectRefused(await send(w.customer.token, id, { text: 'again', attachments: [photo], clientMessageId: 'c-2' }), {
      0: photo,
    });
    expect((await log(w.customer.token, id)).map((m) => m.seq)).toEqual([1, 2]);
  });

  it('a 6th attachment and a repeated one are refused by name', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const problem = expectRefused(await send(w.customer.token, id, { text: 'x', attachments: ids }), { 5: 'a6' });
    expect(problem.errors!['attachments.5']![0]).toMatch(/at most 5/);
    expectRefused(await send(w.customer.token, id, { attachments: ['a1', 'a2', 'a1'] }), { 2: 'a1' });
    expectInvalidFields(await send(w.customer.token, id, { attachments: [] }), ['attachments', 'text']);
    expectInvalidFields(await send(w.customer.token, id, {}), ['text']);
  });
});

describe('concurrent sends of one attachment', () => {
  it('over HTTP: exactly one succeeds, the others are 422, and one message carries it', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const photo = await attach(w.customer.token, id);
    const answers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((text) => send(w.customer.token, id, { text, attachments: [photo] })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422]);
    for (const refused of answers.filter((a) => a.status === 422)) expectRefused(refused, { 0: photo });
    const carrying = (await log(w.customer.token, id)).filter((m) => m.attachments?.some((a) => a.id === photo));
    expect(carrying).toHaveLength(1);
  });

  it('the claim is part of the message write: two appends that both passed verification, exactly one commits', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const photo = await attach(w.customer.token, id);
    const head = (await getHead(w.tenant, id))!;
    const [item] = await getAttachments(w.tenant, id, [photo]);
    const ref = { id: photo, fileName: item!.fileName, contentType: item!.contentType, size: item!.size };
    const append = (text: string) =>
      appendMessage({
        head,
        sender: userMember(w.customer.id),
        senderId: w.customer.id,
        text,
        nextSeq: 2,
        attachments: [ref],
      });
    const outcomes = await Promise.allSettled([append('first'), append('second')]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ValidationFailed);
    expect((refused.reason as ValidationFailed).errors).toEqual({ 'attachments.0': [expect.stringContaining(photo)] });
    const [claimed] = await getAttachments(w.tenant, id, [photo]);
    const won = outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ message: { id: string } }>;
    expect(claimed).toMatchObject({ messageId: won.value.message.id });
    expect(claimed!.expiresAt).toBeUndefined();
    expect((await log(w.customer.token, id)).map((m) => m.seq)).toEqual([1, 2]);
  });
});
