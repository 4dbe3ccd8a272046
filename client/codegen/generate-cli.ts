import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GENERATED_TYPES, generateTypes } from './generate';

/** `npm run -s generate:client`: rewrites client/generated/openapi.ts from docs/openapi.yaml. */
await writeFile(GENERATED_TYPES, await generateTypes());
console.log(`wrote ${fileURLToPath(GENERATED_TYPES)}`);
