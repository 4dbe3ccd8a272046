import * as z from 'zod/mini';
import { SERVICE_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { userId } from '#shared/input/schemas';
import { requestErasure } from '#shared/moderation/erasure';

/** 202: the sessions are closed and the profile gone; the rest is erased step by step (shared/moderation/erasure.ts). */
export const handler = httpRoute(
  { roles: SERVICE_ROLES, params: z.object({ userId }) },
  async ({ identity, params }) => ({
    status: 202,
    body: { erasure: await requestErasure(identity, params.userId) },
  }),
);
