import { config } from '#shared/config';

let cached: Uint8Array | undefined;

/**
 * The stack's one secret: the HS256 key of our own issuer (guest tokens; every token in the local stack), and
 * the root of the keys derived from it (see derived-key.ts). In AWS it lives in Secrets Manager and is fetched
 * once per container.
 */
export const selfTokenKey = async (): Promise<Uint8Array> => {
  if (cached) return cached;
  const secret =
    config.selfTokenSecret ?? (config.selfTokenSecretArn && (await fetchSecret(config.selfTokenSecretArn)));
  if (!secret) throw new Error('No token signing secret is configured');
  cached = new TextEncoder().encode(secret);
  return cached;
};

const fetchSecret = async (arn: string): Promise<string | undefined> => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const result = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return result.SecretString;
};
