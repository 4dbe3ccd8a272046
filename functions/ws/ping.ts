import { pingAction } from '../../shared/realtime/actions';
import { wsAction } from '../../shared/realtime/ws-action';

/** ping → pong. Also keeps the connection "live" (wsAction records the activity). */
export const handler = wsAction(pingAction, async ({ reply }) => {
  await reply({ type: 'pong' });
});
