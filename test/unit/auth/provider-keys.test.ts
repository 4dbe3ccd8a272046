import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#infra/local/load-handler';
import { verifyToken } from '#shared/auth/verify-token';
import type { HttpProblem } from '#shared/errors';
import { httpRoute } from '#shared/http/route';

// A stand-in OIDC provider on loopback: its JWKS, a JWKS that never answers, one that fails, and a closed port.
const ISSUER = 'https://idp.example.test';
let server: Server;
let base: string;
let closedPort: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }],
  });
  server = createServer((req, res) => {
    if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    else if (req.url === '/broken') res.writeHead(502).end('Bad Gateway');
    else if (req.url === '/not-json') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    // '/hang': never answers
  });
  base = await listen(server);
  const closed = createServer();
  closedPort = new URL(await listen(closed)).port;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => vi.unstubAllEnvs());

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

const providerAt = (jwksUrl: string) => {
  vi.stubEnv('JWT_ISSUER', ISSUER);
  vi.stubEnv('JWT_JWKS_URL', jwksUrl);
  vi.stubEnv('JWT_JWKS_TIMEOUT_MS', '200');
};

const providerToken = (key = signingKey, kid = 'k1') =>
  new SignJWT({ role: 'seller', tenant: 'shop' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(ISSUER)
    .setAudience(process.env.JWT_AUDIENCE ?? 'product-enquiry-chat')
    .setSubject('seller-1')
    .setExpirationTime('5m')
    .sign(key);

const failure = (token: string) =>
  verifyToken(token).then(
    () => undefined,
    (error: unknown) => error as HttpProblem,
  );

describe('tokens of the external OIDC provider', () => {
  it('are verified against its JWKS; a bad signature or unknown key stays 401', async () => {
    providerAt(`${base}/jwks`);
    expect(await verifyToken(await providerToken())).toEqual({ userId: 'seller-1', role: 'seller', tenant: 'shop' });
    for (const token of [await providerToken(strangerKey), await providerToken(signingKey, 'k-unknown')]) {
      expect(await failure(token)).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('are answered 503 with Retry-After, not 401, when the JWKS times out, cannot be reached or is not a key set', async () => {
    for (const jwksUrl of [
      `${base}/hang`,
      `http://127.0.0.1:${closedPort}/jwks`,
      `${base}/broken`,
      `${base}/not-json`,
    ]) {
      providerAt(jwksUrl);
      const error = await failure(await providerToken());
      expect({ jwksUrl, status: error?.status }).toEqual({ jwksUrl, status: 503 });
      expect(error).toMatchObject({
        title: 'Service Unavailable',
        detail: 'The identity provider is unavailable; retry after 5 s.',
        headers: { 'Retry-After': '5' },
      });
    }
  });

  it('makes that a 503 problem+json with Retry-After on an HTTP route', async () => {
    providerAt(`${base}/hang`);
    const handler = httpRoute({ roles: ['seller'] }, async () => ({ status: 200, body: {} }));
    const event = {
      headers: { authorization: `Bearer ${await providerToken()}` },
      requestContext: { requestId: 'req-1' },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const res = (await handler(event, lambdaContext('Test'))) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'Retry-After': '5' });
    expect(JSON.parse(res.body!)).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The identity provider is unavailable; retry after 5 s.',
      requestId: 'req-1',
    });
  });
});
