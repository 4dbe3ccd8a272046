import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { injectFaults } from '#test/support/dynamo/faults';
import { readMemberItems } from '#test/support/dynamo/member-items';
import { call } from '#test/support/http/client';
import { invokeRoute } from '#test/support/http/invoke-route';
import { newWorld } from '#test/support/stack/world';

/** Every transaction loses to another one, as on a very hot item: DynamoDB cancels it with TransactionConflict. */
const conflict = (input: { TransactItems: unknown[] }) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    $metadata: {},
    CancellationReasons: input.TransactItems.map(() => ({
      Code: 'TransactionConflict',
      Message: 'Transaction is ongoing for the item',
    })),
  });

/** Every seq the writer tries was just taken by another sender: the message put's condition fails. */
const seqTaken = (input: { TransactItems: unknown[] }) =>
  new TransactionCanceledException({
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
    $metadata: {},
    CancellationReasons: input.TransactItems.map((_, i) => ({ Code: i === 0 ? 'ConditionalCheckFailed' : 'None' })),
  });

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

const expectRetryLater = (res: { status: number; headers: Record<string, string>; body: any }) => {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(Number(res.headers['Retry-After'])).toBeGreaterThan(0);
  expect(res.body).toMatchObject({
    status: 429,
    title: 'Too Many Requests',
    type: expect.any(String),
    detail: expect.any(String),
  });
};

describe('a write that keeps losing races answers 429 with Retry-After, never 500, and stores nothing half-done', () => {
  it('opening a conversation', async () => {
    const w = await newWorld();
    restore = injectFaults((command, input) => (command === 'TransactWriteCommand' ? conflict(input) : undefined));
    expectRetryLater(
      await invokeRoute('CreateConversation', { token: w.customer.token, body: { productId: w.productId } }),
    );
    restore();
    restore = undefined;
    expect((await call('GET', '/v1/conversations', { token: w.customer.token })).body.items).toEqual([]);
    expect(
      (await call('POST', '/v1/conversations', { token: w.customer.token, body: { productId: w.productId } })).status,
    ).toBe(201);
  });

  it('sending a message (with or without a clientMessageId)', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    restore = injectFaults((command, input) =>
      command === 'TransactWriteCommand'
        ? seqTaken(input)
        : command === 'PutCommand' && input.Item?.entity === 'message'
          ? new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} })
          : undefined,
    );
    expectRetryLater(
      await invokeRoute('SendMessage', {
        token: w.customer.token,
        pathParameters: { id: conv.id },
        body: { text: 'hi', clientMessageId: 'c-1' },
      }),
    );
    expectRetryLater(
      await invokeRoute('SendMessage', {
        token: w.customer.token,
        pathParameters: { id: conv.id },
        body: { text: 'hi' },
      }),
    );
    restore();
    restore = undefined;
    const log = await call('GET', `/v1/conversations/${conv.id}/messages`, { token: w.customer.token });
    expect(log.body.items.map((m: { seq: number }) => m.seq)).toEqual([1]);
    // The client's retry with the same clientMessageId then succeeds once.
    expect(
      (
        await call('POST', `/v1/conversations/${conv.id}/messages`, {
          token: w.customer.token,
          body: { text: 'hi', clientMessageId: 'c-1' },
        })
      ).status,
    ).toBe(201);
  });

  it('marking read', async () => {
    const w = await newWorld();
    const conv = await w.openProductConversation();
    // Every try finds the seller's member item changed under it (the stream applying messages): its condition fails.
    const [item] = await readMemberItems(w.tenant, conv.id, [w.seller.id]);
    restore = injectFaults((command, input) =>
      command === 'UpdateCommand' && input.Key?.SK === item!.SK
        ? Object.assign(
            new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
            {
              Item: marshall(item, { removeUndefinedValues: true }),
            },
          )
        : undefined,
    );
    expectRetryLater(
      await invokeRoute('MarkRead', { token: w.seller.token, pathParameters: { id: conv.id }, body: {} }),
    );
    restore();
    restore = undefined;
    expect((await call('GET', '/v1/unread', { token: w.seller.token })).body).toEqual({ total: 1, conversations: 1 });
  });
});
