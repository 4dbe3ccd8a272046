import { authorizeConnection } from '#shared/ws/authorizer';

/** The $connect authorizer: verify `?token=` once; who it is for travels with the connection to every frame. */
export const handler = authorizeConnection;
