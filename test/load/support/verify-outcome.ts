import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { keys } from '#shared/table/keys';
import type { HttpCall } from '#test/support/http/client';
import type { LoadConversation, LoadOutcome, Participant } from './chat-load';

interface LoggedMessage {
  id: string;
  seq: number;
  senderId: string;
  text: string;
  clientMessageId?: string;
}

export interface Verdict {
  problems: string[];
  messages: number;
}

/**
 * Checks the end state against what the senders were told: every acknowledged message is in the log at its
 * seq (none lost), nothing else is (none duplicated), seqs are 1..n without gaps, each sender's messages are
 * in the order it sent them, every message with a clientMessageId has its pointer (no half-written send), and,
 * once the stream has caught up, every unread count and the unread totals equal the truth from the log.
 */
export const verifyOutcome = async (call: HttpCall, outcome: LoadOutcome, settleMs = 30_000): Promise<Verdict> => {
  const problems = [...outcome.problems];
  const logs = new Map<string, LoggedMessage[]>();
  for (const conversation of outcome.conversations) {
    const log = await readLog(call, conversation);
    logs.set(conversation.id, log);
    problems.push(...checkLog(conversation, log), ...(await checkPointers(outcome.tenant, conversation, log)));
  }
  for (const [status, count] of outcome.statuses) {
    if (status >= 500 || status === 0) problems.push(`${count} responses with status ${status || 'connection error'}`);
  }
  problems.push(...(await settled(() => checkUnread(call, outcome, logs), settleMs)));
  return { problems, messages: [...logs.values()].reduce((n, log) => n + log.length, 0) };
};

const readLog = async (call: HttpCall, conversation: LoadConversation): Promise<LoggedMessage[]> => {
  const log: LoggedMessage[] = [];
  for (let query = 'after=0'; ; ) {
    const page = await call('GET', `/v1/conversations/${conversation.id}/messages?${query}&limit=100`, {
      token: conversation.customer.token,
    });
    if (page.status !== 200) throw new Error(`reading the log answered ${page.status}`);
    log.push(...page.body.items);
    if (!page.body.nextCursor) return log;
    query = `cursor=${page.body.nextCursor}`;
  }
};

const checkLog = (conversation: LoadConversation, log: LoggedMessage[]): string[] => {
  const problems: string[] = [];
  const where = `conversation ${conversation.id}`;
  log.forEach((m, i) => {
    if (m.seq !== i + 1) problems.push(`${where}: position ${i + 1} holds seq ${m.seq} (gap or disorder)`);
  });
  const bySeq = new Map(log.map((m) => [m.seq, m]));
  for (const ack of conversation.acks) {
    const logged = bySeq.get(ack.seq);
    if (!logged || logged.id !== ack.id || logged.text !== ack.text)
      problems.push(`${where}: acknowledged ${ack.clientMessageId} (seq ${ack.seq}) is not in the log (lost)`);
  }
  const acked = new Set(conversation.acks.map((a) => a.id));
  for (const m of log) {
    if (!acked.has(m.id))
      problems.push(`${where}: seq ${m.seq} (${m.clientMessageId}) was never acknowledged to its sender (duplicate?)`);
  }
  const clientIds = log.map((m) => `${m.senderId}/${m.clientMessageId}`);
  if (new Set(clientIds).size !== clientIds.length)
    problems.push(`${where}: a clientMessageId appears twice in the log`);
  const senders = new Set(conversation.acks.map((a) => a.sender));
  for (const sender of senders) {
    const seqs = conversation.acks
      .filter((a) => a.sender === sender)
      .sort((a, b) => a.order - b.order)
      .map((a) => a.seq);
    if (seqs.some((seq, i) => i > 0 && seq <= seqs[i - 1]!))
      problems.push(`${where}: sender ${sender}'s messages are out of order: ${seqs.join(',')}`);
  }
  return problems;
};

/**
 * Straight from the table: every message with a clientMessageId has the pointer naming it (by id when a send claimed
 * it, by seq when written with the message), and every pointer names a message in the log (a send claims its pointer
 * before it stores the message; every load send is retried until acknowledged, so no claim is left without it).
 */
const checkPointers = async (
  tenant: string,
  conversation: LoadConversation,
  log: LoggedMessage[],
): Promise<string[]> => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  try {
    const pointers = new Map<string, { seq?: number; messageId?: string }>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: config.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :cmid)',
          ExpressionAttributeValues: { ':pk': keys.conversationPk(tenant, conversation.id), ':cmid': 'CMID#' },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) pointers.set(String(item.SK).split('#').slice(-1)[0]!, item);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const problems: string[] = [];
    for (const m of log) {
      const pointer = m.clientMessageId === undefined ? undefined : pointers.get(m.clientMessageId);
      if (m.clientMessageId !== undefined && pointer?.messageId !== m.id && pointer?.seq !== m.seq) {
        problems.push(`conversation ${conversation.id}: seq ${m.seq} has no clientMessageId pointer naming it`);
      }
    }
    const withId = log.filter((m) => m.clientMessageId !== undefined).length;
    if (pointers.size !== withId) {
      problems.push(
        `conversation ${conversation.id}: ${pointers.size} pointers for ${withId} messages with a clientMessageId (a claim without its message)`,
      );
    }
    return problems;
  } finally {
    client.destroy();
  }
};

const checkUnread = async (
  call: HttpCall,
  outcome: LoadOutcome,
  logs: Map<string, LoggedMessage[]>,
): Promise<string[]> => {
  const problems: string[] = [];
  const expectedTotals = new Map<string, { total: number; conversations: number; token: string }>();
  for (const conversation of outcome.conversations) {
    const log = logs.get(conversation.id)!;
    const tip = log[log.length - 1]!.seq;
    for (const viewer of [conversation.customer, conversation.seller]) {
      const view = await call('GET', `/v1/conversations/${conversation.id}`, { token: viewer.token });
      const where = `conversation ${conversation.id} as ${viewer.id}`;
      if (view.body.lastMessage?.seq !== tip)
        problems.push(`${where}: lastMessage seq ${view.body.lastMessage?.seq}, log tip ${tip} (stream behind)`);
      for (const p of view.body.participants as Array<{ userId: string; unreadCount: number; lastReadSeq: number }>) {
        const truth = log.filter((m) => m.senderId !== p.userId && m.seq > p.lastReadSeq).length;
        if (p.unreadCount !== truth)
          problems.push(`${where}: ${p.userId} unread ${p.unreadCount}, truth ${truth} (read up to ${p.lastReadSeq})`);
        if (p.userId === viewer.id) addTotal(expectedTotals, viewer, truth);
      }
    }
  }
  for (const [userId, expected] of expectedTotals) {
    const unread = await call('GET', '/v1/unread', { token: expected.token });
    if (unread.body.total !== expected.total || unread.body.conversations !== expected.conversations) {
      problems.push(
        `${userId}: GET /v1/unread ${JSON.stringify(unread.body)}, truth ${JSON.stringify({ total: expected.total, conversations: expected.conversations })}`,
      );
    }
  }
  return problems;
};

const addTotal = (
  totals: Map<string, { total: number; conversations: number; token: string }>,
  viewer: Participant,
  unread: number,
) => {
  const current = totals.get(viewer.id) ?? { total: 0, conversations: 0, token: viewer.token };
  totals.set(viewer.id, {
    ...current,
    total: current.total + unread,
    conversations: current.conversations + (unread > 0 ? 1 : 0),
  });
};

/** The last answer of `check`, retried until it finds no problem or time is up (the stream applies unread counts). */
const settled = async (check: () => Promise<string[]>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await check();
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};
