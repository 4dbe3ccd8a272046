import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import { config } from '#shared/config';
import { Unauthorized } from '#shared/errors';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';

/**
 * The mark an erasure leaves (`T#<t>#USER#<id> / ERASED`): only when, never who the user was. Tokens are the
 * identity provider's and stay valid until they expire, so without it an erased user's token could open a new
 * session and write new data about them. A token issued later (its `iat` after the mark) is a new lease the
 * marketplace granted, and is accepted.
 */
export interface ErasedUserItem extends Key {
  entity: 'erased-user';
  /** Epoch seconds of the latest erasure request. */
  erasedAt: number;
}

/** The mark of an erasure requested now (a repeated erasure moves it on), written with the erasure's record. */
export const erasedUserItem = (tenant: string, userId: string, nowMs = Date.now()): ErasedUserItem => ({
  ...keys.erasedUser(tenant, userId),
  entity: 'erased-user',
  erasedAt: Math.floor(nowMs / 1000),
});

/**
 * 401 when the caller's token was issued at or before their erasure (or says not when it was issued). Strongly
 * consistent, so a check made after the mark was written always sees it.
 */
export const refuseIfErased = async (identity: Pick<Identity, 'tenant' | 'userId' | 'issuedAt'>) => {
  const { Item } = await db().send(
    new GetCommand({
      TableName: config.tableName,
      Key: keys.erasedUser(identity.tenant, identity.userId),
      ConsistentRead: true,
    }),
  );
  const mark = Item as ErasedUserItem | undefined;
  if (mark && (identity.issuedAt === undefined || identity.issuedAt <= mark.erasedAt))
    throw new Unauthorized('This user was erased: tokens issued before the erasure are no longer accepted.');
};
