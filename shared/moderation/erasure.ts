import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/auth/identity';
import { erasedUserItem } from '#shared/catalog/items/erased-user';
import { deleteSeller } from '#shared/catalog/items/seller';
import { deleteUser } from '#shared/catalog/items/user';
import { forgetSellerCopies } from '#shared/catalog/seller-copy';
import { pushMessagesRedacted } from '#shared/chat/fan-out';
import { eraseFromHead } from '#shared/chat/items/head';
import { eraseFromMember, type MemberItem } from '#shared/chat/items/member';
import { type MessageItem, redactMessageItem } from '#shared/chat/items/message';
import { deleteFilesOf } from '#shared/chat/redact-message';
import { config } from '#shared/config';
import { randomId } from '#shared/ids';
import { closeSessionsOf } from '#shared/realtime/close-sessions';
import { db } from '#shared/table/client';
import { INDEXES } from '#shared/table/definition';
import { keys, LAST_LOG_KEY, seqFromSortKey, seqSortKey, userMember } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { auditItem, finishAudit } from './items/audit';
import { type ErasurePosition, type ErasureStepItem, erasureStepItem, putStepOnce } from './items/erasure-step';
import { eraseReportNote, reportsFiledIn } from './items/report';
import { nextTeamAuthorship } from './items/team-authorship';

/**
 * DELETE /v1/users/{userId} (role service): erases a user of the caller's tenant.
 *
 * At once, before answering 202: in one transaction the user is marked erased (catalog/items/erased-user.ts: from
 * then on their tokens issued before are refused, 401, wherever they could write something of theirs: send, open,
 * report, attachment upload, WebSocket connect) and the request recorded (audit, `running`) with the erasure's first step; alongside, their profile and
 * seller directory entry are deleted; then their WebSocket sessions are closed (and their registry items, which
 * hold the name and address, removed).
 * Then, step by step, driven by the table stream (runErasureStep): in every conversation the user is in, their
 * name and address are removed from the header and every participant's copy, the notes of reports they filed
 * are removed, and every message they sent is redacted (with `message.redacted` to the participants), also the
 * messages an agent wrote through the support team's slot; the copies of a seller's directory entry that their
 * products keep are removed; the last step marks the audit record `done`.
 *
 * Idempotency: every part is idempotent, so the request can be repeated at any time (a new run goes through
 * everything again, cheaply where nothing is left).
 * Ordering: the mark comes first, so a session opened meanwhile is either closed here or refused at connect; a
 * send already past its check when the mark is written may land after the steps went by, and the conversations an
 * agent wrote in are recorded by the stream (team-authorship.ts), so their last ones may not be recorded yet when
 * the steps look: repeat the request for both. No product gets a copy of the seller's entry once it is deleted (every
 * write of a copy checks the entry in its transaction); the products with one are found through an index, which
 * may not show yet one put just before the request: repeat it for that too.
 */
export const requestErasure = async (identity: Identity, userId: string) => {
  const { tenant } = identity;
  const requestId = randomId();
  const at = nowIso();
  const audit = auditItem({
    tenant,
    requestId,
    action: 'erasure',
    subjectUserId: userId,
    actorId: identity.userId,
    actorRole: identity.role,
    at,
    status: 'running',
  });
  const first = erasureStepItem({
    tenant,
    userId,
    requestId,
    step: 0,
    position: { phase: 'archived' },
    audit: { PK: audit.PK, SK: audit.SK },
    totals: { conversations: 0, messages: 0 },
  });
  const TableName = config.tableName;
  // The mark, the record and the first step together; the profile and directory entry at once alongside.
  await Promise.all([
    db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: erasedUserItem(tenant, userId) } },
          ...[audit, first].map((Item) => ({
            Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(PK)' },
          })),
        ],
      }),
    ),
    deleteUser(tenant, userId),
    deleteSeller(tenant, userId),
  ]);
  // After the mark: a session opened meanwhile is found here, or refused at its connect (ws/lifecycle.ts).
  const sessionsClosed = await closeSessionsOf(tenant, userId);
  return { id: requestId, userId, status: 'running' as const, requestedAt: at, sessionsClosed };
};

/** Items a step may read (log items, inbox entries) before it hands over to the next step. */
export const STEP_ITEMS = 100;
/** What beginning a conversation costs against that budget (the header, every member item, the reports). */
const CONVERSATION_COST = 5;
/** Redactions written at once. */
const PARALLEL_WRITES = 10;

/**
 * One step of an erasure, run by the stream's side-effect consumer on the step's INSERT record: goes on from the
 * step's position until STEP_ITEMS items were read, then writes the next step (from where it stopped) or, when
 * nothing is left, finishes the audit record. A step's work is bounded whatever the user's history, so an erasure
 * of any size finishes, one step per stream record, never near a timeout.
 *
 * Resumable and idempotent: a step that fails part-way is delivered again by the stream and redone from the same
 * position (a message redacted by the failed attempt counts as found, is not written again); the next step is
 * written only if absent, so a redelivered step starts its successor once. Conversations are gone through oldest
 * activity first, archived ones before active ones: new activity moves a conversation behind the position, never
 * before it, so none that existed when the erasure began is missed (one the user themself archives meanwhile can
 * be: repeat the request).
 */
export const runErasureStep = async (step: ErasureStepItem) => {
  const user = { tenant: step.tenant, userId: step.userId, slot: userMember(step.userId) };
  const totals = { ...step.totals };
  let position: ErasurePosition | undefined = step.position;
  let budget = STEP_ITEMS;
  while (position && budget > 0) {
    const { phase, conversation }: ErasurePosition = position;
    if (conversation) {
      const page = await eraseLogPage(user, conversation, budget);
      budget -= Math.max(1, page.read);
      totals.messages += page.sent;
      position =
        page.afterSeq === undefined
          ? withoutConversation(position)
          : { ...position, conversation: { id: conversation.id, afterSeq: page.afterSeq } };
      continue;
    }
    if (phase === 'products') {
      const page = await forgetSellerCopies(user.tenant, user.userId, budget, position.after);
      budget -= Math.max(1, page.read);
      position = page.after ? { phase, after: page.after } : nextPhase(phase);
      continue;
    }
    const next = await nextConversation(user, position);
    budget -= 1;
    if (!next) {
      position = nextPhase(phase);
      continue;
    }
    if (next.member) await eraseNames(user, next.member);
    budget -= CONVERSATION_COST;
    totals.conversations += 1;
    position = { phase, after: next.after, conversation: { id: next.conversationId, afterSeq: 0 } };
  }
  if (position) {
    const { tenant, userId, requestId, audit } = step;
    await putStepOnce(erasureStepItem({ tenant, userId, requestId, audit, step: step.step + 1, position, totals }));
    return;
  }
  await finishAudit(step.audit, { steps: step.step + 1, ...totals }, nowIso());
};

type User = { tenant: string; userId: string; slot: ReturnType<typeof userMember> };

const withoutConversation = ({ phase, after }: ErasurePosition): ErasurePosition => ({
  phase,
  ...(after && { after }),
});

const PHASES: ErasurePosition['phase'][] = ['archived', 'active', 'team', 'products'];

/**
 * Archived conversations, then active ones, then those the user wrote in as an agent of the support team, then the
 * copies of their seller's entry that products keep.
 */
const nextPhase = (phase: ErasurePosition['phase']): ErasurePosition | undefined => {
  const next = PHASES[PHASES.indexOf(phase) + 1];
  return next && { phase: next };
};

interface NextConversation {
  conversationId: string;
  /** Where the phase goes on after it. */
  after: Record<string, string>;
  /** The user's own member item (inbox phases): their name and address are erased from the conversation. */
  member?: MemberItem;
}

/** The next conversation of this phase after the position. */
const nextConversation = async (user: User, position: ErasurePosition): Promise<NextConversation | undefined> => {
  if (position.phase === 'team') {
    const authored = await nextTeamAuthorship(user.tenant, user.userId, position.after);
    return authored && { conversationId: authored.conversationId, after: { PK: authored.PK, SK: authored.SK } };
  }
  const member = await nextInboxConversation(user, position);
  return (
    member && {
      conversationId: member.conversationId,
      after: { PK: member.PK, SK: member.SK, GSI1PK: member.GSI1PK, GSI1SK: member.GSI1SK },
      member,
    }
  );
};

/** The next conversation of the user's inbox (this phase's partition) after the position, oldest activity first. */
const nextInboxConversation = async (user: User, position: ErasurePosition) => {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: INDEXES.inbox.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': INDEXES.inbox.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.inboxPk(user.tenant, user.slot, position.phase === 'archived') },
      ScanIndexForward: true,
      Limit: 1,
      ...(position.after && { ExclusiveStartKey: position.after }),
    }),
  );
  return Items[0] as MemberItem | undefined;
};

/** The user's name and address in the conversation's header and member items, and their reports' notes. */
const eraseNames = async (user: User, member: MemberItem) => {
  const asSeller = member.conversation.seller?.id === user.userId;
  await eraseFromHead(user.tenant, member.conversationId, user.slot, asSeller);
  await Promise.all(
    member.conversation.members.map((slot) =>
      eraseFromMember(
        { tenant: user.tenant, conversationId: member.conversationId, member: slot },
        { slot: user.slot, asSeller },
      ),
    ),
  );
  for (const report of await reportsFiledIn(user.tenant, member.conversationId, user.userId))
    await eraseReportNote(report);
};

/**
 * Up to `limit` log items after `afterSeq`, strongly consistent; the user's messages among them are redacted
 * and announced (those redacted before are left as they are). `afterSeq` is where the next page starts, undefined at the end.
 */
const eraseLogPage = async (user: User, conversation: { id: string; afterSeq: number }, limit: number) => {
  const page = await db().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      FilterExpression: 'senderId = :user',
      ExpressionAttributeValues: {
        ':pk': keys.conversationPk(user.tenant, conversation.id),
        ':from': seqSortKey(conversation.afterSeq + 1),
        ':to': LAST_LOG_KEY,
        ':user': user.userId,
      },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  const messages = (page.Items ?? []) as MessageItem[];
  const pending = messages.filter((m) => !m.redacted);
  for (let i = 0; i < pending.length; i += PARALLEL_WRITES)
    await Promise.all(
      pending.slice(i, i + PARALLEL_WRITES).map(async (m) => {
        await deleteFilesOf(m); // first, as in redactMessage: a redelivered step finds the message still listing them
        await redactMessageItem(m);
      }),
    );
  // Announced as a moderator's redaction is (a redelivered step announces again; clients drop duplicates).
  const [first] = pending;
  if (first)
    await pushMessagesRedacted(
      { tenant: user.tenant, id: conversation.id, members: first.members },
      pending.map((m) => m.id),
    );
  const last = page.LastEvaluatedKey?.SK;
  return {
    read: page.ScannedCount ?? messages.length,
    sent: messages.length,
    afterSeq: typeof last === 'string' ? seqFromSortKey(last) : undefined,
  };
};
