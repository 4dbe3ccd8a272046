/** ISO-8601 UTC with milliseconds, the only timestamp format of the API. */
export const nowIso = (): string => new Date().toISOString();
