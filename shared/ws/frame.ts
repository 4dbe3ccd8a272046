import { type JsonObjectRules, readJsonObject } from '#shared/input/json-body';
import type { WebSocketEvent } from './ws-event';

const FRAME: JsonObjectRules = {
  emptyIsObject: false,
  notJson: 'The frame is not valid JSON.',
  notObject: 'A frame must be a JSON object such as {"action":"ping"}.',
};

/** A client frame as a JSON object, read like an HTTP body (413 over 64 KiB, 400 when not JSON or not an object); an empty frame is not JSON. */
export const readFrame = (event: Pick<WebSocketEvent, 'body' | 'isBase64Encoded'>): Record<string, unknown> =>
  readJsonObject(event, FRAME);
