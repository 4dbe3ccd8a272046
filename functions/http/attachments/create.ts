import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { ATTACHMENT_LIMITS } from '#shared/chat/items/attachment';
import { startUpload } from '#shared/chat/start-upload';
import { httpRoute } from '#shared/http/route';
import { codePoints, conversationPath, wellFormed } from '#shared/input/schemas';
import { ATTACHMENT_CONTENT_TYPES } from '#shared/storage/content-types';

const { fileNameLength, maxBytes } = ATTACHMENT_LIMITS;

const body = z.object({
  fileName: z.string().check(
    wellFormed(),
    z.refine((s) => codePoints(s.trim()) >= 1, 'must not be empty'),
    z.refine((s) => codePoints(s) <= fileNameLength, `must be at most ${fileNameLength} characters`),
    // Names reach Content-Disposition, emails and text-only clients' lines: no control characters, no line breaks.
    z.refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters'),
  ),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  size: z.number().check(z.int('must be an integer'), z.minimum(1), z.maximum(maxBytes)),
});

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, body },
  async ({ identity, params, body }) => ({ status: 201, body: await startUpload(identity, params.id, body) }),
);
