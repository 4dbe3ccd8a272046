import { type Key, keys } from '#shared/table/keys';

/** `T#<t>#USER#<id>` / `NUMBER`: the tenant-wide number of a user id (users and sellers alike). */
export interface UserNumberItem extends Key {
  entity: 'user-number';
  tenant: string;
  userId: string;
  number: number;
}

/** `T#<t>#USERNO#<n>` / `ALIAS`: the user id a number names. */
export interface UserNumberAliasItem extends Key {
  entity: 'user-number-alias';
  tenant: string;
  number: number;
  userId: string;
}

/** Both pointers of one claim: id → number and number → id. */
export const userNumberItems = (
  tenant: string,
  userId: string,
  number: number,
): [UserNumberItem, UserNumberAliasItem] => [
  { ...keys.numberOfUser(tenant, userId), entity: 'user-number', tenant, userId, number },
  { ...keys.userNumber(tenant, number), entity: 'user-number-alias', tenant, number, userId },
];
