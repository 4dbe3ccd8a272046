import { describe, expect, inject, it } from 'vitest';
import { readClaims } from '#client/index';
import { newWorld } from '#test/support/stack/world';

const web = (path: string, init?: RequestInit) => fetch(`${inject('webUrl')}${path}`, init);

describe('the local web front', () => {
  it('serves the storefront, the inbox and support pages (client-routed below them) and the bundles', async () => {
    for (const [path, element] of [
      ['/', '<chat-widget'],
      ['/inbox', '<chat-inbox mode="inbox"'],
      ['/inbox/some-conversation', '<chat-inbox mode="inbox"'],
      ['/support', '<chat-inbox mode="support"'],
    ] as const) {
      const page = await web(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain(element);
    }
    for (const bundle of ['/widget.js', '/app.js']) {
      const js = await web(bundle);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await js.text()).length).toBeGreaterThan(10_000);
    }
    expect((await web('/nothing-here')).status).toBe(404);
    expect(await (await web('/config.json')).json()).toEqual({
      apiUrl: '',
      wsUrl: inject('wsUrl'),
      tenant: 'default',
      devSignIn: true,
    });
  });

  it('mints development tokens for the sign-in form (never for the service role) and proxies the API', async () => {
    const w = await newWorld();
    const mint = (body: unknown) =>
      web('/_local/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await mint({ sub: 'storefront', role: 'service', tenant: w.tenant })).status).toBe(422);
    expect((await mint({ role: 'customer' })).status).toBe(422);
    const minted = await mint({ sub: 'seller-1', role: 'seller', name: 'Sam', tenant: w.tenant });
    const { token } = (await minted.json()) as { token: string };
    expect(readClaims(token)).toMatchObject({ sub: 'seller-1', role: 'seller', name: 'Sam', tenant: w.tenant });

    const unread = await web('/v1/unread', { headers: { authorization: `Bearer ${token}` } });
    expect(unread.status).toBe(200);
    expect(await unread.json()).toEqual({ total: 0, conversations: 0 });
    const refused = await web('/v1/unread');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
  });

  it('is where the emails link: seller and customer inbox URLs are its inbox pages', async () => {
    const env = inject('stackEnv');
    expect(env.SELLER_INBOX_URL).toBe(`${inject('webUrl')}/inbox`);
    expect(env.CUSTOMER_INBOX_URL).toBe(`${inject('webUrl')}/inbox`);
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Hello' });
    const linked = await fetch(`${env.SELLER_INBOX_URL}/${id}`);
    expect(await linked.text()).toContain('<chat-inbox mode="inbox"');
  });
});
