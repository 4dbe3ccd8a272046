import { describe, expect, it } from 'vitest';
import { seededRandom } from '#test/support/fuzz/prng';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

interface Message {
  seq: number;
  senderId: string;
}

describe('unread counts under concurrent reads and sends', () => {
  it('settle to the truth: messages from others after each participant’s read position', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'start' });
    const seed = Number(process.env.FUZZ_SEED ?? 7);
    const random = seededRandom(seed);
    const actions = Array.from({ length: 60 }, (_, i) => {
      const who = random.pick([w.customer, w.seller]);
      const kind = random.pick(['send', 'send', 'read-latest', 'read-seq'] as const);
      return async () => {
        if (kind === 'send') {
          const res = await call('POST', `/v1/conversations/${conv.id}/messages`, {
            token: who.token,
            body: { text: `t${i}` },
          });
          expect(res.status).toBe(201);
        } else if (kind === 'read-latest') {
          expect((await call('POST', `/v1/conversations/${conv.id}/read`, { token: who.token })).status).toBe(200);
        } else {
          const res = await call('POST', `/v1/conversations/${conv.id}/read`, {
            token: who.token,
            body: { seq: random.int(1, 1 + Math.floor(i / 3)) },
          });
          expect([200, 422]).toContain(res.status); // 422: that seq did not exist yet
        }
      };
    });
    // Eight at a time, so reads and sends interleave with the stream processor's updates.
    for (let i = 0; i < actions.length; i += 8) await Promise.all(actions.slice(i, i + 8).map((a) => a()));

    const log = (
      await call('GET', `/v1/conversations/${conv.id}/messages?after=0&limit=100`, { token: w.customer.token })
    ).body.items as Message[];
    const tip = log.at(-1)!.seq;
    const truth = (userId: string, lastReadSeq: number) =>
      log.filter((m) => m.seq > lastReadSeq && m.senderId !== userId).length;
    await eventually(async () => {
      for (const me of [w.customer, w.seller]) {
        const view = await call('GET', `/v1/conversations/${conv.id}`, { token: me.token });
        expect(view.body.lastMessage.seq).toBe(tip);
        for (const p of view.body.participants) {
          expect({ seed, user: p.userId, unread: p.unreadCount }).toEqual({
            seed,
            user: p.userId,
            unread: truth(p.userId, p.lastReadSeq),
          });
        }
        const mine = view.body.participants.find((p: { userId: string }) => p.userId === me.id);
        expect(view.body.unreadCount).toBe(mine.unreadCount);
        expect((await call('GET', '/v1/unread', { token: me.token })).body).toEqual({
          total: mine.unreadCount,
          conversations: mine.unreadCount > 0 ? 1 : 0,
        });
      }
    });
    // Both copies of the read state agree (the other participant's copy follows from the stream).
    await eventually(async () => {
      const [a, b] = await Promise.all(
        [w.customer, w.seller].map(
          async (me) => (await call('GET', `/v1/conversations/${conv.id}`, { token: me.token })).body.participants,
        ),
      );
      expect(a).toEqual(b);
    });

    // Reading everything clears it for good.
    for (const me of [w.customer, w.seller]) {
      expect((await call('POST', `/v1/conversations/${conv.id}/read`, { token: me.token })).body).toMatchObject({
        unreadCount: 0,
        lastReadSeq: tip,
      });
      expect((await call('GET', '/v1/unread', { token: me.token })).body).toEqual({ total: 0, conversations: 0 });
    }
  });
});
