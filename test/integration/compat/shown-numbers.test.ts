import { describe, expect, it } from 'vitest';
import { existingUserNumber, userNumber, userNumbers } from '#shared/catalog/user-number';
import { getMember } from '#shared/chat/items/member';
import { userMember } from '#shared/table/keys';
import { platformWorld } from '#test/support/compat/platform-world';
import { PLATFORM } from '#test/support/compat/public-keys';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

/**
 * The user numbers 003 and 004 show are kept on the member items they are shown from (shared/compat/shown-numbers.ts),
 * so that a list page is one read: written the first time a conversation is shown, never a number that was not
 * claimed, always the number the user's own pointer holds.
 */
const v2List = (token: string) => call('GET', '/api/v2/chat/conversations', { token });
const platformList = (token: string) =>
  call('GET', '/api/v1/chat/conversations', { token, headers: { 'x-public-key': PLATFORM.key } });
const coreId = async (token: string) => (await call('GET', '/v1/conversations', { token })).body.items[0].id as string;

describe('user numbers kept on the member items the dialects show', () => {
  it('records the numbers of both parties on the caller’s item the first time 003 lists it, as their pointers hold them', async () => {
    const w = await newWorld();
    const opened = await call('POST', '/api/v2/chat/create-conversation', {
      token: w.customer.token,
      body: { product_id: w.productId, message: 'Is it blue?' },
    });
    expect(opened.status).toBe(200);
    const id = await coreId(w.customer.token);
    // Opened without showing anyone's number: nothing recorded yet.
    expect((await getMember(w.tenant, id, userMember(w.customer.id), true))?.userNumbers).toBeUndefined();

    const first = await v2List(w.customer.token);
    const customer = await existingUserNumber(w.tenant, w.customer.id);
    const seller = await existingUserNumber(w.tenant, w.seller.id);
    expect(first.body.data[0]).toMatchObject({ sender_id: customer, receiver_id: seller, shop_id: seller });
    const own = await getMember(w.tenant, id, userMember(w.customer.id), true);
    expect(own?.userNumbers).toEqual({ [w.customer.id]: customer, [w.seller.id]: seller });
    // The seller's copy is theirs to show: untouched by the customer's list.
    expect((await getMember(w.tenant, id, userMember(w.seller.id), true))?.userNumbers).toBeUndefined();

    const again = await v2List(w.customer.token);
    expect(again.body.data).toEqual(first.body.data);
  });

  it('copies numbers users already had (from another dialect) onto an item opened through the core API', async () => {
    const w = await platformWorld();
    const opened = await call('POST', '/v1/conversations', {
      token: w.customer.token,
      body: { participantId: w.seller.id, message: 'Hello' },
    });
    expect(opened.status).toBe(201);
    const numbered = await userNumbers(w.tenant, [w.customer.id, w.seller.id]);

    const listed = await platformList(w.customer.token);
    expect(listed.status).toBe(200);
    const pivots = listed.body.data[0].participants.map((p: { pivot: { user_id: number } }) => p.pivot.user_id);
    expect(pivots.sort()).toEqual([numbered.get(w.customer.id), numbered.get(w.seller.id)].sort());
    const own = await getMember(w.tenant, opened.body.id, userMember(w.customer.id), true);
    expect(own?.userNumbers).toEqual(Object.fromEntries(numbered));
  });

  it('agrees on one number per user when two first lists number the same new users at once', async () => {
    const w = await newWorld();
    await w.openProductConversation({ message: 'Hi' });
    const id = await coreId(w.customer.token);
    const [a, b] = await Promise.all([v2List(w.customer.token), v2List(w.customer.token)]);
    expect(a.body.data).toEqual(b.body.data);
    const own = await getMember(w.tenant, id, userMember(w.customer.id), true);
    expect(own?.userNumbers).toEqual({
      [w.customer.id]: await userNumber(w.tenant, w.customer.id),
      [w.seller.id]: await userNumber(w.tenant, w.seller.id),
    });
    expect(a.body.data[0]).toMatchObject({
      sender_id: own?.userNumbers?.[w.customer.id],
      receiver_id: own?.userNumbers?.[w.seller.id],
    });
  });

  it('keeps the number of an agent who answered a support conversation once 004 shows the messages', async () => {
    const w = await platformWorld();
    const conversation = (await call('POST', '/v1/support/conversations', { token: w.customer.token, body: {} })).body
      .conversation;
    const agent = await w.user('agent');
    const reply = await call('POST', `/v1/conversations/${conversation.id}/messages`, {
      token: agent.token,
      body: { text: 'How can I help?' },
    });
    expect(reply.status).toBe(201);
    const page = await call('GET', `/api/v1/chat/conversations/${conversation.id}/messages`, {
      token: w.customer.token,
      headers: { 'x-public-key': PLATFORM.key },
    });
    expect(page.status).toBe(200);
    const own = await getMember(w.tenant, conversation.id, userMember(w.customer.id), true);
    expect(own?.userNumbers?.[agent.id]).toBe(await existingUserNumber(w.tenant, agent.id));
    expect(own?.userNumbers?.[w.customer.id]).toBe(await existingUserNumber(w.tenant, w.customer.id));
  });
});

describe('GET /api/v2/chat/conversations/{user_id} reads the caller’s number alongside the page', () => {
  it('is a 404 for any number while the caller has none, and the list for their own number once they have one', async () => {
    const w = await newWorld();
    await w.openProductConversation({ message: 'Hi' });
    expect(await existingUserNumber(w.tenant, w.customer.id)).toBeUndefined();
    const byGuess = await call('GET', '/api/v2/chat/conversations/1', { token: w.customer.token });
    expect(byGuess.status).toBe(404);
    // Asking numbered no one.
    expect(await existingUserNumber(w.tenant, w.customer.id)).toBeUndefined();

    const listed = await v2List(w.customer.token);
    const own = await existingUserNumber(w.tenant, w.customer.id);
    expect(own).toBe(listed.body.data[0].sender_id);
    const byNumber = await call('GET', `/api/v2/chat/conversations/${own}`, { token: w.customer.token });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.data).toEqual(listed.body.data);
    const byId = await call('GET', `/api/v2/chat/conversations/${w.customer.id}`, { token: w.customer.token });
    expect(byId.body.data).toEqual(listed.body.data);
    const other = await existingUserNumber(w.tenant, w.seller.id);
    expect((await call('GET', `/api/v2/chat/conversations/${other}`, { token: w.customer.token })).status).toBe(404);
  });
});
