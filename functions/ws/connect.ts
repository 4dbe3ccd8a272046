import { acceptConnection } from '#shared/ws/lifecycle';

/** $connect: verify `?token=`, register the connection; 401 refuses the upgrade. */
export const handler = acceptConnection;
