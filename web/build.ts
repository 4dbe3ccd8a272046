import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuildOptions, build, buildSync } from 'esbuild';
import type { WebConfig } from './config';
import { PAGES } from './pages';

export interface WebAssets {
  /** File name → content: widget.js, app.js (and their source maps), the pages, config.json if given. */
  files: Map<string, Uint8Array>;
}

/**
 * Bundles the web front with esbuild: `widget.js` (the embeddable widget, one self-contained ES module) and
 * `app.js` (inbox, support console, sign-in), plus the HTML pages; `config` becomes config.json.
 */
export const buildWeb = async (options: { minify?: boolean; config?: WebConfig } = {}): Promise<WebAssets> =>
  assets((await build(esbuildOptions(options.minify ?? true))).outputFiles, options.config);

/** The same, synchronously (CDK constructs are synchronous): the production build, minified, no config.json. */
export const buildWebSync = (): WebAssets => assets(buildSync(esbuildOptions(true)).outputFiles);

const esbuildOptions = (minify: boolean) =>
  ({
    entryPoints: { widget: 'web/widget.ts', app: 'web/app.ts' },
    absWorkingDir: new URL('..', import.meta.url).pathname,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: 'linked',
    legalComments: 'linked',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  }) satisfies BuildOptions;

const assets = (outputs: Array<{ path: string; contents: Uint8Array }>, config?: WebConfig): WebAssets => {
  const files = new Map<string, Uint8Array>();
  for (const file of outputs) files.set(file.path.split('/').pop()!, file.contents);
  const text = new TextEncoder();
  for (const [name, html] of Object.entries(PAGES)) files.set(name, text.encode(html));
  if (config) files.set('config.json', text.encode(JSON.stringify(config, null, 2)));
  return { files };
};

/** Writes the assets to a folder, synchronously (the CDK hosting's asset folder). */
export const writeWebSync = (web: WebAssets, folder: string) => {
  mkdirSync(folder, { recursive: true });
  for (const [name, content] of web.files) writeFileSync(join(folder, name), content);
};

/** Writes the assets to a folder (`npm run -s build:web`). */
export const writeWeb = async (assets: WebAssets, folder: string) => {
  await mkdir(folder, { recursive: true });
  await Promise.all([...assets.files].map(([name, content]) => writeFile(join(folder, name), content)));
};
