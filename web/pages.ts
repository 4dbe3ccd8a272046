/** The HTML of the web front's three pages; the bundles do the rest. */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1b1f; background: #f6f7fb; line-height: 1.4; }
  .top { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; justify-content: space-between; padding: 0.6rem 1rem; background: #ffffff; border-bottom: 1px solid #c9c9d1; }
  .top nav ul { display: flex; gap: 1rem; margin: 0; padding: 0; list-style: none; }
  .top a { color: #0b57d0; font-weight: 600; }
  .top a[aria-current='page'] { color: #1b1b1f; text-decoration: none; }
  .brand { font-weight: 800; margin: 0; font-size: 1.1rem; }
  main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
  main.app { height: calc(100vh - 7.5rem); min-height: 26rem; }
  .product { display: grid; grid-template-columns: minmax(12rem, 24rem) 1fr; gap: 1.5rem; background: #ffffff; border-radius: 0.9rem; padding: 1.25rem; }
  .picture { aspect-ratio: 1; border-radius: 0.75rem; background: linear-gradient(135deg, #0b57d0, #7aa7f0); }
  .price { font-size: 1.4rem; font-weight: 700; }
  @media (max-width: 640px) { .product { grid-template-columns: 1fr; } main.app { height: calc(100vh - 10rem); } }
  :focus-visible { outline: 3px solid #f4b400; outline-offset: 2px; }
`;

const layout = (current: 'store' | 'inbox' | 'support', title: string, main: string, scripts: string[]) => {
  const link = (href: string, label: string, key: typeof current) =>
    `<li><a href="${href}"${key === current ? ' aria-current="page"' : ''}>${label}</a></li>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
</head>
<body>
<header class="top">
  <p class="brand">Demo Shop</p>
  <nav aria-label="Main">
    <ul>${link('/', 'Storefront', 'store')}${link('/inbox', 'Inbox', 'inbox')}${link('/support', 'Support console', 'support')}</ul>
  </nav>
  <chat-sign-in></chat-sign-in>
</header>
${main}
</body>
</html>
`;
};

export const PAGES: Record<string, string> = {
  'index.html': layout(
    'store',
    'Trail Running Shoes · Demo Shop',
    `<main>
  <article class="product">
    <div class="picture" role="img" aria-label="Product photo"></div>
    <div>
      <h1 data-product-name>Trail Running Shoes</h1>
      <p class="price" data-product-price>89.90 EUR</p>
      <p>Light, grippy and waterproof: made for muddy trails and long days out. Questions about sizes or delivery?
      Ask the seller with "Contact seller", or our support team with "Help".</p>
    </div>
  </article>
  <chat-widget product-id="p-100" product-name="Trail Running Shoes"></chat-widget>
</main>`,
    ['/widget.js', '/app.js'],
  ),
  'inbox.html': layout(
    'inbox',
    'Inbox',
    `<main class="app"><h1 class="visually-hidden" style="position:absolute;left:-9999px">Inbox</h1><chat-inbox mode="inbox"></chat-inbox></main>`,
    ['/app.js'],
  ),
  'support.html': layout(
    'support',
    'Support console',
    `<main class="app"><h1 class="visually-hidden" style="position:absolute;left:-9999px">Support console</h1><chat-inbox mode="support"></chat-inbox></main>`,
    ['/app.js'],
  ),
};

/** Which page answers a path: the pages are client-routed below /inbox and /support. */
export const pageFor = (path: string): string | undefined => {
  if (path === '/' || path === '/index.html') return 'index.html';
  if (/^\/inbox(\/[^/]*)?$/.test(path)) return 'inbox.html';
  if (/^\/support(\/[^/]*)?$/.test(path)) return 'support.html';
  return undefined;
};
