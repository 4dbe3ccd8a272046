import * as z from 'zod/mini';
import { PARTICIPANT_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { conversationPath, opaqueId, text } from '#shared/input/schemas';
import { REPORT_REASONS } from '#shared/moderation/items/report';
import { fileReport } from '#shared/moderation/reports';

const body = z.object({
  messageId: z.optional(opaqueId),
  reason: z.enum(REPORT_REASONS),
  note: z.optional(text(1, 1000)),
});

export const handler = httpRoute(
  { roles: PARTICIPANT_ROLES, params: conversationPath, body },
  async ({ identity, params, body }) => {
    const { report, created } = await fileReport(identity, params.id, body);
    return { status: created ? 201 : 200, body: { report } };
  },
);
