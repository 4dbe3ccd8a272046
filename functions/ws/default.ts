import { BadRequest } from '#shared/errors';
import { CLIENT_ACTIONS, unknownAction } from '#shared/ws/actions';
import { wsAction } from '#shared/ws/ws-action';

const known = CLIENT_ACTIONS.join(', ');

/** $default: a frame that matched no action (bad JSON and non-objects are answered by wsAction with 400 already). */
export const handler = wsAction(unknownAction, async ({ body }) => {
  const named = typeof body.action === 'string' && body.action.length <= 64 ? ` "${body.action}"` : '';
  throw new BadRequest(
    body.action === undefined
      ? `A frame needs an "action": one of ${known}.`
      : `Unknown action${named}; use one of ${known}.`,
  );
});
