import type { APIGatewayEventWebsocketRequestContextV2, Statement } from 'aws-lambda';
import type { WebSocketAuthorizerDef } from '#infra/routes/index';
import type { AuthorizerContextIn, WebSocketAuthorizerEvent, WebSocketAuthorizerResult } from '#shared/ws/ws-event';
import { lambdaContext, loadHandler } from './load-handler';

/** The upgrade request as the authorizer sees it. */
export interface UpgradeRequest {
  query: Record<string, string>;
  headers: Record<string, string>;
  requestContext: APIGatewayEventWebsocketRequestContextV2;
}

/** Admitted, with what every event of the connection carries as `requestContext.authorizer`; or refused. */
export type Admission =
  | { admitted: true; context: AuthorizerContextIn }
  | { admitted: false; status: number; body: string };

/**
 * What API Gateway does with the Lambda REQUEST authorizer of $connect: a request lacking an identity source is
 * refused with 401 without running it; the function failing with `Unauthorized` is 401, a policy that does not allow
 * `execute-api:Invoke` on the method ARN is 403, any other failure (or a context that is not flat) is 500.
 * Otherwise its context, every value turned into a string, plus `principalId`, is what $connect and every later
 * frame and $disconnect get as `requestContext.authorizer`.
 */
export const admit = async (def: WebSocketAuthorizerDef, request: UpgradeRequest): Promise<Admission> => {
  if (!def.identitySource.every((source) => hasIdentitySource(source, request))) return refused(401, 'Unauthorized');
  const { apiId, stage } = request.requestContext;
  const methodArn = `arn:aws:execute-api:local:000000000000:${apiId}/${stage}/$connect`;
  const event: WebSocketAuthorizerEvent = {
    type: 'REQUEST',
    methodArn,
    headers: request.headers,
    queryStringParameters: request.query,
    requestContext: request.requestContext,
  };
  let result: WebSocketAuthorizerResult;
  try {
    const handler = await loadHandler(def.entry);
    result = (await handler(event, lambdaContext(def.name))) as WebSocketAuthorizerResult;
  } catch (error) {
    if ((error as Error | undefined)?.message === 'Unauthorized') return refused(401, 'Unauthorized');
    console.error('local authorizer error', error);
    return refused(500, 'Internal server error');
  }
  const context = contextForEvents(result);
  if (!context) {
    console.error('local authorizer error: not a policy with a flat context', result);
    return refused(500, 'Internal server error');
  }
  return allows(result.policyDocument?.Statement, methodArn) ? { admitted: true, context } : refused(403, 'Forbidden');
};

const refused = (status: number, message: string): Admission => ({
  admitted: false,
  status,
  body: JSON.stringify({ message }),
});

/** `route.request.querystring.<name>` or `route.request.header.<name>` must be there, not empty. */
const hasIdentitySource = (source: string, request: UpgradeRequest) => {
  const [, where, name] = /^route\.request\.(querystring|header)\.(.+)$/.exec(source) ?? [];
  if (!where || !name) return true; // stage variables and context values are not the client's to leave out
  const value = where === 'querystring' ? request.query[name] : request.headers[name.toLowerCase()];
  return value !== undefined && value !== '';
};

/** An authorizer's result as API Gateway passes it on to the connection's events: flat, every value a string, with the principal. */
export const contextForEvents = (result: WebSocketAuthorizerResult | undefined): AuthorizerContextIn | undefined => {
  if (typeof result?.principalId !== 'string') return undefined;
  const context: AuthorizerContextIn = { principalId: result.principalId };
  for (const [key, value] of Object.entries(result.context ?? {})) {
    if (value === null || value === undefined) continue;
    if (!['string', 'number', 'boolean'].includes(typeof value)) return undefined;
    context[key] = String(value);
  }
  return context;
};

/** IAM's rule: an explicit Deny of the method wins, else some Allow of it is needed. */
const allows = (statements: Statement[] | undefined, methodArn: string) => {
  const applying = (statements ?? []).filter(
    (s) =>
      'Action' in s &&
      [s.Action].flat().some((a) => matches(a, 'execute-api:Invoke')) &&
      'Resource' in s &&
      [s.Resource].flat().some((r) => r !== undefined && matches(r, methodArn)),
  );
  return !applying.some((s) => s.Effect === 'Deny') && applying.some((s) => s.Effect === 'Allow');
};

const matches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
