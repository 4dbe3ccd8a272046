import { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { logger } from '#shared/observability/logger';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { removeConnection } from './connections';
import { managementClient } from './management-client';
import type { ConnectionRecord } from './model';

export interface PushOutcome {
  delivered: number;
  gone: number;
  failed: number;
}

/** Any server → client event: the chat's events are typed where they are built (chat/events). */
export interface PushEvent {
  type: string;
}

type Target = Pick<ConnectionRecord, 'connectionId' | 'tenant' | 'slots' | 'connectedAt'>;

/**
 * A connection still completing its handshake also answers Gone (API Gateway accepts posts only once $connect has
 * returned and the upgrade is done). Such a young connection is kept: if it never opens, $disconnect or the TTL
 * removes it.
 */
const HANDSHAKE_GRACE_MS = 10_000;

/**
 * Posts one event to each connection, all in parallel. A connection that is gone (GoneException) is removed from
 * the registry: exactly that connection, never the sender's. Any other failure is logged and swallowed, so a push
 * never fails the request that caused it. Delivery is at most once per call; events carry ids (message id and seq)
 * so a client can drop the duplicates a retried request may cause.
 */
export const pushTo = async (targets: Target[], event: PushEvent): Promise<PushOutcome> => {
  const outcome: PushOutcome = { delivered: 0, gone: 0, failed: 0 };
  const client = managementClient();
  if (!client || targets.length === 0) return outcome;
  const Data = Buffer.from(JSON.stringify(event));
  await Promise.all(
    targets.map(async (target) => {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: target.connectionId, Data }));
        outcome.delivered += 1;
      } catch (error) {
        if (isGone(error)) {
          outcome.gone += 1;
          await removeStale(target);
          return;
        }
        outcome.failed += 1;
        logger.warn('Push to a connection failed; the request goes on', {
          error: error as Error,
          connectionId: target.connectionId,
          event: event.type,
        });
      }
    }),
  );
  return outcome;
};

const isGone = (error: unknown) =>
  (error as { name?: string })?.name === 'GoneException' ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 410;

/** Counts StalePushes once per connection removed (a young one kept in its handshake grace is not stale). */
const removeStale = async (target: Target) => {
  if (Date.now() - Date.parse(target.connectedAt) < HANDSHAKE_GRACE_MS) return;
  try {
    await removeConnection(target);
    countMetric(METRIC.stalePushes);
  } catch (error) {
    logger.warn('Could not remove a stale connection; its TTL will', {
      error: error as Error,
      connectionId: target.connectionId,
    });
  }
};
