import type { Role } from '#shared/auth/identity';
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
