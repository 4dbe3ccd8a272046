import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import type { ProductItem, SellerItem } from './items';

/** The few catalog facts the chat needs, pushed by the storefront (role `service`). Upserts: idempotent by nature. */
export const putSeller = async (
  tenant: string,
  sellerId: string,
  input: { shopName: string; email: string; logoUrl?: string },
) => {
  const item: SellerItem = {
    ...keys.seller(tenant, sellerId),
    entity: 'seller',
    tenant,
    sellerId,
    ...input,
    updatedAt: nowIso(),
  };
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  return item;
};

export const putProduct = async (
  tenant: string,
  productId: string,
  input: Omit<ProductItem, 'PK' | 'SK' | 'entity' | 'tenant' | 'productId' | 'updatedAt'>,
) => {
  const item: ProductItem = {
    ...keys.product(tenant, productId),
    entity: 'product',
    tenant,
    productId,
    ...input,
    updatedAt: nowIso(),
  };
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  return item;
};

const get = async <T>(key: { PK: string; SK: string }) =>
  (await db().send(new GetCommand({ TableName: config.tableName, Key: key }))).Item as T | undefined;

export const getSeller = (tenant: string, sellerId: string) => get<SellerItem>(keys.seller(tenant, sellerId));
export const getProduct = (tenant: string, productId: string) => get<ProductItem>(keys.product(tenant, productId));

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
