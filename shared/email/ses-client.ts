import { SESClient } from '@aws-sdk/client-ses';

let client: SESClient | undefined;

/**
 * One SES client per process. The endpoint comes from the SDK's AWS_ENDPOINT_URL_SES (the local stack points it
 * at aws-ses-v2-local). Timeouts bound one send attempt, so a claim's lease (email-claims.ts) outlives it.
 */
export const ses = (): SESClient => {
  client ??= new SESClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } });
  return client;
};
