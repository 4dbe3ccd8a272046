import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { INDEXES } from '#shared/table/definition';
import { isConditionFailed } from '#shared/table/errors';
import { keys } from '#shared/table/keys';
import { type ProductItem, sellerCopyFields } from './items/product';
import type { SellerFacts } from './items/seller';

/**
 * A product's copy of its seller's directory entry (ProductItem.sellerCopy), written by PUT /v1/catalog/products:
 * "Contact seller" opens a conversation with the seller's shop name and address as soon as it has read the product,
 * instead of reading the seller after it.
 *
 * A copy is relied on only together with a ConditionCheck that the entry still says the same (sellerStillIs), in
 * the transaction that writes what the copy is used for: a conversation never shows a shop name the seller has
 * changed since, and no copy outlives the entry. A copy that no longer holds is refreshed from the entry by the
 * transaction that found it out of date (sellerCopyRefresh), so it costs one extra round trip once. Erasing the
 * seller removes every copy of their entry (forgetSellerCopies): the products that keep one are the seller's
 * partition of GSI1.
 */

/** The seller a product names, from its copy; undefined when it keeps none (put by an earlier release, or erased). */
export const copiedSeller = (product: ProductItem): SellerFacts | undefined =>
  product.sellerCopy && { sellerId: product.sellerId, ...product.sellerCopy };

/**
 * A ConditionCheck, for a transaction, that the seller's directory entry still says what `seller` says (shop
 * name, address, logo). Asks for the entry as it is when it does not (ALL_OLD: absent when the seller is gone).
 */
export const sellerStillIs = (tenant: string, seller: SellerFacts) => ({
  ConditionCheck: {
    TableName: config.tableName,
    Key: keys.seller(tenant, seller.sellerId),
    ConditionExpression: `#shopName = :shopName AND #email = :email AND ${
      seller.logoUrl === undefined ? 'attribute_not_exists(#logoUrl)' : '#logoUrl = :logoUrl'
    }`,
    ExpressionAttributeNames: { '#shopName': 'shopName', '#email': 'email', '#logoUrl': 'logoUrl' },
    ExpressionAttributeValues: {
      ':shopName': seller.shopName,
      ':email': seller.email,
      ...(seller.logoUrl !== undefined && { ':logoUrl': seller.logoUrl }),
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  },
});

/**
 * An update, for a transaction that also checks the entry (sellerStillIs: so no copy is ever written of an entry that
 * is gone), that puts the product's copy of its seller's entry as `seller` says it is now, if the product is still as
 * read: same seller, same `updatedAt` (a PUT since wrote its own copy). Idempotent.
 */
export const sellerCopyRefresh = (product: ProductItem, seller: SellerFacts) => {
  const { sellerCopy, GSI1PK, GSI1SK } = sellerCopyFields(product.tenant, product.productId, seller);
  return {
    Update: {
      TableName: config.tableName,
      Key: keys.product(product.tenant, product.productId),
      UpdateExpression: 'SET sellerCopy = :copy, GSI1PK = :pk, GSI1SK = :sk',
      ConditionExpression: 'sellerId = :seller AND updatedAt = :updatedAt',
      ExpressionAttributeValues: {
        ':copy': sellerCopy,
        ':pk': GSI1PK,
        ':sk': GSI1SK,
        ':seller': seller.sellerId,
        ':updatedAt': product.updatedAt,
      },
    },
  };
};

/**
 * Removes the copy of the seller's entry from up to `limit` of their products after `after` (a GSI1 position), and
 * says where to go on (undefined when none are left). Idempotent: a product without a copy is not in the index, and
 * one that changed hands meanwhile keeps its new seller's copy.
 */
export const forgetSellerCopies = async (
  tenant: string,
  sellerId: string,
  limit: number,
  after?: Record<string, string>,
) => {
  const pk = keys.sellerProductsPk(tenant, sellerId);
  const page = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: INDEXES.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': INDEXES.inbox.partitionKey },
      ExpressionAttributeValues: { ':pk': pk },
      Limit: limit,
      ...(after && { ExclusiveStartKey: after }),
    }),
  );
  const products = (page.Items ?? []) as ProductItem[];
  for (let i = 0; i < products.length; i += PARALLEL_WRITES)
    await Promise.all(products.slice(i, i + PARALLEL_WRITES).map((p) => forgetCopy(tenant, p.productId, pk)));
  return { read: products.length, after: page.LastEvaluatedKey as Record<string, string> | undefined };
};

const PARALLEL_WRITES = 10;

const forgetCopy = (tenant: string, productId: string, sellerProducts: string) =>
  db()
    .send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.product(tenant, productId),
        UpdateExpression: 'REMOVE sellerCopy, GSI1PK, GSI1SK',
        ConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': sellerProducts },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
