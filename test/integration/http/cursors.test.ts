import { describe, expect, it } from 'vitest';
import { call } from '#test/support/http/client';
import { expectInvalidFields } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

/** The one pager a client writes: first page with its filters, then `cursor=<nextCursor>` until null. */
const pageAll = async (path: string, token: string, limit = 2) => {
  const ids: string[] = [];
  const join = path.includes('?') ? '&' : '?';
  let page = (await call('GET', `${path}${join}limit=${limit}`, { token })).body as Page;
  for (let pages = 1; ; pages++) {
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return { ids, pages };
    page = (await call('GET', `${path}${join}limit=${limit}&cursor=${page.nextCursor}`, { token })).body as Page;
  }
};

describe('pagination, one idiom: every list takes cursor=<nextCursor>', () => {
  it('walks the inbox, the archive, the support queue and a message log (both directions) with one pager', async () => {
    const w = await newWorld();
    for (const id of ['o-1', 'o-2', 'o-3'])
      await w.openProductConversation({
        productId: undefined,
        participantId: w.seller.id,
        topic: { type: 'order', id },
      });
    const product = await w.openProductConversation({ message: 'm1' });
    for (let i = 2; i <= 5; i++)
      await call('POST', `/v1/conversations/${product.id}/messages`, {
        token: w.customer.token,
        body: { text: `m${i}` },
      });
    const archived = await w.openProductConversation({
      productId: undefined,
      participantId: w.seller.id,
      topic: { type: 'order', id: 'o-9' },
    });
    await call('PATCH', `/v1/conversations/${archived.id}`, { token: w.customer.token, body: { archived: true } });
    const agent = await w.user('agent-1', 'agent');
    for (const sub of ['s-1', 's-2', 's-3']) {
      const shopper = await w.user(sub);
      await call('POST', '/v1/support/conversations', { token: shopper.token, body: { message: 'help' } });
    }

    await eventually(async () => expect((await pageAll('/v1/conversations', w.customer.token)).ids).toHaveLength(4));
    expect(await pageAll('/v1/conversations?archived=true', w.customer.token, 1)).toEqual({
      ids: [archived.id],
      pages: 1,
    });
    await eventually(async () =>
      expect(await pageAll('/v1/support/conversations', agent.token)).toMatchObject({ pages: 2 }),
    );
    expect((await pageAll('/v1/support/conversations', agent.token)).ids).toHaveLength(3);
    const newestFirst = await pageAll(`/v1/conversations/${product.id}/messages`, w.customer.token);
    const oldestFirst = await pageAll(`/v1/conversations/${product.id}/messages?after=0`, w.customer.token);
    expect(newestFirst.pages).toBe(3);
    expect(oldestFirst.ids).toEqual([...newestFirst.ids].reverse());
  });

  it('a cursor opens only the list, the user and the tenant it was issued for', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const a = await w.openProductConversation({ message: 'a1' });
    const b = await w.openProductConversation({
      productId: undefined,
      participantId: w.seller.id,
      topic: { type: 'order', id: 'o-1' },
    });
    for (const id of [a.id, b.id])
      for (const text of ['x', 'y'])
        await call('POST', `/v1/conversations/${id}/messages`, { token: w.customer.token, body: { text } });
    const messagesOf = (id: string, query = '') =>
      call('GET', `/v1/conversations/${id}/messages?limit=1${query}`, { token: w.customer.token });
    const inA = (await messagesOf(a.id)).body.nextCursor as string;
    const inbox = await eventually(async () => {
      const page = await call('GET', '/v1/conversations?limit=1', { token: w.customer.token });
      expect(page.body.nextCursor).toEqual(expect.any(String));
      return page.body.nextCursor as string;
    });

    // Another conversation of the same user, another list of the same user, another list kind, another user.
    expectInvalidFields(await messagesOf(b.id, `&cursor=${inA}`), ['cursor']);
    expectInvalidFields(
      await call('GET', `/v1/conversations?archived=true&cursor=${inbox}`, { token: w.customer.token }),
      ['cursor'],
    );
    expectInvalidFields(await call('GET', `/v1/conversations?cursor=${inA}`, { token: w.customer.token }), ['cursor']);
    expectInvalidFields(await messagesOf(a.id, `&cursor=${inbox}`), ['cursor']);
    expectInvalidFields(
      await call('GET', `/v1/conversations/${a.id}/messages?cursor=${inA}`, { token: w.seller.token }),
      ['cursor'],
    );
    expectInvalidFields(await call('GET', `/v1/conversations?cursor=${inbox}`, { token: other.customer.token }), [
      'cursor',
    ]);
    // The cursors still work where they belong.
    expect((await messagesOf(a.id, `&cursor=${inA}`)).status).toBe(200);
    expect((await call('GET', `/v1/conversations?cursor=${inbox}`, { token: w.customer.token })).status).toBe(200);
  });
});
