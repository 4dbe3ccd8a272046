import { inject } from 'vitest';
import { applyEnvironment } from '#infra/local/environment';

// Handlers called in-process by a test (fault injection, stream replay) see the same table as the stack.
applyEnvironment(inject('stackEnv'));
