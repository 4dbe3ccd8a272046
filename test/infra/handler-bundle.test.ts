import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import type { Metafile } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleHandler } from '#infra/bundling/handler-bundle';
import { defaultProvider } from '#infra/bundling/lambda-credentials';
import { HandlerFunction } from '#infra/constructs/handler-function';
import { emailStreamHandler, httpRoutes, inboundMailHandler } from '#infra/routes/index';
import { testContext } from '#test/infra/support/deploy-context';

const freshDir = () => mkdtempSync(join(tmpdir(), 'handler-bundle-'));
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

/** The source files in the outputs that importing index.mjs loads (index.mjs and its static imports), and the rest. */
const inputsByLoading = (metafile: Metafile) => {
  const index = Object.keys(metafile.outputs).find((path) => path.endsWith('/index.mjs'))!;
  const atInit = new Set<string>();
  for (let pending = [index], path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (atInit.has(path)) continue;
    atInit.add(path);
    for (const i of metafile.outputs[path]!.imports)
      if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
  }
  const inputs = (loaded: boolean) =>
    Object.entries(metafile.outputs)
      .filter(([path]) => atInit.has(path) === loaded)
      .flatMap(([, output]) => Object.keys(output.inputs));
  return { init: inputs(true).join('\n'), lazy: inputs(false).join('\n') };
};

const entryOf = (name: string) => httpRoutes.find((r) => r.name === name)!.entry;

// Reports whether stdout was opened and web streams loaded by then: after the import (init), then after one call.
const COLD_START = [
  'let stdout = false; const own = Object.getOwnPropertyDescriptor(process, "stdout");',
  'Object.defineProperty(process, "stdout", { configurable: true, get() { stdout = true; return own.get.call(process); } });',
  'const now = () => ({ stdout, webStreams: process.moduleLoadList.includes("NativeModule stream/web") });',
  'const { handler } = await import(process.argv[1]); const init = now();',
  'const result = process.argv[2] === "call" ? await handler() : undefined;',
  'process.stdout.write(JSON.stringify({ init, result, called: now() }));',
].join(' ');

/** Imports a bundle in a fresh Node process, as a cold start does (and calls its handler once, if asked). */
const coldStart = async (outdir: string, call = false) => {
  const args = ['--input-type=module', '-e', COLD_START, pathToFileURL(join(outdir, 'index.mjs')).href];
  const { stdout } = await promisify(execFile)(process.execPath, call ? [...args, 'call'] : args, {
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as {
    init: { stdout: boolean; webStreams: boolean };
    result: unknown;
    called: { stdout: boolean; webStreams: boolean };
  };
};

describe('handler bundles (infra/bundling/handler-bundle.ts)', () => {
  it('are what CDK deploys: the asset of a HandlerFunction is bundleHandler’s output, lazy chunks included', () => {
    const entry = entryOf('SendMessage');
    const outdir = freshDir();
    const app = new App({ outdir, context: testContext({ 'aws:cdk:bundling-stacks': ['**'] }) });
    new HandlerFunction(new Stack(app, 'Bundled'), 'Send', entry);
    app.synth();
    const [asset] = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    const deployed = join(outdir, asset!);

    const built = freshDir();
    bundleHandler(entry, built);
    expect(files(deployed)).toEqual(files(built));
    expect(files(deployed)).toContain('index.mjs');
    expect(files(deployed).some((file) => file.startsWith('lazy/'))).toBe(true);
    for (const file of files(built))
      expect(readFileSync(join(deployed, file))).toEqual(readFileSync(join(built, file)));
  }, 120_000);

  it('load at init only what every invocation needs: masking, S3, Secrets Manager and MIME are lazy chunks', () => {
    const send = inputsByLoading(bundleHandler(entryOf('SendMessage'), freshDir()).metafile);
    for (const lazy of ['google-libphonenumber', '@aws-sdk/client-s3', '@aws-sdk/client-secrets-manager']) {
      expect(send.init).not.toContain(lazy);
      expect(send.lazy).toContain(lazy);
    }
    const email = inputsByLoading(bundleHandler(emailStreamHandler.entry, freshDir()).metafile);
    for (const lazy of ['nodemailer', '@aws-sdk/client-ses']) {
      expect(email.init).not.toContain(lazy);
      expect(email.lazy).toContain(lazy);
    }
    const inbound = inputsByLoading(bundleHandler(inboundMailHandler.entry, freshDir()).metafile);
    expect(inbound.init).not.toContain('html-to-text');
    expect(inbound.lazy).toContain('html-to-text');
  }, 60_000);

  it('never bundle the SDK’s credential chain, nor import a Node built-in as an ES module', () => {
    const outdir = freshDir();
    const { metafile } = bundleHandler(entryOf('PutSeller'), outdir);
    const inputs = Object.keys(metafile.inputs).join('\n');
    expect(inputs).not.toMatch(/credential-provider-(node|ini|sso|process|web-identity)|nested-clients/);
    expect(inputs).toContain('infra/bundling/lambda-credentials.ts');
    for (const file of files(outdir)) expect(readFileSync(join(outdir, file), 'utf8')).not.toMatch(/from\s*"node:/);
  }, 60_000);

  it('at init, neither open stdout (Powertools builds its logger and metrics at their first line) nor load web streams (middy’s, for streamed responses)', async () => {
    for (const name of ['PutSeller', 'SendMessage']) {
      const outdir = freshDir();
      bundleHandler(entryOf(name), outdir);
      expect((await coldStart(outdir)).init, name).toEqual({ stdout: false, webStreams: false });
    }
  }, 60_000);

  it('build only the shared schemas their handler uses: one it does not use is left out of the bundle', () => {
    const bundled = (name: string) => {
      const outdir = freshDir();
      bundleHandler(entryOf(name), outdir);
      return files(outdir)
        .map((file) => readFileSync(join(outdir, file), 'utf8'))
        .join('\n');
    };
    // The protocol rule of httpUrl (shared/input/schemas.ts), which PutSeller uses and GetUnread does not.
    expect(bundled('PutSeller')).toContain('/^https?$/');
    expect(bundled('GetUnread')).not.toContain('/^https?$/');
  }, 60_000);

  it('load a lazily shimmed built-in at the first read of one of its exports, and hand over the real one', async () => {
    const outdir = freshDir();
    bundleHandler('test/infra/fixtures/web-streams-handler.ts', outdir);
    const { init, result, called } = await coldStart(outdir, true);
    expect(init.webStreams).toBe(false);
    expect(result).toBe(true);
    expect(called.webStreams).toBe(true);
  }, 60_000);

  it('run code from a lazy chunk: masking loaded by await import() works in the bundle', async () => {
    const outdir = freshDir();
    const { metafile } = bundleHandler('test/infra/fixtures/lazy-mask-handler.ts', outdir);
    expect(inputsByLoading(metafile).init).not.toContain('google-libphonenumber');
    const { handler } = await import(pathToFileURL(join(outdir, 'index.mjs')).href);
    expect(await handler('call me on +1 415 555 2671 tomorrow')).toBe('call me on [hidden] tomorrow');
  }, 60_000);
});

describe('Lambda credentials in bundles (infra/bundling/lambda-credentials.ts)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('are the execution role’s, from the environment the Lambda runtime sets', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'token';
    delete process.env.AWS_CREDENTIAL_EXPIRATION;
    expect(await defaultProvider()()).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('fail clearly when the environment has none', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    await expect(defaultProvider()()).rejects.toThrow(/No AWS credentials in the environment/);
  });
});
