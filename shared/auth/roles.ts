import { Forbidden } from '#shared/errors';
import { ROLES, type Role } from './identity';

/** Who may call which family of routes. */
export const PARTICIPANT_ROLES: readonly Role[] = ['customer', 'seller', 'agent', 'guest'];
export const SERVICE_ROLES: readonly Role[] = ['service'];
export const AGENT_ROLES: readonly Role[] = ['agent'];
export const ANY_ROLE: readonly Role[] = ROLES;

/**
 * Who may open which kind of conversation (API.md "Who may open what"): the one rule of every opening path, core
 * and dialects alike.
 * - `product`: a buyer's question to the product's seller: customers and guests. A seller asking about a product
 *   (their own or another shop's) is not what a product conversation is: 403.
 * - `direct`: with a user named by id (e.g. about an order): customers, and sellers towards their customers.
 *   Never guests: an anonymous caller must not reach any user id it knows (403).
 * - `support`: with the tenant's support team: customers and guests.
 * The opening use case enforces it: every opening plan checks it first, before reading anything
 * (shared/chat/opening-plans.ts `openingParty`), and openConversation checks it again on the plan it is given. A
 * route admits at most the roles that may open one of the kinds it opens (`openerRoles`).
 */
export const OPENERS = {
  product: ['customer', 'guest'],
  direct: ['customer', 'seller'],
  support: ['customer', 'guest'],
} as const satisfies Record<string, readonly Role[]>;
export type OpeningKind = keyof typeof OPENERS;

/** The roles that may open at least one of `kinds`: the roles of a route that opens those kinds. */
export const openerRoles = (...kinds: OpeningKind[]): readonly Role[] =>
  ROLES.filter((role) => kinds.some((kind) => mayOpen(role, kind)));

export const mayOpen = (role: Role, kind: OpeningKind): boolean => (OPENERS[kind] as readonly Role[]).includes(role);

const REFUSALS: Record<OpeningKind, string> = {
  product: 'Only customers and guests open conversations about a product.',
  direct:
    'Only customers and sellers open conversations with another user; guests may contact a seller about a product, or support.',
  support: 'Only customers and guests open support conversations.',
};

/** 403 unless the caller's role may open a conversation of this kind. */
export const requireOpener = (role: Role, kind: OpeningKind): void => {
  if (!mayOpen(role, kind)) throw new Forbidden(REFUSALS[kind]);
};
