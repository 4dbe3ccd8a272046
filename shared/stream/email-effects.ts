import { notifyOfflineRecipient } from '#shared/email/notify-offline-recipient';
import { sendNewConversationEmail } from '#shared/email/send-new-conversation-email';
import { runErasureStep } from '#shared/moderation/erasure';
import type { ErasureStepItem } from '#shared/moderation/items/erasure-step';
import { emptyReportedCopies } from '#shared/moderation/items/report';
import { recordTeamAuthorship } from '#shared/moderation/items/team-authorship';
import { inOrder, onConversationOpened, onInsert, onMessage, onMessageRedacted } from './effects';

/**
 * What the side-effect consumer of the stream does: emails, and trust and safety (the steps of erasures, which
 * conversations an agent wrote in through the team slot, for an erasure to find, and the reports' copies of a
 * redacted message): work that may wait and retry for hours without holding up unread counts. A conversation's header and its messages share a partition
 * key, so they arrive in commit order: the new-conversation email is decided before its first message's
 * notification. Each erasure step is its own record, so a long erasure never holds one invocation for long.
 */
export const applyEmailEffects = inOrder([
  onConversationOpened(sendNewConversationEmail),
  onMessage(notifyOfflineRecipient),
  onMessage(recordTeamAuthorship),
  onMessageRedacted(emptyReportedCopies),
  onInsert<ErasureStepItem>('erasure-step', runErasureStep),
]);
