import { pingAction } from '#shared/realtime/actions';
import { wsAction } from '#shared/realtime/ws-action';

/** ping → pong. Also counts as activity (agent presence; wsAction records it). */
export const handler = wsAction(pingAction, async ({ reply }) => {
  await reply({ type: 'pong' });
});
