import { closeConnection } from '#shared/realtime/lifecycle';

/** $disconnect: remove the connection from the registry. */
export const handler = closeConnection;
