import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequest, PayloadTooLarge } from '#shared/errors';

export const MAX_BODY_BYTES = 64 * 1024;

/** What an input is called in its 400s, and whether empty input means {} (an HTTP body) or is not JSON. */
export interface JsonObjectRules {
  emptyIsObject: boolean;
  notJson: string;
  notObject: string;
}

const HTTP_BODY: JsonObjectRules = {
  emptyIsObject: true,
  notJson: 'The body is not valid JSON.',
  notObject: 'The body must be a JSON object.',
};

/**
 * A request body (or, with its own rules, a WebSocket frame) as a JSON object: 413 over 64 KiB, 400 when not JSON
 * or not an object; an empty body is {}.
 */
export const readJsonObject = (
  input: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
  rules: JsonObjectRules = HTTP_BODY,
): Record<string, unknown> => {
  if (rules.emptyIsObject && (input.body === undefined || input.body === null || input.body === '')) return {};
  const raw = Buffer.from(input.body ?? '', input.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequest(rules.notJson);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest(rules.notObject);
  return parsed as Record<string, unknown>;
};
