import { ROLES, type Role } from './identity';

/** Who may call which family of routes. */
export const PARTICIPANT_ROLES: readonly Role[] = ['customer', 'seller', 'agent', 'guest'];
export const OPENER_ROLES: readonly Role[] = ['customer', 'guest'];
export const SERVICE_ROLES: readonly Role[] = ['service'];
export const AGENT_ROLES: readonly Role[] = ['agent'];
/** Who moderates a tenant's chat: its support agents and its back office (the storefront's service). */
export const MODERATOR_ROLES: readonly Role[] = ['agent', 'service'];
export const ANY_ROLE: readonly Role[] = ROLES;
