import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { applyEnvironment } from '#infra/local/environment';

// Handlers called in-process by a test (fault injection, stream replay) see the same table as the stack.
applyEnvironment(inject('stackEnv'));

// Every `new App()` of a Template test synthesizes into a fresh temp dir it never removes: keep a test file's in
// one scratch dir, removed after the file, so runs do not fill the disk.
const scratch = mkdtempSync(join(tmpdir(), 'chat-test-'));
process.env.TMPDIR = scratch;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
