import { slotConnections } from '#shared/realtime/items/connection';
import { userMember } from '#shared/table/keys';
import { removeConnection } from './connections';
import { hangUp } from './hang-up';

/**
 * Ends every WebSocket session of a user in a tenant (an erasure): each connection is removed from the registry
 * (nothing more is pushed to it, and its items, which hold the user's name and address, are gone) and then closed.
 * One Query of the user's own slot finds them all: an agent's connections are in it too. Idempotent: a second
 * call finds none. Returns how many were open.
 */
export const closeSessionsOf = async (tenant: string, userId: string): Promise<number> => {
  // Strongly consistent: a connection registered before the erasure's mark was written is found (lifecycle.ts).
  const connections = await slotConnections(tenant, userMember(userId), { consistent: true });
  await Promise.all(
    connections.map(async (connection) => {
      await removeConnection(connection);
      await hangUp(connection.connectionId);
    }),
  );
  return connections.length;
};
