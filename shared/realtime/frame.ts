import { BadRequest, PayloadTooLarge } from '../errors';
import { MAX_BODY_BYTES } from '../http/json-body';
import type { WebSocketEvent } from './ws-event';

/** A client frame as a JSON object: 413 over 64 KiB (as over HTTP), 400 when not JSON or not an object. */
export const readFrame = (event: Pick<WebSocketEvent, 'body' | 'isBase64Encoded'>): Record<string, unknown> => {
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequest('The frame is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest('A frame must be a JSON object such as {"action":"ping"}.');
  }
  return parsed as Record<string, unknown>;
};
