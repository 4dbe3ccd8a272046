import type { HttpRouteDef } from './types';

/** Drop-in routes of the storefront chat dialects (the compatibility issue fills this in). */
export const compatRoutes: HttpRouteDef[] = [];
