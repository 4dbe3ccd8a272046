import { Forbidden } from '#shared/errors';
import { cachedPolicy } from './policy';

/**
 * The trust-and-safety checks of the one send path (shared/chat: send, open with a first message, open and
 * append), so every channel gets them: HTTP, WebSocket, e-mail replies and the compatibility dialects.
 */

/** The part of a conversation these checks read (its header: HeadItem). */
export interface ScreenedConversation {
  tenant: string;
  topic: { type: string } | null;
  /** Participant slots that have blocked the conversation. */
  blockedBy?: ReadonlySet<string> | undefined;
}

/** A send refused because the other participant blocked the conversation: nothing is stored, pushed or mailed. */
export class PostingBlocked extends Forbidden {
  constructor() {
    super('The other participant has blocked this conversation; the message was not sent.');
  }
}

/** 403 when anyone but the sender's own slot has blocked the conversation (a blocker may still write). */
export const assertMayPost = (conversation: ScreenedConversation, senderSlot: string) => {
  for (const slot of conversation.blockedBy ?? []) if (slot !== senderSlot) throw new PostingBlocked();
};

/** What a message stores: the text everyone sees, and the original when the policy masked something. */
export interface Screened {
  text: string;
  original?: string;
}

/**
 * The tenant's contact-information policy applied to a message's text: with `mask`, e-mail addresses, phone
 * numbers and links outside `allowDomains` become `[hidden]`; `mask-before-order` masks except in conversations
 * about an order. The original is returned only when something was masked (it is kept for moderators).
 */
export const applyPolicy = async (conversation: ScreenedConversation, text: string): Promise<Screened> => {
  const policy = await cachedPolicy(conversation.tenant);
  const masks =
    policy.contactInfo === 'mask' ||
    (policy.contactInfo === 'mask-before-order' && conversation.topic?.type !== 'order');
  if (!masks) return { text };
  // Loaded on first use: Google's phone-number metadata is most of a send handler's init, and most tenants never mask.
  const { maskContactInfo } = await import('./contact-info/mask');
  const masked = maskContactInfo(text, policy.allowDomains);
  return masked.masked ? { text: masked.text, original: text } : { text };
};
