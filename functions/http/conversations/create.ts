import * as z from 'zod/mini';
import { openerRoles } from '#shared/auth/roles';
import { openConversation } from '#shared/chat/open-conversation';
import { openedView } from '#shared/chat/opened-view';
import { directConversationPlan, productConversationPlan } from '#shared/chat/opening-plans';
import { httpRoute } from '#shared/http/route';
import { clientMessageId, messageText, text, userId } from '#shared/input/schemas';

const body = z
  .object({
    productId: z.optional(userId),
    participantId: z.optional(userId),
    topic: z.optional(z.object({ type: text(1, 64), id: text(1, 128) })),
    message: z.optional(messageText),
    subject: z.optional(text(1, 300)),
    clientMessageId: z.optional(clientMessageId),
  })
  .check(
    z.superRefine((b, ctx) => {
      if ((b.productId === undefined) === (b.participantId === undefined)) {
        for (const field of ['productId', 'participantId']) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'give exactly one of productId or participantId',
            input: b,
          });
        }
      }
      if (b.productId !== undefined && b.topic !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['topic'],
          message: 'is only for participantId conversations; a product is its own topic',
          input: b,
        });
      }
    }),
  );

/**
 * POST /v1/conversations: a product conversation (customers, guests) or a direct one with `participantId`
 * (customers, sellers); the plan answers 403 to a role that may not open its kind (shared/auth/roles.ts).
 */
export const handler = httpRoute({ roles: openerRoles('product', 'direct'), body }, async ({ identity, body }) => {
  const { productId, participantId, ...rest } = body;
  const plan =
    productId !== undefined
      ? await productConversationPlan(identity, { productId, ...rest })
      : await directConversationPlan(identity, { participantId: participantId!, ...rest });
  const opened = await openConversation(identity, plan);
  return { status: opened.created ? 201 : 200, body: openedView(opened) };
});
