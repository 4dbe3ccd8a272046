import type { Role } from '#shared/auth/identity';
import type { Key } from '#shared/table/keys';

/** Directory facts the storefront pushes (sellers, products) and the users who opened a conversation. */
export interface SellerItem extends Key {
  entity: 'seller';
  tenant: string;
  sellerId: string;
  shopName: string;
  email: string;
  logoUrl?: string;
  updatedAt: string;
}
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
export interface UserItem extends Key {
  entity: 'user';
  tenant: string;
  userId: string;
  role: Role;
  name?: string;
  email?: string;
  updatedAt: string;
}

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
