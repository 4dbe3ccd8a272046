import type { AuthorizerContextIn } from '#shared/ws/ws-event';

/** An event one of the probe's routes was given, as the gateway built it. */
export interface ProbeEvent {
  routeKey: string;
  connectionId: string;
  authorizer: AuthorizerContextIn | undefined;
}

const store = globalThis as { __wsProbe?: { events: ProbeEvent[]; authorized: number } };

/** What the probe saw in this process: the route events, and how often the authorizer ran. */
export const probe = () => (store.__wsProbe ??= { events: [], authorized: 0 });

type ProbeInput =
  | { type: 'REQUEST'; methodArn: string; queryStringParameters?: Record<string, string> }
  | { type?: undefined; requestContext: { routeKey: string; connectionId: string; authorizer?: AuthorizerContextIn } };

const policy = (Effect: 'Allow' | 'Deny', Resource: string) => ({
  principalId: 'probe-user',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }] },
});

/**
 * The gateway tests' authorizer and route in one handler (loaded by entry like any route). As authorizer it does
 * what `?mode=` says: refuse, deny, allow elsewhere, fail, return a nested context, or (else) allow with a context
 * of a string, a number and a boolean. As a route it records the event and answers 200.
 */
export const handler = async (event: ProbeInput): Promise<unknown> => {
  if (event.type !== 'REQUEST') {
    const { routeKey, connectionId, authorizer } = event.requestContext;
    probe().events.push({ routeKey, connectionId, authorizer });
    return { statusCode: 200 };
  }
  probe().authorized += 1;
  switch (event.queryStringParameters?.mode) {
    case 'refuse':
      throw new Error('Unauthorized');
    case 'fail':
      throw new Error('the authorizer itself broke');
    case 'deny':
      return policy('Deny', event.methodArn);
    case 'elsewhere':
      return policy('Allow', 'arn:aws:execute-api:local:000000000000:other/local/$connect');
    case 'nested':
      return { ...policy('Allow', event.methodArn), context: { nested: { not: 'flat' } } };
    default:
      return { ...policy('Allow', event.methodArn), context: { who: 'probe', n: 7, ok: true } };
  }
};
