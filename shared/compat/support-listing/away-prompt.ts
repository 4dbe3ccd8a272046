import type { Identity } from '#shared/auth/identity';

export const ADMIN_AWAY_MESSAGE =
  'Our support team is away right now. Leave us a message and we will reply as soon as we are back.';

/**
 * "If an admin is away, a prompt will be shown in the chat to inform users" (seed 002): `is_allAdminIdle` as
 * newChat answers it (no agent online), `show_admin_away_prompt` when a customer's app should show the prompt
 * (never to agents), and the prompt's text.
 */
export const awayPrompt = (allAgentsIdle: boolean, viewer: Identity) => ({
  is_allAdminIdle: allAgentsIdle,
  show_admin_away_prompt: allAgentsIdle && viewer.role !== 'agent',
  admin_away_message: ADMIN_AWAY_MESSAGE,
});
