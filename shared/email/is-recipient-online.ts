import type { MemberKey } from '../table/keys';

/**
 * Whether the recipient has a live WebSocket connection, in which case the message reaches them in real time
 * and needs no email. Until the real-time issue lands its connection registry, nobody is online: this function
 * is the one place that registry replaces.
 */
export const isRecipientOnline = async (_tenant: string, _recipient: MemberKey): Promise<boolean> => false;
