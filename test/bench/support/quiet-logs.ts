/**
 * Imported first by run.ts, so that LOG_LEVEL is set before anything can read it: the handlers' logger reads it
 * when it is built, at its first line, which may come while run.ts's own imports are still being evaluated.
 */
process.env.LOG_LEVEL ??= 'CRITICAL';
