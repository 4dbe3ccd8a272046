import { putProduct, putSeller } from '#shared/catalog/directory';

/** A seller and two products in the `default` tenant, so the README's curl walk works on a fresh start. */
export const loadDemoCatalog = async () => {
  await putSeller('default', 'seller-1', { shopName: 'Demo Shop', email: 'seller-1@example.test' });
  await putProduct('default', 'p-100', {
    name: 'Trail Running Shoes',
    sellerId: 'seller-1',
    price: '89.90 EUR',
    url: 'https://shop.example.test/p/100',
  });
  await putProduct('default', 'p-200', { name: 'Rain Jacket', sellerId: 'seller-1', price: '120.00 EUR' });
};
