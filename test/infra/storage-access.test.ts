import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpRoutes, streamConsumers, webSocketRoutes } from '#infra/routes/index';
import { storageAccessUsedBy } from '#test/infra/support/storage-usage';

const functions = [
  ...httpRoutes.map((r) => ({ name: `${r.method} ${r.path}`, entry: r.entry, storage: r.storage ?? [] })),
  ...webSocketRoutes.map((r) => ({ name: `WebSocket ${r.routeKey}`, entry: r.entry, storage: r.storage ?? [] })),
  ...streamConsumers.map((c) => ({ name: `stream consumer ${c.name}`, entry: c.entry, storage: c.storage ?? [] })),
];

/**
 * The route list declares each function's use of the attachments bucket (its IAM policy and ATTACHMENTS_BUCKET are
 * built from it): it must match the S3 calls in its bundle, so a function that signs or reads is allowed to, and a
 * function that does not has no S3 permission at all (and loads no S3 client).
 */
describe('the declared attachments-bucket access of every function matches the S3 calls in its bundle', () => {
  it.each(functions)('$name', async ({ entry, storage }) => {
    expect(await storageAccessUsedBy(entry)).toEqual([...storage].sort());
  });
});

/**
 * package.json "sideEffects" tells esbuild which of our modules do something on import alone; every other module
 * that nothing uses is left out of a bundle, with its imports of the SDK (an unused send path's S3 client in a list
 * route, for one). So a module imported only for its effect must be listed there, or bundles would silently drop it.
 * The web front is listed whole (`./web/**`): its components define custom elements on import.
 */
describe('package.json "sideEffects"', () => {
  it('lists exactly the modules of ours that are imported for their side effects alone', () => {
    const root = join(import.meta.dirname, '..', '..');
    const files = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const imported = ['shared', 'functions', 'infra']
      .flatMap(files)
      .flatMap((file) =>
        [...readFileSync(join(root, file), 'utf8').matchAll(/^import ['"](\.[^'"]+)['"];?$/gm)].map(
          (m) => `./${join(dirname(file), `${m[1]}.ts`)}`,
        ),
      );
    const { sideEffects } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(imported.sort()).toEqual(sideEffects.filter((s: string) => s !== './web/**').sort());
    expect(sideEffects).toContain('./web/**');
  });
});
