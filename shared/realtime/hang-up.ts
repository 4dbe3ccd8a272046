import { DeleteConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { logger } from '#shared/observability/logger';
import { managementClient } from './management-client';

/**
 * Closes a WebSocket connection through @connections DELETE (API Gateway then runs $disconnect). Never throws:
 * Gone means it closed already; any other failure is logged, and the caller has removed it from the registry,
 * so it receives nothing more until it closes.
 */
export const hangUp = async (connectionId: string) => {
  try {
    await managementClient()?.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'GoneException')
      logger.warn('Could not close a connection', { error: error as Error, connectionId });
  }
};
