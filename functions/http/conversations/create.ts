import { z } from 'zod';
import { openConversation } from '../../../shared/chat/open-conversation';
import { openedView } from '../../../shared/chat/opened-view';
import { directConversationPlan, productConversationPlan } from '../../../shared/chat/opening-plans';
import { OPENER_ROLES } from '../../../shared/http/roles';
import { httpRoute } from '../../../shared/http/route';
import { clientMessageId, messageText, userId } from '../../../shared/http/schemas';

const body = z
  .object({
    productId: userId.optional(),
    participantId: userId.optional(),
    topic: z.object({ type: z.string().trim().min(1).max(64), id: z.string().trim().min(1).max(128) }).optional(),
    message: messageText.optional(),
    subject: z.string().trim().min(1).max(300).optional(),
    clientMessageId: clientMessageId.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.productId === undefined) === (b.participantId === undefined)) {
      for (const field of ['productId', 'participantId']) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'give exactly one of productId or participantId' });
      }
    }
    if (b.productId !== undefined && b.topic !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: 'is only for participantId conversations; a product is its own topic' });
    }
  });

export const handler = httpRoute({ roles: OPENER_ROLES, body }, async ({ identity, body }) => {
  const { productId, participantId, ...rest } = body;
  const plan = productId !== undefined
    ? await productConversationPlan(identity, { productId, ...rest })
    : await directConversationPlan(identity, { participantId: participantId!, ...rest });
  const opened = await openConversation(identity, plan);
  return { status: opened.created ? 201 : 200, body: openedView(opened) };
});
