import { conversationIdByNumber } from '#shared/chat/items/conversation-number';
import { NotFound } from '#shared/errors';
import { numberFromUuid, UUID_PATTERN } from './ids';

/**
 * A dialect's reference to a conversation: its number (all digits, what Laravel-era apps hold), its UUID (seed
 * 004: the number as a UUID, see `numberUuid`), or the conversation id itself (what the core API and the other
 * dialects hand out; a 22-character base64url id is never all digits, nor 8-4-4-4-12 hex, in practice). An
 * unknown number or a UUID that is not a conversation's is a 404 like any unknown conversation; participation
 * is checked by the use case that follows.
 */
export const resolveConversationRef = async (tenant: string, ref: string | number): Promise<string> => {
  const value = String(ref);
  const isUuid = UUID_PATTERN.test(value);
  if (!isUuid && !/^\d{1,15}$/.test(value)) return value;
  const number = isUuid ? numberFromUuid('conversation', value) : Number(value);
  const id = number === undefined ? undefined : await conversationIdByNumber(tenant, number);
  if (!id) throw new NotFound();
  return id;
};
