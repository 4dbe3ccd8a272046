/**
 * The pages of the web front (built to app.js): the inbox (/inbox), the support console (/support), the local
 * sign-in form, and the demo storefront's product (from the query: ?product=&name=&price=&tenant=).
 */
import './components/chat-inbox';
import './components/chat-sign-in';

const storefront = () => {
  const widget = document.querySelector('chat-widget');
  if (!widget) return;
  const query = new URLSearchParams(location.search);
  for (const [param, attribute] of [
    ['product', 'product-id'],
    ['name', 'product-name'],
    ['tenant', 'tenant'],
  ] as const) {
    const value = query.get(param);
    if (value) widget.setAttribute(attribute, value);
  }
  const name = query.get('name');
  const price = query.get('price');
  const heading = document.querySelector('[data-product-name]');
  const priceTag = document.querySelector('[data-product-price]');
  if (name && heading) heading.textContent = name;
  if (price && priceTag) priceTag.textContent = price;
};

storefront();
