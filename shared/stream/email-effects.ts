import { notifyOfflineRecipient } from '#shared/email/notify-offline-recipient';
import { sendNewConversationEmail } from '#shared/email/send-new-conversation-email';
import { runErasureStep } from '#shared/moderation/erasure';
import type { ErasureStepItem } from '#shared/moderation/items/erasure-step';
import { recordTeamAuthorship } from '#shared/moderation/items/team-authorship';
import { inOrder, onConversationOpened, onInsert, onMessage } from './effects';

/**
 * What the side-effect consumer of the stream does: emails, and data rights (the steps of erasures, and which
 * conversations an agent wrote in through the team slot, for an erasure to find): work that may wait and retry for
 * hours without holding up unread counts. A conversation's header and its messages share a partition
 * key, so they arrive in commit order: the new-conversation email is decided before its first message's
 * notification. Each erasure step is its own record, so a long erasure never holds one invocation for long.
 */
export const applyEmailEffects = inOrder([
  onConversationOpened(sendNewConversationEmail),
  onMessage(notifyOfflineRecipient),
  onMessage(recordTeamAuthorship),
  onInsert<ErasureStepItem>('erasure-step', runErasureStep),
]);
