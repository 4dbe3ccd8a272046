import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as authorize } from '#functions/ws/authorize';
import { handler as connect } from '#functions/ws/connect';
import { handler as ping } from '#functions/ws/ping';
import { handler as typing } from '#functions/ws/typing';
import { erasedUserItem } from '#shared/catalog/items/erased-user';
import { connectionsOf } from '#shared/realtime/connections';
import { db, setDb } from '#shared/table/client';
import { userMember } from '#shared/table/keys';
import type { WebSocketAuthorizerEvent } from '#shared/ws/ws-event';
import { tokenFor } from '#test/support/auth/tokens';
import { recordCommands } from '#test/support/dynamo/command-log';
import { findConnection } from '#test/support/realtime/registry';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';
import { frameEvent } from '#test/support/ws/frame-event';

afterEach(async () => {
  setDb(undefined);
  await closeAllWs();
});

const CONNECT_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/$connect';

/** What API Gateway hands the $connect authorizer for `?token=`. */
const upgrade = (token?: string): WebSocketAuthorizerEvent => ({
  type: 'REQUEST',
  methodArn: CONNECT_ARN,
  queryStringParameters: token === undefined ? {} : { token },
  requestContext: {
    routeKey: '$connect',
    eventType: 'CONNECT',
    connectionId: 'new=',
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
    stage: 'v1',
    apiId: 'abc123',
    messageId: 'm',
    extendedRequestId: 'r',
    requestId: 'r',
    messageDirection: 'IN',
    connectedAt: Date.now(),
    requestTime: new Date().toUTCString(),
    requestTimeEpoch: Date.now(),
  },
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'admitted',
    (error: Error) => error.message,
  );

describe('the $connect authorizer', () => {
  it('allows the connect ARN and hands over who the token is for, with its exp, as flat context values', async () => {
    const w = await newWorld();
    const token = await tokenFor({
      sub: 'cust-1',
      role: 'customer',
      tenant: w.tenant,
      name: 'Cleo',
      email: 'c@x.test',
    });
    const result = await authorize(upgrade(token));
    expect(result).toEqual({
      principalId: 'cust-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: CONNECT_ARN }],
      },
      context: {
        tenant: w.tenant,
        userId: 'cust-1',
        role: 'customer',
        name: 'Cleo',
        email: 'c@x.test',
        issuedAt: expect.any(Number),
        tokenExpiresAt: expect.any(Number),
      },
    });
  });

  it('fails with "Unauthorized" (API Gateway: 401) for a missing, bad or expired token and one issued before an erasure', async () => {
    const w = await newWorld();
    const expired = await tokenFor({ sub: 'cust-1', role: 'customer', tenant: w.tenant }, -10);
    const beforeErasure = await tokenFor({ sub: 'gone-1', role: 'customer', tenant: w.tenant });
    const mark = erasedUserItem(w.tenant, 'gone-1', Date.now() + 1_000);
    await db().send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: mark }));
    for (const token of [undefined, '', 'not-a-jwt', expired, beforeErasure])
      expect(await refusal(authorize(upgrade(token))), String(token)).toBe('Unauthorized');
  });
});

describe('who sends a frame', () => {
  it('is read from the authorizer context API Gateway hands every frame: a ping sends no DynamoDB command', async () => {
    const w = await newWorld();
    const socket = await connectWs(w.customer.token);
    const [connection] = await connectionsOf(w.tenant, [userMember(w.customer.id)]);
    const commands = recordCommands();
    await ping(frameEvent(connection!, { action: 'ping' }));
    expect(await socket.next()).toEqual({ type: 'pong' });
    expect(commands).toEqual([]);
  });

  it('typing names the context’s user to the other side; its only reads are the conversation and the recipients', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation();
    const seller = await connectWs(w.seller.token);
    await connectWs(w.customer.token);
    const [connection] = await connectionsOf(w.tenant, [userMember(w.customer.id)]);
    const commands = recordCommands();
    await typing(frameEvent(connection!, { action: 'typing', conversationId: id }));
    expect(await seller.next({ type: 'typing' })).toEqual({ type: 'typing', conversationId: id, userId: 'cust-1' });
    expect(new Set(commands)).toEqual(new Set(['QueryCommand']));
  });

  it('is nobody without a context (no authorizer ran): the frame gets a 401 error event, and $connect registers nothing', async () => {
    const w = await newWorld();
    const socket = await connectWs(w.customer.token);
    const [connection] = await connectionsOf(w.tenant, [userMember(w.customer.id)]);
    const { authorizer, ...bare } = frameEvent(connection!, { action: 'ping' }).requestContext;
    expect(authorizer).toBeDefined();
    await ping({ ...frameEvent(connection!, { action: 'ping' }), requestContext: bare });
    expect(await socket.next()).toMatchObject({ type: 'error', status: 401, title: 'Unauthorized' });

    const result = await connect({
      ...frameEvent(connection!, {}),
      requestContext: { ...bare, routeKey: '$connect', eventType: 'CONNECT', connectionId: 'unauthorized=' },
    });
    expect(result.statusCode).toBe(401);
    expect(await findConnection('unauthorized=')).toBeUndefined();
  });
});
