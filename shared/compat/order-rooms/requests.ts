import * as z from 'zod/mini';
import { wellFormed } from '#shared/input/schemas';

/** An id the app may send as a number or a string (the document does both); a string for the core (a key part). */
const idLike = z.pipe(
  z.union([z.int(), z.string()], { error: 'must be an integer or a string' }),
  z.pipe(
    z.transform((v: number | string) => String(v).trim()),
    z.string().check(z.minLength(1), z.maxLength(128), wellFormed()),
  ),
);

export const ROOM_TYPES = ['agent-to-user', 'vendor-to-user'] as const;

/**
 * The startChat body. The tenancy fields (`sub_domain`, `client_id`, `db_name`) are echoed, never trusted: the
 * tenant is the token's. `user_id` is ignored for the same reason (the token says who calls).
 */
export const startChatBody = z
  .object({
    type: z.enum(ROOM_TYPES),
    order_id: idLike,
    order_vendor_id: idLike,
    vendor_id: z.optional(idLike),
    sub_domain: z.optional(z.string().check(z.trim(), z.maxLength(255))),
    client_id: z.optional(idLike),
    db_name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  })
  .check(
    z.refine((b) => b.type !== 'vendor-to-user' || b.vendor_id !== undefined, {
      path: ['vendor_id'],
      message: 'is required for a vendor-to-user room',
    }),
  );

export type StartChatBody = z.infer<typeof startChatBody>;
