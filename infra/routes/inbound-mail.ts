import type { InboundMailHandlerDef } from './types';

/**
 * Reply by email: one function for every received email. Its table access is the send use case's (header and
 * tip, the message and its clientMessageId pointer, the sender's send budget, the push's connection lookup and
 * stale-connection cleanup) plus the reply address and member reads.
 */
export const inboundMailHandler: InboundMailHandlerDef = {
  name: 'InboundMail',
  entry: 'functions/email/inbound.ts',
  description: 'Reply by email: received mail becomes messages',
  pushes: true,
  table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  timeoutSeconds: 30,
};
