import type { HttpRouteDef } from './types';

/** Support chat, guests and agent presence (the real-time issue fills this in). */
export const supportRoutes: HttpRouteDef[] = [];
