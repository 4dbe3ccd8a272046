import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequest, PayloadTooLarge } from '../errors';

export const MAX_BODY_BYTES = 64 * 1024;

/** The request body as a JSON object: 413 over 64 KiB, 400 when not JSON or not an object; empty → {}. */
export const readJsonObject = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Record<string, unknown> => {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequest('The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest('The body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
};
