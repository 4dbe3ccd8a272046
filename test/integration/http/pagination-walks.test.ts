import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Conversation {
  id: string;
  updatedAt: string;
}

/** Follows nextCursor to the end, collecting every page. */
const walk = async <T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) => {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 100) throw new Error('the walk does not end');
  } while (cursor !== null);
  return pages;
};

/**
 * Inbox order: latest activity first, ties broken by id (the index sort key is `<activity>#<id>`), compared the
 * way DynamoDB compares strings: by code unit, not by locale (localeCompare would put `d…` before `M…`).
 */
const sortKey = (c: Conversation) => `${c.updatedAt}#${c.id}`;
const byActivity = (a: Conversation, b: Conversation) =>
  sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0;

describe('pagination walks cover every item exactly once, in order', () => {
  it('45 conversations, limit=7: every conversation once, in activity order, after some moved to the top', async () => {
    const w = await newWorld();
    const created: Conversation[] = [];
    for (let i = 0; i < 45; i += 9) {
      created.push(
        ...(await Promise.all(
          Array.from(
            { length: 9 },
            (_, j) =>
              w.openProductConversation({
                productId: undefined,
                participantId: w.seller.id,
                topic: { type: 'order', id: `o-${i + j}` },
              }) as unknown as Promise<Conversation>,
          ),
        )),
      );
    }
    const bumped = [created[40]!, created[3]!, created[17]!];
    for (const c of bumped)
      await call('POST', `/v1/conversations/${c.id}/messages`, { token: w.seller.token, body: { text: 'bump' } });
    await eventually(async () => {
      const top = (await call('GET', '/v1/conversations?limit=3', { token: w.customer.token })).body.items.map(
        (c: Conversation) => c.id,
      );
      expect(top).toEqual(bumped.map((c) => c.id).reverse());
    });

    const pages = await walk<Conversation>(
      async (cursor) =>
        (
          await call('GET', `/v1/conversations?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
            token: w.customer.token,
          })
        ).body,
    );
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 7, 3]);
    const walked = pages.flat();
    expect(new Set(walked.map((c) => c.id)).size).toBe(45);
    expect(new Set(walked.map((c) => c.id))).toEqual(new Set(created.map((c) => c.id)));
    expect(walked.map((c) => c.id)).toEqual([...walked].sort(byActivity).map((c) => c.id));
    expect(walked.slice(0, 3).map((c) => c.id)).toEqual(bumped.map((c) => c.id).reverse());

    const firstPage = (await call('GET', '/v1/conversations', { token: w.customer.token })).body;
    expect(firstPage.items.map((c: Conversation) => c.id)).toEqual(walked.slice(0, 20).map((c) => c.id)); // default limit 20
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    // The seller's inbox walks the same 45 in pages that divide it exactly: no empty page at the end.
    const sellerPages = await walk<Conversation>(
      async (cursor) =>
        (await call('GET', `/v1/conversations?limit=9${cursor ? `&cursor=${cursor}` : ''}`, { token: w.seller.token }))
          .body,
    );
    expect(sellerPages.map((p) => p.length)).toEqual([9, 9, 9, 9, 9]);
    expect(
      sellerPages
        .flat()
        .map((c) => c.id)
        .sort(),
    ).toEqual(created.map((c) => c.id).sort());
    // A page that holds the whole rest has no cursor; one item short, the cursor leads to exactly that item.
    expect((await call('GET', '/v1/conversations?limit=45', { token: w.customer.token })).body.nextCursor).toBeNull();
    const short = (await call('GET', '/v1/conversations?limit=44', { token: w.customer.token })).body;
    const rest = (
      await call('GET', `/v1/conversations?limit=44&cursor=${short.nextCursor}`, { token: w.customer.token })
    ).body;
    expect(rest).toEqual({ items: [walked[44]], nextCursor: null });
    // The archived inbox is empty.
    expect((await call('GET', '/v1/conversations?archived=true', { token: w.seller.token })).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('a message log walked with before (newest first) and with after (oldest first), limit=7', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'm1' });
    for (let i = 2; i <= 45; i += 11) {
      await Promise.all(
        Array.from({ length: Math.min(11, 46 - i) }, (_, j) =>
          call('POST', `/v1/conversations/${conv.id}/messages`, {
            token: (i + j) % 2 ? w.customer.token : w.seller.token,
            body: { text: `m${i + j}` },
          }),
        ),
      );
    }
    type Message = { seq: number };
    const backwards = await walk<Message>(
      async (cursor) =>
        (
          await call('GET', `/v1/conversations/${conv.id}/messages?limit=7${cursor ? `&cursor=${cursor}` : ''}`, {
            token: w.customer.token,
          })
        ).body,
    );
    expect(backwards.flat().map((m) => m.seq)).toEqual(Array.from({ length: 45 }, (_, i) => 45 - i));
    expect(backwards.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 7, 3]);

    const forwards = await walk<Message>(
      async (cursor) =>
        (
          await call(
            'GET',
            `/v1/conversations/${conv.id}/messages?limit=7&${cursor ? `cursor=${cursor}` : 'after=0'}`,
            {
              token: w.seller.token,
            },
          )
        ).body,
    );
    expect(forwards.flat().map((m) => m.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
  });

  it('a forged or garbage cursor is a 422 naming cursor, never a 5xx', async () => {
    const w = await newWorld();
    const other = await newWorld();
    for (let i = 0; i < 3; i++)
      await w.openProductConversation({
        productId: undefined,
        participantId: w.seller.id,
        topic: { type: 'order', id: `o-${i}` },
      });
    await other.openProductConversation();
    const first = await call('GET', '/v1/conversations?limit=1', { token: w.customer.token });
    const real = first.body.nextCursor as string;
    expect(real).toEqual(expect.any(String));
    // What an old-style cursor of this inbox held: the index key of the page's last item, in plain base64 JSON.
    const conversation = first.body.items[0] as Conversation;
    const decoded: Record<string, string> = {
      PK: `T#${w.tenant}#CONV#${conversation.id}`,
      SK: `MEMBER#U#${w.customer.id}`,
      GSI1PK: `T#${w.tenant}#INBOX#U#${w.customer.id}#ACTIVE`,
      GSI1SK: `${conversation.updatedAt}#${conversation.id}`,
    };
    const b64 = (value: unknown) =>
      Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const flipped = (i: number) => {
      const bytes = Buffer.from(real, 'base64url');
      bytes[i] = bytes[i]! ^ 0x80;
      return bytes.toString('base64url');
    };
    const otherInbox = (await call('GET', '/v1/conversations?limit=1', { token: other.customer.token })).body;
    const forged = [
      'garbage',
      '%%%',
      '',
      b64('not json'),
      b64('null'),
      b64('[]'),
      b64('"a string"'),
      b64(42),
      b64({}),
      b64({ ...decoded, extra: 'x' }),
      b64({ PK: decoded.PK, SK: decoded.SK }),
      b64({ ...decoded, GSI1PK: decoded.GSI1PK!.replace('ACTIVE', 'ARCHIVED') }),
      b64({ ...decoded, GSI1PK: decoded.GSI1PK!.replace(w.tenant, other.tenant) }),
      b64({ ...decoded, GSI1SK: 5 }),
      b64({ ...decoded, GSI1SK: '' }),
      b64({ ...decoded, PK: '' }),
      b64({ ...decoded, SK: 'x'.repeat(1025) }),
      b64({ ...decoded, GSI1SK: '€'.repeat(1000) }),
      b64(JSON.stringify(decoded).replace('{', '{"__proto__":{"polluted":true},')),
      b64(JSON.parse(`{"__proto__": 1, "PK": "a", "SK": "b", "GSI1PK": "c"}`)),
      'x'.repeat(5000),
      b64(decoded),
      flipped(0),
      flipped(20),
      flipped(Buffer.from(real, 'base64url').length - 1),
      real.slice(0, -2),
    ];
    for (const cursor of forged) {
      const res = await call('GET', `/v1/conversations?limit=1&cursor=${encodeURIComponent(cursor)}`, {
        token: w.customer.token,
      });
      expect({ cursor, status: res.status }).toEqual({ cursor, status: 422 });
      expectInvalidFields(res, ['cursor']);
    }
    // Another user's real cursor does not open their inbox.
    if (otherInbox.nextCursor)
      expectInvalidFields(
        await call('GET', `/v1/conversations?cursor=${otherInbox.nextCursor}`, { token: w.customer.token }),
        ['cursor'],
      );
    const theirs = await call('GET', `/v1/conversations?limit=1&cursor=${real}`, { token: w.seller.token });
    expectInvalidFields(theirs, ['cursor']);
    // The real one still works.
    expect(
      (await call('GET', `/v1/conversations?limit=1&cursor=${real}`, { token: w.customer.token })).body.items,
    ).toHaveLength(1);
  });
});
