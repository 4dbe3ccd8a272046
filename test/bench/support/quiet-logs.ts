/**
 * Imported first by run.ts: the handlers' logger reads LOG_LEVEL when its module is evaluated, and imports are
 * evaluated before the body of the module that imports them, so setting it in run.ts itself would be too late.
 */
process.env.LOG_LEVEL ??= 'CRITICAL';
