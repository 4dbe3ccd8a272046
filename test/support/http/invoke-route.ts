import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext, loadHandler } from '#infra/local/load-handler';
import { httpRoutes } from '#infra/routes/index';

/**
 * Invokes a route's handler in this process (so faults injected into the table client reach it) with the
 * payload-2.0 event API Gateway would send. Everything else is real: the handler talks to DynamoDB Local.
 */
export const invokeRoute = async (
  name: string,
  request: {
    token: string;
    pathParameters?: Record<string, string>;
    body?: unknown;
    /** Further request headers (lower-case names, as API Gateway gives them), e.g. a dialect's x-public-key. */
    headers?: Record<string, string>;
  },
): Promise<{ status: number; headers: Record<string, string>; body: any }> => {
  const route = httpRoutes.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name}`);
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: route.path,
    rawQueryString: '',
    headers: { ...request.headers, authorization: `Bearer ${request.token}`, 'content-type': 'application/json' },
    ...(request.pathParameters && { pathParameters: request.pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: route.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    isBase64Encoded: false,
  };
  const handler = await loadHandler(route.entry);
  const result = (await handler(event, lambdaContext(name))) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: result.body ? JSON.parse(result.body) : undefined,
  };
};
