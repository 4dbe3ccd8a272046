/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (HANDLER_BUNDLING's alias): the credentials of a Lambda
 * function, which the runtime hands over in environment variables (the execution role's, with a session token).
 * The SDK's default chain would bundle every other source too (SSO, shared ini files, credential processes, web
 * identity, container and instance metadata, and the STS, SSO and sign-in clients they call): about 130 KiB of
 * minified code in every handler, parsed at each cold start, none of which can run on Lambda.
 * Only bundles use it: the tests and the local stack run the sources with the SDK's own chain.
 */

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export const defaultProvider = () => async (): Promise<Credentials> => {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN && { sessionToken: AWS_SESSION_TOKEN }),
    ...(AWS_CREDENTIAL_EXPIRATION && { expiration: new Date(AWS_CREDENTIAL_EXPIRATION) }),
  };
};
