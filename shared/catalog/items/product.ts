import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';

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
}

export type ProductFields = Omit<ProductItem, 'PK' | 'SK' | 'entity' | 'tenant' | 'productId' | 'updatedAt'>;

export const productItem = (
  tenant: string,
  productId: string,
  fields: ProductFields,
  updatedAt: string,
): ProductItem => ({
  ...keys.product(tenant, productId),
  entity: 'product',
  tenant,
  productId,
  ...fields,
  updatedAt,
});

export const getProduct = async (tenant: string, productId: string) =>
  (await db().send(new GetCommand({ TableName: config.tableName, Key: keys.product(tenant, productId) }))).Item as
    | ProductItem
    | undefined;
