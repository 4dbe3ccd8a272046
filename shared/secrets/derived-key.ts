import { hkdf } from 'node:crypto';
import { selfTokenKey } from './signing-secret';

const cache = new Map<string, Promise<Uint8Array>>();

/**
 * A 256-bit key for one purpose (e.g. "cursor"), derived from the stack's secret with HKDF-SHA256: one secret to
 * provision and rotate, and a key of one purpose can never verify or decrypt the data of another.
 */
export const derivedKey = (purpose: string): Promise<Uint8Array> => {
  let key = cache.get(purpose);
  if (!key) {
    key = selfTokenKey().then(
      (secret) =>
        new Promise((resolve, reject) =>
          hkdf('sha256', secret, new Uint8Array(), purpose, 32, (error, derived) =>
            error ? reject(error) : resolve(new Uint8Array(derived)),
          ),
        ),
    );
    key.catch(() => cache.delete(purpose));
    cache.set(purpose, key);
  }
  return key;
};
