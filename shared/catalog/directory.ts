import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#shared/backoff';
import { type ProductFields, type ProductItem, productItem } from '#shared/catalog/items/product';
import {
  getSeller,
  type SellerFacts,
  type SellerFields,
  type SellerItem,
  sellerItem,
} from '#shared/catalog/items/seller';
import { config } from '#shared/config';
import { invalidField, TooManyRequests } from '#shared/errors';
import { db } from '#shared/table/client';
import { cancellationReasons, cancelledItem, isTransactionConflict } from '#shared/table/errors';
import { keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { sellerStillIs } from './seller-copy';

/** The few catalog facts the chat needs, pushed by the storefront (role `service`). Upserts: idempotent by nature. */
export const putSeller = async (tenant: string, sellerId: string, input: SellerFields) => {
  const item = sellerItem(tenant, sellerId, input, nowIso());
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  return item;
};

const PUT_PRODUCT_ATTEMPTS = 5;

/**
 * Upserts a product (last write wins), keeping a copy of its seller's directory entry (seller-copy.ts); 422 when
 * the seller is not known. The put and a check that the entry still says what was read are one transaction: an
 * entry changed meanwhile is taken as it is now (the check's ALL_OLD) for the next attempt, and one removed meanwhile
 * (an erasure) is a 422, so no product keeps a copy of an entry older than itself or of an erased seller.
 */
export const putProduct = async (tenant: string, productId: string, input: ProductFields) => {
  let seller = await getSeller(tenant, input.sellerId, true);
  for (let attempt = 1; attempt <= PUT_PRODUCT_ATTEMPTS; attempt++) {
    if (!seller) throw invalidField('sellerId', 'is not a known seller');
    const item = productItem(tenant, productId, input, seller, nowIso());
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: config.tableName, Item: item } }, sellerStillIs(tenant, seller)],
        }),
      );
      return item;
    } catch (error) {
      const check = cancellationReasons(error)?.[1];
      if (check?.Code === 'ConditionalCheckFailed') seller = cancelledItem<SellerItem>(check);
      else if (isTransactionConflict(error)) await backoff(attempt);
      else throw error;
    }
  }
  throw new TooManyRequests(1);
};

/** A user we can address: a seller of the directory, or someone who has used the chat. */
export const partyKeys = (tenant: string, userId: string) => [keys.seller(tenant, userId), keys.user(tenant, userId)];

export const sellerRef = (s: SellerFacts) => ({
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
