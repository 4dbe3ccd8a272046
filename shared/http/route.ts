import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Identity, Role } from '#shared/auth/identity';
import { NotFound } from '#shared/errors';
import { readJsonObject } from '#shared/input/json-body';
import type { ErrorFormat } from '#shared/input/problem-details';
import { parseOrThrow } from '#shared/input/validation';
import { authenticate, hasAuthorization } from './bearer';
import { problemJson } from './problem-json';

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Schema = z.ZodMiniType | undefined;
type Parsed<S extends Schema> = S extends z.ZodMiniType ? z.infer<S> : undefined;

interface RouteSpec<B extends Schema, Q extends Schema, P extends Schema> {
  /**
   * Roles that may call the route; `public` for routes without a token; `{ optional: roles }` where a token is
   * optional (a compatibility dialect's anonymous callers): without an Authorization header the identity is
   * undefined, with one it must be valid and of those roles.
   */
  roles: readonly Role[] | 'public' | { optional: readonly Role[] };
  body?: B;
  query?: Q;
  params?: P;
  /** The error body format: problem+json, unless a compatibility dialect documents its own. */
  errors?: ErrorFormat;
  /** A further check of the authenticated request before any input is read (e.g. a dialect's platform header). */
  guard?: (event: APIGatewayProxyEventV2, identity: Identity) => void | Promise<void>;
}

export interface RouteInput<B extends Schema, Q extends Schema, P extends Schema, I> {
  identity: I;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  event: APIGatewayProxyEventV2;
}

type IdentityFor<R> = R extends 'public'
  ? undefined
  : R extends { optional: readonly Role[] }
    ? Identity | undefined
    : Identity;

const identify = async (event: APIGatewayProxyEventV2, roles: RouteSpec<undefined, undefined, undefined>['roles']) => {
  if (roles === 'public') return undefined;
  if ('optional' in roles) return hasAuthorization(event) ? authenticate(event, roles.optional) : undefined;
  return authenticate(event, roles);
};

/**
 * The one middy stack of every HTTP handler: problem+json errors, bearer auth with role check,
 * JSON body (64 KiB), and zod validation of body, query and path, so handlers only hold their use case.
 * Every error, whatever its source, leaves through the one error format of the route.
 */
export const httpRoute = <
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
  R extends RouteSpec<B, Q, P>['roles'] = readonly Role[],
>(
  spec: RouteSpec<B, Q, P> & { roles: R },
  run: (input: RouteInput<B, Q, P, IdentityFor<R>>) => Promise<HttpResult>,
) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(problemJson(spec.errors))
    .handler(async (event) => {
      const identity = await identify(event, spec.roles);
      if (spec.guard && identity) await spec.guard(event, identity);
      const params = spec.params ? parsePath(spec.params, event.pathParameters ?? {}) : undefined;
      const query = spec.query ? parseOrThrow(spec.query, event.queryStringParameters ?? {}, 'query') : undefined;
      const body = spec.body ? parseOrThrow(spec.body, readJsonObject(event), 'body') : undefined;
      const result = await run({ identity, body, query, params, event } as RouteInput<B, Q, P, IdentityFor<R>>);
      return jsonResponse(result);
    });

export const jsonResponse = ({ status, body, headers }: HttpResult): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** A path segment that cannot be an id names nothing: 404, like any unknown resource. */
const parsePath = <S extends z.ZodMiniType>(schema: S, params: unknown): z.infer<S> => {
  const result = schema.safeParse(params);
  if (!result.success) throw new NotFound();
  return result.data;
};
