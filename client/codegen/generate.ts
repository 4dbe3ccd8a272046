import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The REST types of the client, generated from the public contract's description (docs/openapi.yaml) by
 * openapi-typescript: never written by hand, and a test fails when the committed file is stale.
 * A build tool (Node only); nothing of the library imports it.
 */
export const OPENAPI_DOCUMENT = new URL('../../docs/openapi.yaml', import.meta.url);
export const GENERATED_TYPES = new URL('../generated/openapi.ts', import.meta.url);

const HEADER = `/**
 * Generated from docs/openapi.yaml by openapi-typescript (\`npm run -s generate:client\`). Do not edit by hand:
 * change the document and regenerate; test/unit/client/generated-types.test.ts fails while this file is stale.
 */
`;

export const generateTypes = async (): Promise<string> => {
  return HEADER + astToString(await openapiTS(OPENAPI_DOCUMENT));
};

export const committedTypes = () => readFile(GENERATED_TYPES, 'utf8');
