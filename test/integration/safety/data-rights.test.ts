import { InternalServerError } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as sideEffects } from '#functions/stream/email-stream';
import type { AuditItem } from '#shared/moderation/items/audit';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';
import { injectFaults } from '#test/support/dynamo/faults';
import { putItems, readConversationPartition } from '#test/support/dynamo/partition';
import { call, type HttpReply } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { insertsOf, openStreamTap } from '#test/support/stream/tap';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

type World = Awaited<ReturnType<typeof newWorld>>;
type Message = { id: string; seq: number; senderId: string; text: string; redacted?: true; originalText?: string };

/** `count` messages from `token`, a few at a time (a realistic history, bounded for a test run). */
const sendMany = async (id: string, token: string, count: number, label: string) => {
  for (let i = 0; i < count; i += 5)
    await Promise.all(
      Array.from({ length: Math.min(5, count - i) }, (_, k) =>
        call('POST', `/v1/conversations/${id}/messages`, { token, body: { text: `${label} ${i + k + 1}` } }).then(
          (res) => expect(res.status).toBe(201),
        ),
      ),
    );
};

const auditRecords = async (tenant: string) =>
  (
    await db().send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME!,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.audit(tenant, '', '').PK },
        ConsistentRead: true,
      }),
    )
  ).Items as AuditItem[];

/**
 * Customer cust-1 with a history: a product conversation with the seller (the customer writes most of it, one
 * message masked by the policy), a support conversation, an order conversation the customer archived, and a
 * report with a note. Returns how many messages the customer sent.
 */
const history = async (w: World) => {
  await call('PUT', '/v1/policy', { token: w.service, body: { contactInfo: 'mask-before-order' } });
  const agent = await w.user('agent-1', 'agent');
  const product = await w.openProductConversation({ message: 'Does it come in red?' });
  await sendMany(product.id, w.customer.token, 70, 'customer says');
  await sendMany(product.id, w.seller.token, 15, 'seller says');
  await sendMany(product.id, w.customer.token, 30, 'customer again');
  const masked = await call('POST', `/v1/conversations/${product.id}/messages`, {
    token: w.customer.token,
    body: { text: 'Call me: 0151 23456789' },
  });
  const support = (
    await call('POST', '/v1/support/conversations', { token: w.customer.token, body: { message: 'Help please' } })
  ).body.conversation;
  await sendMany(support.id, w.customer.token, 20, 'support question');
  await sendMany(support.id, agent.token, 5, 'agent answer');
  const order = await call('POST', '/v1/conversations', {
    token: w.customer.token,
    body: { participantId: w.seller.id, topic: { type: 'order', id: 'o-1' }, message: 'Where is order o-1?' },
  });
  await sendMany(order.body.id, w.customer.token, 20, 'order question');
  await call('PATCH', `/v1/conversations/${order.body.id}`, { token: w.customer.token, body: { archived: true } });
  await call('POST', `/v1/conversations/${product.id}/reports`, {
    token: w.customer.token,
    body: { reason: 'other', note: 'My phone is 0151 23456789, call me' },
  });
  const conversations = [product.id, support.id, order.body.id];
  // Let the stream apply every message before anything is read back.
  await eventually(async () => {
    const list = (await call('GET', '/v1/conversations?limit=10', { token: w.customer.token })).body.items;
    const archived = (await call('GET', '/v1/conversations?archived=true', { token: w.customer.token })).body.items;
    expect([...list, ...archived].map((c: { lastMessage: { seq: number } }) => c.lastMessage.seq).sort()).toEqual(
      [21, 26, 117].sort(),
    );
  }, 20_000);
  return { agent, conversations, sent: 1 + 70 + 30 + 1 + 1 + 20 + 1 + 20, masked: masked.body.message };
};

/** Every page of the export, following nextCursor. */
const exportAll = async (token: string, userId: string, limit: number) => {
  const pages = [];
  let cursor: string | null = null;
  do {
    const res: HttpReply = await call(
      'GET',
      `/v1/users/${userId}/data?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      {
        token,
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
  } while (cursor);
  return pages;
};

describe('data rights: export and erasure of a user with many messages', () => {
  it('exports everything, erases it step by step (closing the sessions), and an erasure resumes after a failure mid-way', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const { agent, conversations, sent, masked } = await history(w);
    const [productId, supportId, orderId] = conversations as [string, string, string];

    // ---- export: the first page holds profile, conversations and reports; the messages follow page by page
    const pages = await exportAll(w.service, w.customer.id, 40);
    expect(pages.length).toBe(Math.ceil(sent / 40));
    const [first] = pages;
    expect(first.profile).toMatchObject({
      userId: 'cust-1',
      role: 'customer',
      name: 'Cora Customer',
      email: 'cora@example.test',
    });
    expect(first.seller).toBeNull();
    expect(first.conversations.map((c: { id: string }) => c.id).sort()).toEqual([...conversations].sort());
    expect(first.reports).toEqual([expect.objectContaining({ note: 'My phone is 0151 23456789, call me' })]);
    for (const page of pages.slice(1))
      expect(Object.keys(page).sort()).toEqual(['exportedAt', 'messages', 'nextCursor', 'userId']);
    const exported: Message[] = pages.flatMap((p) => p.messages);
    expect(exported).toHaveLength(sent);
    expect(new Set(exported.map((m) => m.id)).size).toBe(sent);
    expect(exported.every((m) => m.senderId === 'cust-1')).toBe(true);
    expect(exported.find((m) => m.id === masked.id)).toMatchObject({
      text: 'Call me: [hidden]',
      originalText: 'Call me: 0151 23456789',
    });
    expect((await exportAll(w.service, w.seller.id, 500))[0].seller).toMatchObject({
      id: 'seller-1',
      email: 'sam@example.test',
    });
    // Another tenant's service sees nothing of it.
    const foreign = await exportAll(other.service, w.customer.id, 500);
    expect(foreign).toEqual([expect.objectContaining({ profile: null, conversations: [], reports: [], messages: [] })]);
    expectProblem(await call('GET', `/v1/users/${w.customer.id}/data`, { token: agent.token }), 403);

    // ---- erasure
    const before = await Promise.all(conversations.map((id) => readConversationPartition(w.tenant, id)));
    const socket = await connectWs(w.customer.token);
    const closed = new Promise((resolve) => socket.socket.once('close', resolve));
    const tap = await openStreamTap();
    let steps: DynamoDBRecord[];
    let done: AuditItem;
    try {
      const erased = await call('DELETE', `/v1/users/${w.customer.id}`, { token: w.service });
      expect(erased.status).toBe(202);
      expect(erased.body.erasure).toMatchObject({ userId: 'cust-1', status: 'running', sessionsClosed: 1 });
      await closed;
      done = await eventually(async () => {
        const audit = (await auditRecords(w.tenant)).find((a) => a.requestId === erased.body.erasure.id)!;
        expect(audit).toMatchObject({ action: 'erasure', status: 'done' });
        return audit;
      }, 60_000);
      expect(done).toMatchObject({ subjectUserId: 'cust-1', actorId: 'storefront', conversations: 3, messages: sent });
      expect(JSON.stringify(done)).not.toMatch(/Cora|cora@|0151|customer says/);
      steps = await tap.collect(insertsOf(w.tenant, 'erasure-step'), (rs) => rs.length === done.steps, 20_000);
    } finally {
      tap.close();
    }
    expect(done.steps).toBeGreaterThanOrEqual(2); // a step reads at most STEP_ITEMS (100) items

    // Every message the customer sent is empty; everyone else's stays; the previews follow.
    const log = async (id: string, token: string) =>
      (await call('GET', `/v1/conversations/${id}/messages?limit=100`, { token })).body.items as Message[];
    const productLog = [...(await log(productId, w.seller.token))];
    expect(productLog.filter((m) => m.senderId === 'cust-1').every((m) => m.text === '' && m.redacted)).toBe(true);
    expect(productLog.filter((m) => m.senderId === 'seller-1').every((m) => m.text.startsWith('seller says'))).toBe(
      true,
    );
    expect((await log(supportId, agent.token)).filter((m) => m.senderId === 'cust-1').map((m) => m.text)).toEqual(
      Array(21).fill(''),
    );
    // The archived order conversation too (the erasure goes through archived conversations first).
    expect((await log(orderId, w.seller.token)).map((m) => m.text)).toEqual(Array(21).fill(''));
    await eventually(async () => {
      const conversation = (await call('GET', `/v1/conversations/${productId}`, { token: w.seller.token })).body;
      expect(conversation.lastMessage).toMatchObject({ senderId: 'cust-1', text: '', redacted: true });
      expect(conversation.participants.find((p: { userId: string }) => p.userId === 'cust-1')).not.toHaveProperty(
        'name',
      );
    });
    // Name and address are gone from every copy; the report's note too.
    const after = await Promise.all(conversations.map((id) => readConversationPartition(w.tenant, id)));
    expect(JSON.stringify(after)).not.toMatch(/Cora|cora@example|0151 2345/);
    const queue = (await call('GET', '/v1/moderation/reports', { token: agent.token })).body.items;
    expect(queue).toEqual([expect.objectContaining({ reporterId: 'cust-1', note: null })]);
    const [again] = await exportAll(w.service, w.customer.id, 500);
    expect(again.profile).toBeNull();
    expect(again.messages.every((m: Message) => m.text === '' && m.redacted && m.originalText === undefined)).toBe(
      true,
    );

    // ---- resumable: back to the state before, the same steps re-run with a failure in the middle of a later step
    const truth = after;
    await putItems(before.flat().filter((item) => item.entity === 'message' || item.entity === 'report'));
    const redactions = { count: 0 };
    const failAt = sent - 10; // in the last step
    const restore = injectFaults((command, input) =>
      command === 'UpdateCommand' &&
      /redacted = :true/.test(input.UpdateExpression ?? '') &&
      ++redactions.count === failAt
        ? new InternalServerError({ message: 'Injected: DynamoDB is having a bad moment', $metadata: {} })
        : undefined,
    );
    let failed;
    try {
      failed = await sideEffects({ Records: steps });
    } finally {
      restore();
    }
    const at = steps.findIndex((r) => r.dynamodb?.SequenceNumber === failed.batchItemFailures[0]?.itemIdentifier);
    expect(at).toBeGreaterThan(0); // a later step failed, mid-way
    const partial = (await Promise.all(conversations.map((id) => readConversationPartition(w.tenant, id)))).flat();
    const redactedNow = partial.filter((i) => i.entity === 'message' && i.senderId === 'cust-1' && i.redacted).length;
    // Part-way: everything before the failed write (and the writes of its batch) happened, not all.
    expect(redactedNow).toBeGreaterThanOrEqual(failAt - 1);
    expect(redactedNow).toBeLessThan(sent);
    // The stream delivers the failed record again, and everything after it: the erasure finishes where it was.
    expect(await sideEffects({ Records: steps.slice(at) })).toEqual({ batchItemFailures: [] });
    const messagesOf = (partitions: Array<Array<Record<string, any>>>) =>
      partitions
        .flat()
        .filter((i) => i.entity === 'message' || i.entity === 'report')
        .map(({ redactedAt: _at, ...rest }) => rest);
    expect(messagesOf(await Promise.all(conversations.map((id) => readConversationPartition(w.tenant, id))))).toEqual(
      messagesOf(truth),
    );
    expect((await auditRecords(w.tenant)).find((a) => a.requestId === done.requestId)).toEqual(done);

    // ---- repeatable: a second request goes through everything again and finds the same
    const repeat = await call('DELETE', `/v1/users/${w.customer.id}`, { token: w.service });
    expect(repeat.body.erasure).toMatchObject({ sessionsClosed: 0 });
    await eventually(async () => {
      const audit = (await auditRecords(w.tenant)).find((a) => a.requestId === repeat.body.erasure.id)!;
      expect(audit).toMatchObject({ status: 'done', conversations: 3, messages: sent });
    }, 60_000);
    // An audit record per request: three exports of cust-1 and seller-1's one, two erasures; none in the other tenant
    // but its own export.
    const audits = await auditRecords(w.tenant);
    expect(audits.filter((a) => a.action === 'erasure')).toHaveLength(2);
    expect(audits.filter((a) => a.action === 'export').length).toBe(pages.length + 2);
    expect((await auditRecords(other.tenant)).map((a) => a.action)).toEqual(['export']);
  }, 180_000);
});
