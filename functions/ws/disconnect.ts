import { closeConnection } from '#shared/ws/lifecycle';

/** $disconnect: remove the connection from the registry. */
export const handler = closeConnection;
