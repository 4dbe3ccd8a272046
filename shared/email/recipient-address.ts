import type { Role } from '#shared/auth/identity';
import { getSeller } from '#shared/catalog/items/seller';
import { isPlainAddress } from './header-safe';

/**
 * Where to mail a participant. Sellers: their directory address as it is now (the storefront may have changed it
 * with PUT /v1/catalog/sellers/{id} since the conversation was opened), or the one known at the opening if they
 * are not in the directory. Everyone else: the address known at the opening (token or guest email).
 * Undefined when there is none, or it is not a plain address (addresses reach headers).
 */
export const recipientAddress = async (
  tenant: string,
  userId: string,
  role: Role | undefined,
  knownAtOpening: string | undefined,
) => {
  const address = role === 'seller' ? ((await getSeller(tenant, userId))?.email ?? knownAtOpening) : knownAtOpening;
  return address && isPlainAddress(address) ? address : undefined;
};
