import { describe, expect, it } from 'vitest';
import { committedTypes, generateTypes } from '#client/codegen/generate';

describe('client REST types', () => {
  it('client/generated/openapi.ts is what docs/openapi.yaml generates (else: npm run -s generate:client)', async () => {
    const [fresh, committed] = await Promise.all([generateTypes(), committedTypes()]);
    expect(committed === fresh, 'stale: run `npm run -s generate:client` and commit client/generated/openapi.ts').toBe(
      true,
    );
  });
});
