import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';
import type { SellerFacts, SellerFields } from './seller';

/** A product of the directory, as the storefront pushes it. */
export interface ProductItem extends Key {
  entity: 'product';
  tenant: string;
  productId: string;
  name: string;
  sellerId: string;
  imageUrl?: string;
  url?: string;
  price?: string;
  updatedAt: string;
  /**
   * The seller's directory entry as it was when the product was put (shared/catalog/seller-copy.ts): what opening a
   * conversation about the product needs of the seller, without reading the seller after the product. Absent on
   * products put by earlier releases, and once an erasure of the seller removed it.
   */
  sellerCopy?: SellerFields;
  /** GSI1, while the product keeps a copy: the seller's products (keys.sellerProductsPk). */
  GSI1PK?: string;
  GSI1SK?: string;
}

export type ProductFields = Pick<ProductItem, 'name' | 'sellerId' | 'imageUrl' | 'url' | 'price'>;

/** A product as put now: with a copy of its seller's entry, and in that seller's products (GSI1). */
export const productItem = (
  tenant: string,
  productId: string,
  fields: ProductFields,
  seller: SellerFacts,
  updatedAt: string,
): ProductItem => ({
  ...keys.product(tenant, productId),
  entity: 'product',
  tenant,
  productId,
  ...fields,
  updatedAt,
  ...sellerCopyFields(tenant, productId, seller),
});

/** The copy of a seller's entry a product keeps, and its GSI1 keys. */
export const sellerCopyFields = (tenant: string, productId: string, seller: SellerFacts) => ({
  sellerCopy: {
    shopName: seller.shopName,
    email: seller.email,
    ...(seller.logoUrl !== undefined && { logoUrl: seller.logoUrl }),
  },
  GSI1PK: keys.sellerProductsPk(tenant, seller.sellerId),
  GSI1SK: keys.sellerProductsSk(productId),
});

export const getProduct = async (tenant: string, productId: string) =>
  (await db().send(new GetCommand({ TableName: config.tableName, Key: keys.product(tenant, productId) }))).Item as
    | ProductItem
    | undefined;
