const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A fresh `clientMessageId` (the contract's 1..64 characters of [A-Za-z0-9_-]): 128 random bits, from
 * `crypto.getRandomValues`, which browsers offer on plain-HTTP pages too (unlike `randomUUID`).
 */
export const newClientMessageId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  let id = 'c-';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
};
