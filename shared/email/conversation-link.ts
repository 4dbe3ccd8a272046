import type { Role } from '#shared/auth/identity';
import { emailConfig } from './email-config';

/** `<SELLER_INBOX_URL>/<conversationId>` for sellers; customers get CUSTOMER_INBOX_URL's when it is configured. */
export const conversationLink = (conversationId: string, recipientRole: Role | undefined): string | undefined => {
  const base = recipientRole === 'seller' ? emailConfig.sellerInboxUrl : emailConfig.customerInboxUrl;
  return base && `${base}/${encodeURIComponent(conversationId)}`;
};
