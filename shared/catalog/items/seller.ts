import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';

/** A seller of the directory, as the storefront pushes it. */
export interface SellerItem extends Key {
  entity: 'seller';
  tenant: string;
  sellerId: string;
  shopName: string;
  email: string;
  logoUrl?: string;
  updatedAt: string;
}

export type SellerFields = Pick<SellerItem, 'shopName' | 'email' | 'logoUrl'>;
/** A seller as a conversation names them: from the directory entry, or from a product's copy of it. */
export type SellerFacts = Pick<SellerItem, 'sellerId'> & SellerFields;

export const sellerItem = (tenant: string, sellerId: string, fields: SellerFields, updatedAt: string): SellerItem => ({
  ...keys.seller(tenant, sellerId),
  entity: 'seller',
  tenant,
  sellerId,
  ...fields,
  updatedAt,
});

export const getSeller = async (tenant: string, sellerId: string, consistent = false) =>
  (
    await db().send(
      new GetCommand({ TableName: config.tableName, Key: keys.seller(tenant, sellerId), ConsistentRead: consistent }),
    )
  ).Item as SellerItem | undefined;

/** Removes a seller from the directory (name, address, logo): idempotent. Their products can no longer be asked about. */
export const deleteSeller = async (tenant: string, sellerId: string) => {
  await db().send(new DeleteCommand({ TableName: config.tableName, Key: keys.seller(tenant, sellerId) }));
};
