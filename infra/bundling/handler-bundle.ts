import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BuildOptions, type BuildResult, buildSync } from 'esbuild';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Built-ins that a bundle imports at init but no handler uses on its path: their shim loads the module when one of
 * its exports is first read. `stream/web` comes with @middy/core, for its streamed responses (we stream none), and
 * loading it costs about 1–2 ms of CPU at every cold start.
 */
const LAZY_BUILTINS = new Set(['stream/web']);

/** The module's exports, each a getter that loads it at first read (their names are the build machine's Node's). */
const lazyShim = (bare: string) => {
  const load = `process.getBuiltinModule(${JSON.stringify(`node:${bare}`)})`;
  const getters = Object.keys(process.getBuiltinModule(`node:${bare}`)!).map(
    (key) => `  ${JSON.stringify(key)}: { enumerable: true, get: () => load()[${JSON.stringify(key)}] },`,
  );
  return [
    `let m;`,
    `const load = () => (m ??= ${load});`,
    `module.exports = Object.defineProperties({}, {`,
    ...getters,
    `});`,
    '',
  ].join('\n');
};

/**
 * Node's built-in modules, each through a one-line CommonJS module: `module.exports = process.getBuiltinModule(…)`,
 * for `node:x` and `x` alike. An ESM `import … from 'node:http'` makes Node build the module's whole namespace,
 * reading every export, and on Node 24 one of http's exports is a getter (WebSocket) that loads undici, Node's
 * fetch: about 40 ms of CPU at every cold start, for a module the SDK only needs for its Agent (crypto's webcrypto
 * getter and others add a few more). Reached this way, a built-in costs what it costs to load, its exports are read
 * when used, and no bundle needs `require` (CommonJS dependencies' require('x') of a built-in lands here too).
 * bundleHandler writes the shims to a temporary folder (writeBuiltinShims).
 */
const BUILTIN_SHIMS = builtinModules.map((name) => {
  const bare = name.replace(/^node:/, '');
  const lazy = LAZY_BUILTINS.has(bare);
  return {
    // Some built-ins exist only with the prefix (node:test, node:sea, node:sqlite).
    specifiers: name.startsWith('node:') ? [name] : [`node:${bare}`, bare],
    // A lazy shim has a name of its own: the folder is shared by every checkout on the machine.
    file: join(tmpdir(), 'handler-bundling-builtins', `${bare.replaceAll('/', '__')}${lazy ? '.lazy' : ''}.cjs`),
    code: lazy ? lazyShim(bare) : `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${bare}`)});\n`,
  };
});

let shimsWritten = false;
const writeBuiltinShims = () => {
  if (shimsWritten) return;
  mkdirSync(dirname(BUILTIN_SHIMS[0]!.file), { recursive: true });
  for (const { file, code } of BUILTIN_SHIMS) if (readIfExists(file) !== code) writeFileSync(file, code);
  shimsWritten = true;
};

const readIfExists = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * How every handler is bundled, by CDK (HandlerFunction) and by the bench alike: one minified, tree-shaken ESM
 * bundle per entry, the AWS SDK included (loading the runtime's full SDK packages from disk costs more init time
 * than the few commands a handler uses, tree-shaken; the bench measures both). What a cold start pays for is what
 * it parses and runs, so:
 * - `splitting`: code reached only through `await import()` (phone-number metadata for masking, the S3 client for
 *   attachments, the MIME composer, Secrets Manager for the first token check) goes to files under lazy/, read
 *   when an invocation first needs them; index.mjs and the chunks it imports are what init loads;
 * - built-ins through process.getBuiltinModule (BUILTIN_SHIMS), never as ES modules;
 * - Lambda's own credentials instead of the SDK's default chain (lambda-credentials.ts).
 * `module` before `main`: the packages' ES modules, which tree-shake.
 */
export const HANDLER_BUNDLING = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: false,
  splitting: true,
  entryNames: 'index',
  chunkNames: 'lazy/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  mainFields: ['module', 'main'],
  alias: {
    ...Object.fromEntries(BUILTIN_SHIMS.flatMap(({ specifiers, file }) => specifiers.map((s) => [s, file]))),
    '@aws-sdk/credential-provider-node': join(REPO_ROOT, 'infra', 'bundling', 'lambda-credentials.ts'),
  },
  logLevel: 'error',
} satisfies BuildOptions;

/**
 * Bundles one handler entry (a path from the repo root) into `outdir`: index.mjs (exporting `handler`) and lazy/.
 * `overrides` are for the bench's what-if rows only.
 */
export const bundleHandler = (
  entry: string,
  outdir: string,
  overrides: BuildOptions = {},
): BuildResult<{ metafile: true }> => {
  writeBuiltinShims();
  return buildSync({
    ...HANDLER_BUNDLING,
    ...overrides,
    entryPoints: { index: join(REPO_ROOT, entry) },
    outdir,
    metafile: true,
  });
};
