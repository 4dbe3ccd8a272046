import { conversationIdByNumber } from '#shared/chat/items/conversation-number';
import { NotFound } from '#shared/errors';

/**
 * A dialect's reference to a conversation: its number (all digits, what Laravel-era apps hold) or the
 * conversation id itself (what the core API and the other dialects hand out; a 22-character base64url id is
 * never all digits in practice). An unknown number is a 404 like any unknown conversation; participation is
 * checked by the use case that follows.
 */
export const resolveConversationRef = async (tenant: string, ref: string | number): Promise<string> => {
  const value = String(ref);
  if (!/^\d{1,15}$/.test(value)) return value;
  const id = await conversationIdByNumber(tenant, Number(value));
  if (!id) throw new NotFound();
  return id;
};
