import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#shared/auth/identity';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';

/** Someone who opened a conversation: remembered so others can address them (participantId) and email them. */
export interface UserItem extends Key {
  entity: 'user';
  tenant: string;
  userId: string;
  role: Role;
  name?: string;
  email?: string;
  updatedAt: string;
}

export const userItem = (
  tenant: string,
  user: { userId: string; role: Role; name?: string; email?: string },
  updatedAt: string,
): UserItem => ({
  ...keys.user(tenant, user.userId),
  entity: 'user',
  tenant,
  userId: user.userId,
  role: user.role,
  ...(user.name !== undefined && { name: user.name }),
  ...(user.email !== undefined && { email: user.email }),
  updatedAt,
});

export const getUser = async (tenant: string, userId: string) =>
  (
    await db().send(
      new GetCommand({ TableName: config.tableName, Key: keys.user(tenant, userId), ConsistentRead: true }),
    )
  ).Item as UserItem | undefined;

/** Forgets a user's profile (name, address): idempotent. The next conversation they open writes a new one. */
export const deleteUser = async (tenant: string, userId: string) => {
  await db().send(new DeleteCommand({ TableName: config.tableName, Key: keys.user(tenant, userId) }));
};
