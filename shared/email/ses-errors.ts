/**
 * Whether a failed SendEmail may succeed when retried. Throttling, SES 5xx and network faults (no HTTP response)
 * are transient: the stream record fails and is retried. A 4xx rejection (unverified identity, bad address,
 * paused account) will fail the same way every time, so retrying it would only hold up the shard.
 */
export const isTransientSesError = (error: unknown): boolean => {
  const e = error as { name?: string; $fault?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.$retryable || e.$fault === 'server') return true;
  if (
    ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'ServiceUnavailable', 'RequestTimeout'].includes(
      e.name ?? '',
    )
  )
    return true;
  const status = e.$metadata?.httpStatusCode;
  return status === undefined || status === 429 || status >= 500;
};
