import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ProductFields, type ProductItem, productItem } from '#shared/catalog/items/product';
import { type SellerFields, type SellerItem, sellerItem } from '#shared/catalog/items/seller';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';

/** The few catalog facts the chat needs, pushed by the storefront (role `service`). Upserts: idempotent by nature. */
export const putSeller = async (tenant: string, sellerId: string, input: SellerFields) => {
  const item = sellerItem(tenant, sellerId, input, nowIso());
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  return item;
};

export const putProduct = async (tenant: string, productId: string, input: ProductFields) => {
  const item = productItem(tenant, productId, input, nowIso());
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  return item;
};

/** A user we can address: a seller of the directory, or someone who has used the chat. */
export const partyKeys = (tenant: string, userId: string) => [keys.seller(tenant, userId), keys.user(tenant, userId)];

export const sellerRef = (s: SellerItem) => ({
  id: s.sellerId,
  shopName: s.shopName,
  ...(s.logoUrl && { logoUrl: s.logoUrl }),
});
export const productRef = (p: ProductItem) => ({
  id: p.productId,
  name: p.name,
  ...(p.imageUrl && { imageUrl: p.imageUrl }),
  ...(p.url && { url: p.url }),
});
export const sellerView = (s: SellerItem) => ({
  id: s.sellerId,
  shopName: s.shopName,
  email: s.email,
  ...(s.logoUrl && { logoUrl: s.logoUrl }),
  updatedAt: s.updatedAt,
});
export const productView = (p: ProductItem) => ({
  id: p.productId,
  name: p.name,
  sellerId: p.sellerId,
  ...(p.imageUrl && { imageUrl: p.imageUrl }),
  ...(p.url && { url: p.url }),
  ...(p.price && { price: p.price }),
  updatedAt: p.updatedAt,
});
