import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { userItem } from '#shared/catalog/items/user';
import { clientMessagePointerItem, overDeadClaim } from '#shared/chat/items/client-message-pointer';
import {
  claimConversationNumber,
  conversationNumberItem,
  nextConversationNumber,
} from '#shared/chat/items/conversation-number';
import { headItem } from '#shared/chat/items/head';
import { joinedParticipant, newMemberItem } from '#shared/chat/items/member';
import { messageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { applyPolicy } from '#shared/policy/screen-message';
import { db } from '#shared/table/client';
import { type CancellationReason, cancellationReasons, isTransactionConflict } from '#shared/table/errors';
import type { MemberKey } from '#shared/table/keys';
import { nowIso } from '#shared/time';
import { audienceOf } from './fan-out';
import type { ConversationSnapshot, ParticipantState } from './model';
import type { Opening, OpeningPlan, TransactItem } from './opening-types';
import type { sendTokenInTransaction } from './send-budget';
import { lastMessageOf } from './views';

/** The items of a creating transaction whose refusal the opening answers (open), by name. */
export type CreateItem =
  | 'header'
  | 'alias'
  | 'claim'
  | 'token'
  | 'elsewhere'
  | 'madeUnder'
  | 'rider'
  | 'pointer'
  | 'followUpPointer';

/** A create attempt that did not commit: each named item's cancellation reason; `conflict`, a race to retry as is. */
interface Refused {
  refused: Partial<Record<CreateItem, CancellationReason>>;
  conflict: boolean;
  error: unknown;
}

/**
 * One create attempt: `numbering` is the counter as read (the number after it is claimed in this transaction) or
 * `next` (a number is taken from the counter first); `token`, the sender's token as a transaction item, when it is
 * taken here. Transaction items: the header, the number's alias, the counter's claim (when claimed here), the token
 * (when taken here), the check that `plan.elsewhere` holds no conversation, the plan's own check (`madeUnder`) and
 * its rider, then the member items, the caller's profile, the first message and its clientMessageId's pointer (not
 * over a send's live claim: overDeadClaim), the follow-up and its pointer (the same). The follow-up (seq 2) is a
 * message like any send's: the stream applies it to the member items, which the opening writes as of the first
 * message. A cancelled transaction is answered as Refused, naming why; any other failure is thrown.
 */
export const create = async (
  tenant: string,
  plan: OpeningPlan,
  numbering: number | 'next',
  token: ReturnType<typeof sendTokenInTransaction> | undefined,
): Promise<Opening | Refused> => {
  const { value: number, write: claim } =
    numbering === 'next'
      ? { value: await nextConversationNumber(tenant), write: undefined }
      : claimConversationNumber(tenant, numbering);
  const now = nowIso();
  const snapshot: ConversationSnapshot = {
    ...plan.snapshot,
    number,
    createdAt: now,
    members: [plan.caller.slot, plan.other.slot],
  };
  const parties = [plan.caller, plan.other];
  const head = headItem(tenant, snapshot, parties);
  const first = plan.firstMessage && { ...plan.firstMessage, ...(await applyPolicy(head, plan.firstMessage.text)) };
  const message =
    first &&
    messageItem(head, {
      seq: 1,
      sender: plan.caller.slot,
      senderId: plan.caller.userId,
      text: first.text,
      original: first.original,
      clientMessageId: first.clientMessageId,
      createdAt: now,
      opensConversation: true,
    });
  const followUp =
    message &&
    plan.followUp &&
    messageItem(head, {
      seq: 2,
      sender: plan.caller.slot,
      senderId: plan.caller.userId,
      ...(await applyPolicy(head, plan.followUp.text)),
      clientMessageId: plan.followUp.clientMessageId,
      createdAt: now,
    });
  const unread = (slot: MemberKey) => (message && slot !== plan.caller.slot ? 1 : 0);
  const participants = Object.fromEntries(
    parties.map((p): [MemberKey, ParticipantState] => [p.slot, joinedParticipant(p, unread(p.slot))]),
  );
  const state = { participants, lastSeq: message ? 1 : 0, lastMessage: message ? lastMessageOf(message) : null };
  const members = parties.map((p) => newMemberItem(tenant, snapshot, p, state));
  const TableName = config.tableName;
  const isNew = 'attribute_not_exists(PK)';
  const items: Array<[CreateItem | undefined, TransactItem]> = [
    ['header', { Put: { TableName, Item: head, ConditionExpression: isNew } }],
    [
      'alias',
      { Put: { TableName, Item: conversationNumberItem(tenant, number, snapshot.id), ConditionExpression: isNew } },
    ],
  ];
  if (claim) items.push(['claim', claim]);
  if (token) items.push(['token', token]);
  if (plan.elsewhere) items.push(['elsewhere', plan.elsewhere.vacant]);
  if (plan.madeUnder) items.push(['madeUnder', plan.madeUnder.check]);
  if (plan.rider) items.push(['rider', plan.rider]);
  for (const Item of [...members, userItem(tenant, plan.caller, now)])
    items.push([undefined, { Put: { TableName, Item } }]);
  for (const [stored, pointer] of [
    [message, 'pointer'],
    [followUp, 'followUpPointer'],
  ] as const) {
    if (stored) items.push([undefined, { Put: { TableName, Item: stored } }]);
    if (stored?.clientMessageId !== undefined) {
      const Item = clientMessagePointerItem({ ...stored, clientMessageId: stored.clientMessageId });
      items.push([pointer, { Put: { TableName, Item, ...overDeadClaim() } }]);
    }
  }
  // The participants' connections, for the first message's push, looked up while the transaction is in flight.
  const audience = message && audienceOf(head);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items.map(([, item]) => item) }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons && !isTransactionConflict(error)) throw error;
    const refused = Object.fromEntries(items.flatMap(([name], i) => (name ? [[name, reasons?.[i] ?? {}]] : [])));
    return { refused, conflict: isTransactionConflict(error), error };
  }
  if (message) countMetric(METRIC.messagesSent, followUp ? 2 : 1);
  return {
    opened: { member: members[0]!, created: true, ...(message && { message }), ...(followUp && { followUp }) },
    audience,
  };
};
