import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { getHead } from '#shared/chat/items/head';
import { messageItem } from '#shared/chat/items/message';
import type { AuditItem } from '#shared/moderation/items/audit';
import { db } from '#shared/table/client';
import { keys, type MemberKey } from '#shared/table/keys';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

/** LOAD_ERASURE_MESSAGES (default 10 000): how many messages the erased user has sent. */
const MESSAGES = Number(process.env.LOAD_ERASURE_MESSAGES ?? 10_000);

/**
 * A long history, written straight into the conversation's log, one message after the other as the send path
 * commits them (seq n+1 only once n is in, so the stream sees them in seq order): every `sellerEvery`-th message is
 * the seller's, the rest the customer's. The stream applies them like any sent message; sending them over HTTP
 * would only make seeding slower.
 */
const seedLog = async (tenant: string, conversationId: string, from: number, count: number, sellerEvery: number) => {
  const head = (await getHead(tenant, conversationId))!;
  const [customer, seller] = head.members as [MemberKey, MemberKey];
  for (let seq = from; seq < from + count; seq++) {
    const bySeller = seq % sellerEvery === 0;
    const message = messageItem(head, {
      seq,
      sender: bySeller ? seller : customer,
      senderId: bySeller ? 'seller-1' : 'cust-1',
      text: `${bySeller ? 'seller' : 'customer'} message ${seq}`,
    });
    await db().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME!,
        Item: message,
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }
};

const erasureAudit = async (tenant: string, requestId: string) =>
  (
    (
      await db().send(
        new QueryCommand({
          TableName: process.env.TABLE_NAME!,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.audit(tenant, '', '').PK },
          ConsistentRead: true,
        }),
      )
    ).Items as AuditItem[]
  ).find((a) => a.requestId === requestId);

describe(`erasure of a user with ${MESSAGES} messages`, () => {
  it(
    'finishes in bounded steps (none near a timeout) and leaves none of their messages',
    async () => {
      const w = await newWorld();
      const product = await w.openProductConversation({ message: 'First question' });
      const started = Date.now();
      // Seq 1 is the opening message; then MESSAGES - 1 more of the customer's among every 20th of the seller's.
      const sellerEvery = 20;
      const total = Math.ceil(((MESSAGES - 1) * sellerEvery) / (sellerEvery - 1)) + 1;
      await seedLog(w.tenant, product.id, 2, total - 1, sellerEvery);
      const customerMessages = Array.from({ length: total }, (_, i) => i + 1).filter(
        (seq) => seq % sellerEvery !== 0,
      ).length;
      const seeded = Date.now();

      const erased = await call('DELETE', `/v1/users/${w.customer.id}`, { token: w.service });
      expect(erased.status).toBe(202);
      const audit = await eventually(async () => {
        const found = await erasureAudit(w.tenant, erased.body.erasure.id);
        expect(found).toMatchObject({ status: 'done' });
        return found!;
      }, 30 * 60_000);
      const finished = Date.now();
      expect(audit).toMatchObject({ conversations: 1, messages: customerMessages });

      const left = async (id: string) => {
        let count = 0;
        let cursor: string | null = null;
        do {
          const page: { body: { items: Array<{ senderId: string; text: string }>; nextCursor: string | null } } =
            await call('GET', `/v1/conversations/${id}/messages?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
              token: w.seller.token,
            });
          count += page.body.items.filter((m) => m.senderId === w.customer.id && m.text !== '').length;
          cursor = page.body.nextCursor;
        } while (cursor);
        return count;
      };
      expect(await left(product.id)).toBe(0);
      console.info(
        `erasure of ${customerMessages} messages (${total} in the log): seeded in ${((seeded - started) / 1000).toFixed(1)} s; ` +
          `erased in ${audit.steps} steps, ${((finished - seeded) / 1000).toFixed(1)} s end to end ` +
          `(${((finished - seeded) / audit.steps!).toFixed(0)} ms per step, stream latency included)`,
      );
    },
    60 * 60_000,
  );
});
