import { getConnection } from '#shared/realtime/items/connection';
import { type ConnectionRecord, isExpired } from '#shared/realtime/model';

/**
 * The registered record of a connection id, strongly consistent, also once its token has expired: what the tests
 * inspect. No frame reads it: frames learn their sender from the $connect authorizer's context (shared/ws/session.ts).
 */
export const findConnection = async (connectionId: string): Promise<ConnectionRecord | undefined> => {
  const item = await getConnection(connectionId);
  return item && !isExpired(item, Date.now()) ? item : undefined;
};
