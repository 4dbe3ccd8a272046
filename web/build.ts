import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
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
export const buildWeb = async (options: { minify?: boolean; config?: WebConfig } = {}): Promise<WebAssets> => {
  const result = await build({
    entryPoints: { widget: 'web/widget.ts', app: 'web/app.ts' },
    absWorkingDir: new URL('..', import.meta.url).pathname,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'linked',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(file.path.split('/').pop()!, file.contents);
  const text = new TextEncoder();
  for (const [name, html] of Object.entries(PAGES)) files.set(name, text.encode(html));
  if (options.config) files.set('config.json', text.encode(JSON.stringify(options.config, null, 2)));
  return { files };
};

/** Writes the assets to a folder (what the CDK hosting uploads). */
export const writeWeb = async (assets: WebAssets, folder: string) => {
  await mkdir(folder, { recursive: true });
  await Promise.all([...assets.files].map(([name, content]) => writeFile(join(folder, name), content)));
};
