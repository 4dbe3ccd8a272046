import { pingAction } from '#shared/ws/actions';
import { wsAction } from '#shared/ws/ws-action';

/** ping → pong. Also counts as activity (agent presence; wsAction records it). */
export const handler = wsAction(pingAction, async ({ reply }) => {
  await reply({ type: 'pong' });
});
