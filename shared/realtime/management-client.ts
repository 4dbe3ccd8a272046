import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { config } from '#shared/config';

let cached: { endpoint: string; client: ApiGatewayManagementApiClient } | undefined;

/**
 * The @connections client of the WebSocket API, or undefined when there is none. Locally the endpoint is the
 * local gateway, which speaks the same protocol, so this is the real client either way.
 */
export const managementClient = (): ApiGatewayManagementApiClient | undefined => {
  const endpoint = config.wsManagementEndpoint;
  if (!endpoint) return undefined;
  if (cached?.endpoint !== endpoint)
    cached = { endpoint, client: new ApiGatewayManagementApiClient({ endpoint, maxAttempts: 2 }) };
  return cached.client;
};
