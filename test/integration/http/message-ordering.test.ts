import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('message seq under concurrency', () => {
  it('40 concurrent sends get seqs exactly 1..N, no gap, no duplicate, and the poll after=0 returns them in order', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'first' });
    const sent = await Promise.all(
      range(1, 40).map((i) =>
        call('POST', `/v1/conversations/${conv.id}/messages`, {
          token: i % 2 ? w.customer.token : w.seller.token,
          body: { text: `parallel ${i}` },
        }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(sent.map(() => 201));
    expect(sent.map((r) => r.body.message.seq).sort((a, b) => a - b)).toEqual(range(2, 41));

    const polled = await call('GET', `/v1/conversations/${conv.id}/messages?after=0&limit=100`, {
      token: w.customer.token,
    });
    expect(polled.body.items.map((m: { seq: number }) => m.seq)).toEqual(range(1, 41));
    expect(polled.body.nextCursor).toBeNull();
    const byText = new Map(sent.map((r) => [r.body.message.text, r.body.message]));
    for (const m of polled.body.items.slice(1)) expect(m).toEqual(byText.get(m.text));

    // Commit order: each message's createdAt was taken before its commit, and the stream applies them all.
    await eventually(async () => {
      const seller = await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token });
      expect(seller.body.lastMessage.seq).toBe(41);
      expect(seller.body.unreadCount).toBe(21);
      const customer = await call('GET', `/v1/conversations/${conv.id}`, { token: w.customer.token });
      expect(customer.body.unreadCount).toBe(20);
    });
  });

  it('a client polling with after=<last seen> while others send never misses a message', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'first' });
    const seen: number[] = [1];
    let sending = true;
    const poller = (async () => {
      while (sending || seen.at(-1)! < 31) {
        const page = await call('GET', `/v1/conversations/${conv.id}/messages?after=${seen.at(-1)}&limit=5`, {
          token: w.seller.token,
        });
        seen.push(...page.body.items.map((m: { seq: number }) => m.seq));
      }
    })();
    await Promise.all(
      range(1, 30).map((i) =>
        call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body: { text: `m${i}` } }),
      ),
    );
    sending = false;
    await poller;
    expect(seen).toEqual(range(1, 31));
  });

  it('20 concurrent sends with the same clientMessageId store one message; all responses carry its id and seq (one 201)', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const responses = await Promise.all(
      range(1, 20).map(() =>
        call('POST', `/v1/conversations/${conv.id}/messages`, {
          token: w.customer.token,
          body: { text: 'only once', clientMessageId: 'dup-1' },
        }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    const stored = responses.find((r) => r.status === 201)!.body.message;
    for (const r of responses) expect(r.body.message).toEqual(stored);
    expect(stored.seq).toBe(2);
    const all = await call('GET', `/v1/conversations/${conv.id}/messages?after=0`, { token: w.customer.token });
    expect(all.body.items.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
    await eventually(async () =>
      expect((await call('GET', `/v1/conversations/${conv.id}`, { token: w.seller.token })).body).toMatchObject({
        unreadCount: 2,
        lastMessage: { seq: 2 },
      }),
    );
  });

  it('concurrent duplicates mixed with other senders: each clientMessageId stored once, seqs still gap-free', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    const requests = range(1, 30).map((i) => {
      const [token, cmid] = i % 3 === 0 ? [w.seller.token, `s-${i % 2}`] : [w.customer.token, `c-${i % 4}`];
      return call('POST', `/v1/conversations/${conv.id}/messages`, {
        token,
        body: { text: `text of ${cmid}`, clientMessageId: cmid },
      });
    });
    const responses = await Promise.all(requests);
    expect(responses.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const all = await call('GET', `/v1/conversations/${conv.id}/messages?after=0`, { token: w.customer.token });
    const stored = all.body.items.slice(1) as Array<{ seq: number; senderId: string; clientMessageId: string }>;
    expect(stored.map((m) => m.seq)).toEqual(range(2, stored.length + 1));
    const distinct = new Set(stored.map((m) => `${m.senderId}/${m.clientMessageId}`));
    expect(distinct.size).toBe(stored.length);
    expect(stored.length).toBe(6); // c-0..c-3 from the customer, s-0 and s-1 from the seller
    expect(responses.filter((r) => r.status === 201)).toHaveLength(6);
  });
});
