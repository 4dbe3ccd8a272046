/** The roles a token may carry (API.md "Identity and tenancy"); a module of its own, so reading one pulls in no schema. */
export const ROLES = ['customer', 'seller', 'agent', 'guest', 'service'] as const;
export type Role = (typeof ROLES)[number];
