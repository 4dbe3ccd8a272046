import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { lambdaContext } from '#infra/local/load-handler';
import { Conflict, TooManyRequests } from '#shared/errors';
import { httpRoute } from '#shared/http/route';
import { conversationPath, limit } from '#shared/input/schemas';
import { tokenFor } from '#test/support/auth/tokens';

const event = (overrides: Partial<APIGatewayProxyEventV2>) =>
  ({
    headers: {},
    requestContext: { requestId: 'req-1' },
    isBase64Encoded: false,
    ...overrides,
  }) as APIGatewayProxyEventV2;
const run = async (handler: ReturnType<typeof httpRoute>, e: APIGatewayProxyEventV2) => {
  const result = (await handler(e, lambdaContext('Test'))) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
};

describe('httpRoute: the one middy stack', () => {
  it('validates path, query and body, and names every bad field of each in one 422', async () => {
    const token = await tokenFor({ sub: 'u', role: 'customer' });
    const handler = httpRoute(
      {
        roles: ['customer'],
        params: conversationPath,
        query: z.object({ limit: limit(100, 20) }),
        body: z.object({ text: z.string(), nested: z.object({ n: z.number() }) }),
      },
      async ({ identity, params, query, body }) => ({ status: 200, body: { identity, params, query, body } }),
    );
    const ok = await run(
      handler,
      event({
        headers: { authorization: `Bearer ${token}` },
        pathParameters: { id: 'c-1' },
        queryStringParameters: { limit: '5' },
        body: '{"text":"t","nested":{"n":1},"junk":1}',
      }),
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(ok.json).toEqual({
      identity: { userId: 'u', role: 'customer', tenant: 'default', issuedAt: expect.any(Number) },
      params: { id: 'c-1' },
      query: { limit: 5 },
      body: { text: 't', nested: { n: 1 } },
    });

    const bad = await run(
      handler,
      event({
        headers: { authorization: `Bearer ${token}` },
        pathParameters: { id: 'c-1' },
        body: '{"text":1,"nested":{"n":"x"}}',
      }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json.errors).toEqual({ text: [expect.any(String)], 'nested.n': [expect.any(String)] });
    expect(bad.json.requestId).toBe('req-1');

    const badQuery = await run(
      handler,
      event({
        headers: { authorization: `Bearer ${token}` },
        pathParameters: { id: 'c-1' },
        queryStringParameters: { limit: '0' },
        body: '{}',
      }),
    );
    expect(Object.keys(badQuery.json.errors)).toEqual(['limit']);

    const badPath = await run(
      handler,
      event({ headers: { authorization: `Bearer ${token}` }, pathParameters: { id: 'a/b' }, body: '{}' }),
    );
    expect(badPath.statusCode).toBe(404);
  });

  it('turns HttpProblems into problem+json with their headers', async () => {
    const token = await tokenFor({ sub: 'u', role: 'customer' });
    for (const [error, status] of [
      [new Conflict('taken'), 409],
      [new TooManyRequests(3), 429],
    ] as const) {
      const res = await run(
        httpRoute({ roles: ['customer'] }, async () => {
          throw error;
        }),
        event({ headers: { authorization: `Bearer ${token}` } }),
      );
      expect(res.statusCode).toBe(status);
      expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json' });
      expect(res.json).toMatchObject({ type: 'about:blank', status, title: error.title, detail: error.detail });
    }
    const limited = await run(
      httpRoute({ roles: ['customer'] }, async () => {
        throw new TooManyRequests(3);
      }),
      event({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(limited.headers).toMatchObject({ 'Retry-After': '3' });
  });

  it('an unexpected error is a 500 whose body reveals nothing of it', async () => {
    const token = await tokenFor({ sub: 'u', role: 'customer' });
    const secret = new Error('ValidationException: arn:aws:dynamodb:eu-west-1:123456789012:table/chat key too long');
    const res = await run(
      httpRoute({ roles: ['customer'] }, async () => {
        throw secret;
      }),
      event({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(res.statusCode).toBe(500);
    expect(res.json).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: expect.any(String),
      requestId: 'req-1',
    });
    expect(res.body).not.toMatch(/ValidationException|arn:|123456789012|stack/);
  });

  it('authenticates before reading the body: no token → 401 even for a huge or broken body', async () => {
    const handler = httpRoute({ roles: ['customer'], body: z.object({}) }, async () => ({ status: 200 }));
    for (const body of ['x'.repeat(70_000), '{', '[]'])
      expect((await run(handler, event({ body }))).statusCode).toBe(401);
  });

  it('answers a 401 with the bearer challenge (RFC 6750), whatever is wrong with the token', async () => {
    const handler = httpRoute({ roles: ['customer'] }, async () => ({ status: 200 }));
    const expired = await tokenFor({ sub: 'u', role: 'customer' }, -5);
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: `Bearer ${expired}` }]) {
      const res = await run(handler, event({ headers }));
      expect(res.statusCode).toBe(401);
      expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'WWW-Authenticate': 'Bearer' });
    }
  });
});
