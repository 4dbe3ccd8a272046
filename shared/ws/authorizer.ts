import { verifyTokenWithExpiry } from '#shared/auth/verify-token';
import { refuseIfErased } from '#shared/catalog/items/erased-user';
import { Unauthorized } from '#shared/errors';
import { logger } from '#shared/observability/logger';
import { sessionContext } from './session';
import type { WebSocketAuthorizerEvent, WebSocketAuthorizerResult } from './ws-event';

/**
 * API Gateway answers the upgrade with 401 when its authorizer fails with exactly this message (a Deny policy would
 * be 403): the contract refuses a bad token with 401.
 */
const REFUSED = 'Unauthorized';

/**
 * The $connect authorizer: the token from `?token=` (browsers cannot set headers on a WebSocket) is verified once,
 * and who it is for becomes the policy's `context`, which API Gateway hands to $connect and to every later frame of
 * the connection (session.ts), so no frame reads the registry to learn its sender. A bad token, or one issued
 * before its user's erasure, is refused: 401 on the upgrade. Any other failure (the identity provider's keys
 * unreachable, the table) is thrown as it is, which API Gateway answers with 500. Reads only; nothing to repeat.
 */
export const authorizeConnection = async (event: WebSocketAuthorizerEvent): Promise<WebSocketAuthorizerResult> => {
  try {
    const token = event.queryStringParameters?.token;
    if (!token) throw new Unauthorized('Connect with ?token=<JWT>.');
    const verified = await verifyTokenWithExpiry(token);
    await refuseIfErased(verified.identity);
    return {
      principalId: verified.identity.userId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { ...sessionContext(verified) },
    };
  } catch (error) {
    if (!(error instanceof Unauthorized)) {
      logger.error('The WebSocket authorizer failed', { error: error as Error });
      throw error;
    }
    logger.info('WebSocket connection refused', { reason: error.detail });
    throw new Error(REFUSED);
  }
};
