import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, readChatConfig, type ContextKey } from '../../infra/config';

const configFrom = (context: Partial<Record<ContextKey, unknown>>) => readChatConfig((key) => context[key]);

describe('deploy configuration from CDK context', () => {
  it('has safe defaults when nothing is given: own tokens only, no CORS, stage limits, 30-day logs', () => {
    expect(configFrom({})).toEqual({
      stackName: 'ProductEnquiryChat',
      auth: { audience: 'product-enquiry-chat' },
      corsOrigins: [],
      throttle: { stage: { rateLimit: 200, burstLimit: 400 }, routes: {} },
      domains: {},
      email: {},
      logRetention: 30,
    });
  });

  it('reads the string values `-c key=value` gives, deriving the JWKS URL from the issuer', () => {
    const config = configFrom({
      jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      jwtAudience: '4example1clientid',
      corsOrigins: 'https://shop.example.com, https://admin.example.com',
      throttleRate: '50',
      throttleBurst: '100',
      routeThrottles: '{"POST /v1/conversations": {"rate": 5, "burst": 10}}',
      httpDomainName: 'chat-api.example.com',
      httpCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
      sesSender: 'Shop Chat <no-reply@example.com>',
      sellerInboxUrl: 'https://sellers.example.com/inbox',
      alarmEmail: 'ops@example.com',
      logRetentionDays: '90',
    });
    expect(config).toMatchObject({
      auth: {
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
        jwksUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json',
        audience: '4example1clientid',
      },
      corsOrigins: ['https://shop.example.com', 'https://admin.example.com'],
      throttle: { stage: { rateLimit: 50, burstLimit: 100 }, routes: { 'POST /v1/conversations': { rateLimit: 5, burstLimit: 10 } } },
      domains: { http: { domainName: 'chat-api.example.com', certificateArn: expect.stringContaining(':certificate/') } },
      email: { sender: 'Shop Chat <no-reply@example.com>', sellerInboxUrl: 'https://sellers.example.com/inbox' },
      alarmEmail: 'ops@example.com',
      logRetention: 90,
    });
    expect(config.domains.webSocket).toBeUndefined();
  });

  it('reads the JSON values cdk.json gives (arrays, numbers, objects) and an explicit JWKS URL', () => {
    const config = configFrom({
      jwtIssuer: 'https://example.eu.auth0.com/',
      jwtJwksUrl: 'https://example.eu.auth0.com/.well-known/jwks.json',
      corsOrigins: ['https://shop.example.com'],
      throttleRate: 20,
      routeThrottles: { 'GET /v1/unread': { rate: 50, burst: 100 } },
    });
    expect(config.auth.jwksUrl).toBe('https://example.eu.auth0.com/.well-known/jwks.json');
    expect(config.corsOrigins).toEqual(['https://shop.example.com']);
    expect(config.throttle.stage.rateLimit).toBe(20);
    expect(config.throttle.routes).toEqual({ 'GET /v1/unread': { rateLimit: 50, burstLimit: 100 } });
  });

  it('rejects bad values with one error that names every problem', () => {
    const attempt = () =>
      configFrom({
        jwtIssuer: 'http://insecure.example.com',
        corsOrigins: 'https://shop.example.com/',
        throttleRate: 'fast',
        routeThrottles: '{"conversations": {"rate": 1}}',
        httpDomainName: 'chat.example.com',
        alarmEmail: 'not-an-address',
        logRetentionDays: 31,
      });
    expect(attempt).toThrowError(/Invalid CDK context/);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const key of ['jwtIssuer', 'corsOrigins', 'throttleRate', 'routeThrottles', 'httpDomainName and httpCertificateArn', 'alarmEmail', 'logRetentionDays']) {
      expect(message).toContain(key);
    }
  });

  it('is documented: README lists every context key in its Deploy table', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const key of CONTEXT_KEYS) expect(readme, key).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'));
  });
});
