import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, type ContextKey, readChatConfig } from '#infra/config';

const REQUIRED = { sesSender: 'no-reply@example.com', sellerInboxUrl: 'https://sellers.example.com/inbox' };
const configFrom = (context: Partial<Record<ContextKey, unknown>>) =>
  readChatConfig((key) => ({ ...REQUIRED, ...context })[key]);
const problemsOf = (context: Partial<Record<ContextKey, unknown>>) => {
  try {
    readChatConfig((key) => context[key]);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('deploy configuration from CDK context', () => {
  it('has safe defaults when only the required email keys are given: own tokens only, no CORS, stage limits, 30-day logs, no web hosting', () => {
    expect(configFrom({})).toEqual({
      stackName: 'ProductEnquiryChat',
      auth: { audience: 'product-enquiry-chat' },
      corsOrigins: [],
      throttle: {
        stage: { rateLimit: 200, burstLimit: 400 },
        routes: {},
        webSocket: { rateLimit: 1000, burstLimit: 2000 },
      },
      domains: {},
      email: {
        sender: { address: 'no-reply@example.com' },
        senderIdentity: 'example.com',
        sellerInboxUrl: 'https://sellers.example.com/inbox',
        windowMinutes: 15,
      },
      logRetention: 30,
      compatPublicKeys: {},
      rateLimits: { sendRatePerSecond: 5, sendBurst: 20, guestSessionsPerMinute: 30 },
      webHosting: false,
      warnings: [],
    });
  });

  it('reads the rate limits (whole numbers ≥ 1, from -c strings or cdk.json numbers) and refuses anything else', () => {
    expect(configFrom({ sendRatePerSecond: '2', sendBurst: 10, guestSessionsPerMinute: '120' }).rateLimits).toEqual({
      sendRatePerSecond: 2,
      sendBurst: 10,
      guestSessionsPerMinute: 120,
    });
    for (const bad of ['0', '-1', '1.5', 'fast', 0]) {
      const message = problemsOf({ ...REQUIRED, sendRatePerSecond: bad, sendBurst: bad, guestSessionsPerMinute: bad });
      for (const key of ['sendRatePerSecond', 'sendBurst', 'guestSessionsPerMinute'])
        expect(message, `${key} = ${JSON.stringify(bad)}`).toContain(`${key} must be a positive whole number`);
    }
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
      throttle: {
        stage: { rateLimit: 50, burstLimit: 100 },
        routes: { 'POST /v1/conversations': { rateLimit: 5, burstLimit: 10 } },
      },
      domains: {
        http: { domainName: 'chat-api.example.com', certificateArn: expect.stringContaining(':certificate/') },
      },
      email: {
        sender: { address: 'no-reply@example.com', name: 'Shop Chat' },
        senderIdentity: 'example.com',
        sellerInboxUrl: 'https://sellers.example.com/inbox',
      },
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
      webSocketThrottleRate: 300,
      compatPublicKeys: { 'pk-live-3f9a': 'shop-a', 'pk-test-77': 'shop_b.eu' },
    });
    expect(config.auth.jwksUrl).toBe('https://example.eu.auth0.com/.well-known/jwks.json');
    expect(config.corsOrigins).toEqual(['https://shop.example.com']);
    expect(config.throttle.stage.rateLimit).toBe(20);
    expect(config.throttle.routes).toEqual({ 'GET /v1/unread': { rateLimit: 50, burstLimit: 100 } });
    expect(config.throttle.webSocket).toEqual({ rateLimit: 300, burstLimit: 2000 });
    expect(config.compatPublicKeys).toEqual({ 'pk-live-3f9a': 'shop-a', 'pk-test-77': 'shop_b.eu' });
  });

  it('reads compatPublicKeys as the JSON string `-c` gives, and refuses keys and tenants that could not work', () => {
    expect(configFrom({ compatPublicKeys: '{"pk-a": "shop-a"}' }).compatPublicKeys).toEqual({ 'pk-a': 'shop-a' });
    for (const bad of [
      '{"pk-a": ',
      '["pk-a"]',
      'pk-a=shop-a',
      { 'pk a': 'shop-a' },
      { '': 'shop-a' },
      { 'pk-a': 'shop#a' },
      { 'pk-a': 42 },
      { 'pk-a': '' },
    ]) {
      expect(problemsOf({ ...REQUIRED, compatPublicKeys: bad }), JSON.stringify(bad)).toContain('compatPublicKeys');
    }
    expect(problemsOf({ ...REQUIRED, webSocketThrottleBurst: '0' })).toContain('webSocketThrottleBurst');
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
    for (const key of [
      'jwtIssuer',
      'corsOrigins',
      'throttleRate',
      'routeThrottles',
      'httpDomainName and httpCertificateArn',
      'alarmEmail',
      'logRetentionDays',
    ]) {
      expect(message).toContain(key);
    }
  });

  it('warns, naming what to set and why, without the sender and the seller inbox (no default could work in AWS)', () => {
    expect(problemsOf({})).toBe('');
    const { warnings, email } = readChatConfig(() => undefined);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^sesSender is not set: the From of notification emails, verified in SES .*until it is set SES rejects every email/,
      ),
      expect.stringMatching(/^sellerInboxUrl is not set: where sellers answer/),
    ]);
    expect(email).toMatchObject({
      sender: { address: 'no-reply@example.com' },
      sellerInboxUrl: 'https://example.com/seller/inbox',
    });
    expect(configFrom({}).warnings).toEqual([]);
  });

  it('reads every email setting: a quoted display name, an address identity, reply-to, customer inbox, a window of 0', () => {
    expect(
      configFrom({
        sesSender: '"Shop Chat" <chat@mail.shop.example>',
        sesIdentity: 'chat@mail.shop.example',
        replyTo: 'help@shop.example',
        customerInboxUrl: 'https://shop.example/messages',
        emailWindowMinutes: '0',
      }).email,
    ).toEqual({
      sender: { address: 'chat@mail.shop.example', name: 'Shop Chat' },
      senderIdentity: 'chat@mail.shop.example',
      replyTo: 'help@shop.example',
      sellerInboxUrl: 'https://sellers.example.com/inbox',
      customerInboxUrl: 'https://shop.example/messages',
      windowMinutes: 0,
    });
    expect(configFrom({ sesSender: 'Shop <chat@mail.shop.example>', emailWindowMinutes: 30 }).email).toMatchObject({
      senderIdentity: 'mail.shop.example',
      windowMinutes: 30,
    });
  });

  it('refuses email settings that could not work or could reach a header unsafely', () => {
    const message = problemsOf({
      sesSender: 'Shop <chat@shop.example>, other@evil.test',
      sesIdentity: 'not an identity',
      replyTo: 'help@shop.example\r\nBcc: x@evil.test',
      sellerInboxUrl: 'http://sellers.example.com/inbox',
      customerInboxUrl: 'shop.example/messages',
      emailWindowMinutes: 'soon',
    });
    for (const key of [
      'sesSender must be an address, or "Name <address>"',
      'sesIdentity',
      'replyTo must be a bare email address',
      'sellerInboxUrl must be an https:// URL',
      'customerInboxUrl',
      'emailWindowMinutes must be a whole number ≥ 0',
    ]) {
      expect(message).toContain(key);
    }
    expect(message).not.toContain('is required');
    expect(problemsOf({ ...REQUIRED, sesSender: 'Shop\r\nBcc: x@evil.test <chat@shop.example>' })).toContain(
      'sesSender',
    );
  });

  it('is documented: README lists every context key in its Deploy table', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const key of CONTEXT_KEYS) expect(readme, key).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'));
  });
});
