import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A 96×96 light-grey PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAABgCAIAAABt+uBvAAAAjklEQVR42u3QMQ0AAAgDsPn3STgwgQNOriZV0FQPhygQJEiQIEGCBAlCkCBBggQJEiQIQYIECRIkSJAgBAkSJEiQIEGCBCFIkCBBggQJEoQgQYIECRIkSBCCBAkSJEiQIEGCECRIkCBBggQJQpAgQYIECRIkCEGCBAkSJEiQIEEIEiRIkCBBggQhSJCgPws2P8GwqjG/RwAAAABJRU5ErkJggg==';

/**
 * GET /api/v2/chat/placeholder.png (seed 003): the image `shop_logo` points at when the shop has no logo, as the
 * platform's `uploaded_asset()` points at its placeholder. Public (an image widget sends no token) and static.
 */
export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' },
  isBase64Encoded: true,
  body: PNG,
});
