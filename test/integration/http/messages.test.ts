import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { newWorld } from '#test/support/stack/world';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const seqs = (res: { body: { items: Array<{ seq: number }> } }) => res.body.items.map((m) => m.seq);

/** A conversation with `n` messages, seq 1..n, alternating customer and seller. */
const conversationWith = async (n: number) => {
  const w = await newWorld();
  const conv = await w.openProductConversation({ message: 'text 1' });
  for (let seq = 2; seq <= n; seq++) {
    const token = seq % 2 ? w.customer.token : w.seller.token;
    await call('POST', `/v1/conversations/${conv.id}/messages`, { token, body: { text: `text ${seq}` } });
  }
  const list = (query: string, token = w.customer.token) =>
    call('GET', `/v1/conversations/${conv.id}/messages${query}`, { token });
  return { w, conv, list };
};

describe('POST /v1/conversations/{id}/messages', () => {
  it('201 with the stored message; the trimmed text; either participant may send', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const sent = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.seller.token,
      body: { text: '  Hello 👋 — 你好  ', clientMessageId: 'Abc_-09' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({
      message: {
        id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
        conversationId: conv.id,
        seq: 2,
        senderId: w.seller.id,
        text: 'Hello 👋 — 你好',
        createdAt: expect.stringMatching(ISO),
        clientMessageId: 'Abc_-09',
      },
    });
    const plain = await call('POST', `/v1/conversations/${conv.id}/messages`, {
      token: w.customer.token,
      body: { text: 'no client id' },
    });
    expect(plain.status).toBe(201);
    expect(plain.body.message.seq).toBe(3);
    expect(plain.body.message).not.toHaveProperty('clientMessageId');
  });

  it('a retry with the same clientMessageId → 200 with the very same message; a different text → 409', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const send = (body: unknown, token = w.customer.token) =>
      call('POST', `/v1/conversations/${conv.id}/messages`, { token, body });
    const first = await send({ text: 'once', clientMessageId: 'cm-1' });
    await send({ text: 'in between' });
    const retry = await send({ text: 'once', clientMessageId: 'cm-1' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expectProblem(await send({ text: 'something else', clientMessageId: 'cm-1' }), 409);
    // The same client id from the other participant is their own message.
    expect((await send({ text: 'theirs', clientMessageId: 'cm-1' }, w.seller.token)).status).toBe(201);
    const all = await call('GET', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token });
    expect(all.body.items.map((m: { text: string }) => m.text)).toEqual([
      'theirs',
      'in between',
      'once',
      'Hi, I have a question about "Blue Kettle".',
    ]);
  });

  it('agents share the support team’s slot but not its clientMessageIds: each agent’s `m-1` is their own message', async () => {
    const w = await newWorld();
    const opened = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { message: 'Where is my parcel?', clientMessageId: 'm-1' },
    });
    expect(opened.status).toBe(201);
    const [ann, bob] = await Promise.all([w.user('agent-ann', 'agent'), w.user('agent-bob', 'agent')]);
    const send = (token: string, text: string) =>
      call('POST', `/v1/conversations/${opened.body.conversation.id}/messages`, {
        token,
        body: { text, clientMessageId: 'm-1' },
      });
    const fromAnn = await send(ann.token, 'Looking into it.');
    const fromBob = await send(bob.token, 'Looking into it.');
    const fromCy = await send((await w.user('agent-cy', 'agent')).token, 'It ships today.');
    expect([fromAnn.status, fromBob.status, fromCy.status]).toEqual([201, 201, 201]);
    expect([fromAnn.body.message.senderId, fromBob.body.message.senderId]).toEqual(['agent-ann', 'agent-bob']);
    expect(fromBob.body.message.id).not.toBe(fromAnn.body.message.id);
    // Each agent's own retry is still a replay of their message.
    const annRetry = await send(ann.token, 'Looking into it.');
    expect(annRetry.status).toBe(200);
    expect(annRetry.body).toEqual(fromAnn.body);
    const log = await call('GET', `/v1/conversations/${opened.body.conversation.id}/messages?after=0`, {
      token: w.customer.token,
    });
    expect(log.body.items.map((m: { senderId: string; seq: number }) => [m.seq, m.senderId])).toEqual([
      [1, w.customer.id],
      [2, 'agent-ann'],
      [3, 'agent-bob'],
      [4, 'agent-cy'],
    ]);
  });

  it('422 names the bad fields; 4000 characters (code points) are allowed, 4001 are not', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const send = (body: unknown) =>
      call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body });
    expectInvalidFields(await send({}), ['text']);
    expectInvalidFields(await send({ text: ' \n\t ' }), ['text']);
    expectInvalidFields(await send({ text: 42 }), ['text']);
    expectInvalidFields(await send({ text: 'a'.repeat(4001) }), ['text']);
    expectInvalidFields(await send({ text: 'ok', clientMessageId: 'x'.repeat(65) }), ['clientMessageId']);
    expectInvalidFields(await send({ text: '', clientMessageId: 'bad id!' }), ['text', 'clientMessageId']);
    expect((await send({ text: '😀'.repeat(4000) })).status).toBe(201);
  });
});

describe('GET /v1/conversations/{id}/messages', () => {
  it('newest first by default (limit 30), oldest first with after', async () => {
    const { list } = await conversationWith(33);
    const newest = await list('');
    expect(seqs(newest)).toEqual(Array.from({ length: 30 }, (_, i) => 33 - i));
    expect(newest.body.nextCursor).toEqual(expect.any(String));
    expect(seqs(await list(`?cursor=${newest.body.nextCursor}`))).toEqual([3, 2, 1]);
    const oldest = await list('?after=0');
    expect(seqs(oldest)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(oldest.body.nextCursor).toEqual(expect.any(String));
    const rest = await list(`?cursor=${oldest.body.nextCursor}`);
    expect(seqs(rest)).toEqual([31, 32, 33]);
    expect(rest.body.nextCursor).toBeNull();
    expect(newest.body.items[0]).toMatchObject({ seq: 33, text: 'text 33', senderId: 'cust-1' });
  });

  it('limit, before and after bound the page; nextCursor continues from the last item while more remain', async () => {
    const { list } = await conversationWith(6);
    // [query, page, the page cursor=<nextCursor> returns (null: no nextCursor)]
    const cases: Array<[string, number[], number[] | null]> = [
      ['?limit=2', [6, 5], [4, 3]],
      ['?limit=6', [6, 5, 4, 3, 2, 1], null],
      ['?limit=100', [6, 5, 4, 3, 2, 1], null],
      ['?before=5&limit=2', [4, 3], [2, 1]],
      ['?before=3&limit=2', [2, 1], null],
      ['?before=2', [1], null],
      ['?before=1', [], null],
      ['?before=0', [], null],
      ['?before=999', [6, 5, 4, 3, 2, 1], null],
      ['?after=0&limit=2', [1, 2], [3, 4]],
      ['?after=4&limit=2', [5, 6], null],
      ['?after=5', [6], null],
      ['?after=6', [], null],
      ['?after=999999', [], null],
    ];
    for (const [query, expected, next] of cases) {
      const res = await list(query);
      expect(res.status, query).toBe(200);
      const following = res.body.nextCursor
        ? seqs(await list(`?cursor=${res.body.nextCursor}&limit=${new URLSearchParams(query).get('limit') ?? 30}`))
        : null;
      expect({ query, seqs: seqs(res), next: following }).toEqual({ query, seqs: expected, next });
    }
  });

  it('422 names the bad query parameters', async () => {
    const { list } = await conversationWith(2);
    for (const q of ['limit=0', 'limit=101', 'limit=x', 'limit=1.5', 'limit=-1'])
      expectInvalidFields(await list(`?${q}`), ['limit']);
    for (const q of ['before=-1', 'before=abc', 'before=1.5', 'before=1e400'])
      expectInvalidFields(await list(`?${q}`), ['before']);
    for (const q of ['after=-1', 'after=x']) expectInvalidFields(await list(`?${q}`), ['after']);
    expectInvalidFields(await list('?before=3&after=1'), ['after']);
    expectInvalidFields(await list('?limit=0&before=x'), ['limit', 'before']);
    // A seq is not a cursor.
    const misuse = await list('?cursor=1');
    expectInvalidFields(misuse, ['cursor']);
    expect(misuse.body.errors.cursor[0]).toMatch(/not a cursor this list returned/);
  });

  it('a cursor holds its position and direction: kept first-page before/after do not move it', async () => {
    const { list } = await conversationWith(4);
    const newest = (await list('?limit=1')).body.nextCursor;
    expect(seqs(await list(`?limit=1&cursor=${newest}&before=2`))).toEqual([3]);
    const oldest = (await list('?after=0&limit=1')).body.nextCursor;
    expect(seqs(await list(`?after=0&limit=1&cursor=${oldest}`))).toEqual([2]);
  });
});
