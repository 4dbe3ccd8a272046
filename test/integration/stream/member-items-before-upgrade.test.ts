import { describe, expect, it } from 'vitest';
import { readMemberItems, writeMemberItems } from '#test/support/dynamo/member-items';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

/**
 * Member items written by the release before the top-level `unreadCount` (the unread index projects it now) keep
 * working: the badge counts them, and the next message starts the count from the participant entry's.
 */
describe('member items written before the top-level unread count', () => {
  it('are counted by the badge and carry on from their participant entry at the next message', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation({ message: 'Hello' });
    await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body: { text: 'Hi?' } });
    const [, seller] = await eventually(async () => {
      const items = await readMemberItems(w.tenant, conv.id, ['cust-1', 'seller-1']);
      expect(items[1]!.unreadCount).toBe(2);
      return items;
    });
    // As the previous release wrote it: the count only in the participant entry.
    const { unreadCount: _dropped, ...old } = seller!;
    await writeMemberItems([old as typeof seller & object]);
    const badge = async () => (await call('GET', '/v1/unread', { token: w.seller.token })).body;
    expect(await badge()).toEqual({ total: 1, conversations: 1 }); // at least one, until the count is back

    await call('POST', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token, body: { text: 'Hello?' } });
    await eventually(async () => {
      const [, after] = await readMemberItems(w.tenant, conv.id, ['cust-1', 'seller-1']);
      expect(after!.unreadCount).toBe(3);
      expect(after!.participants['U#seller-1']?.unreadCount).toBe(3);
      expect(await badge()).toEqual({ total: 3, conversations: 1 });
    });
  });
});
