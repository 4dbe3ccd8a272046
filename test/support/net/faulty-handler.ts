/**
 * A handler that fails the way a buggy handler can, for the gateway tests' own route lists (loaded by entry like
 * any route). What it does is named by the HTTP path, the WebSocket frame, or `?mode=` on $connect.
 */
export const handler = (event: {
  rawPath?: string;
  body?: string;
  queryStringParameters?: Record<string, string>;
  requestContext: { routeKey: string };
}): Promise<unknown> => {
  const mode = event.rawPath?.slice(1) ?? event.queryStringParameters?.mode ?? event.body ?? '';
  if (event.requestContext.routeKey === '$disconnect') throw new Error('fails in $disconnect');
  switch (mode) {
    case 'throws':
      throw new Error('fails synchronously'); // not even a rejected promise: a plain throw
    case 'rejects':
      return Promise.reject(new Error('fails asynchronously'));
    case 'no-result':
      return Promise.resolve(undefined);
    case 'bad-status':
      return Promise.resolve({ statusCode: 'not a number', body: 'x' });
    case 'bad-body':
      return Promise.resolve({ statusCode: 200, body: { not: 'a string' } });
    default:
      return Promise.resolve({ statusCode: 200, body: 'fine' });
  }
};
