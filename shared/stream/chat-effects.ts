import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { applyMessages } from './apply-message';
import { applyReadReceipt, isNewRead } from './apply-read-receipt';
import { applyRedaction } from './apply-redaction';
import { failedAt } from './process-in-order';
import { flaggedEntity, insertedEntity, modifiedEntity } from './records';

/** One effect on one conversation, and the batch positions of the records it stands for (the first one reported). */
type Step = { records: number[] } & (
  | { kind: 'messages'; messages: MessageItem[] }
  | { kind: 'redaction'; message: MessageItem }
  | { kind: 'read'; before: MemberItem; after: MemberItem }
);

/**
 * What the chat's stream consumer does with a batch: new messages' effect on every member item (unread, activity
 * order, preview: apply-message.ts), a redaction's on the previews that show the redacted message
 * (apply-redaction.ts), and a participant's read copied into the other member items (apply-read-receipt.ts).
 *
 * A conversation's records are handled in batch order, and it stops at its first failure; conversations are
 * independent (each effect writes only its own conversation's member items), so they are handled side by side.
 * Consecutive messages of a conversation (seq n, n+1, …, in that order in the batch) are applied as one run: a
 * burst costs one update per member item per batch, not one per message.
 * A failure is reported as the earliest record of the batch not (wholly) applied: Lambda retries from it, records
 * after it of other conversations included, which were applied already and change nothing again (every effect is
 * idempotent: applied seqs, read positions and previews only move forward). So order per conversation holds through
 * retries, and what other conversations had applied is not applied twice.
 */
export const handleChatBatch = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const conversations = new Map<string, Step[]>();
  for (const [position, record] of event.Records.entries()) {
    const step = stepOf(record, position);
    if (!step) continue;
    const conversation = record.dynamodb?.Keys?.PK?.S ?? '';
    const steps = conversations.get(conversation) ?? [];
    conversations.set(conversation, steps);
    const previous = steps.at(-1);
    if (step.kind === 'messages' && previous?.kind === 'messages' && follows(previous.messages, step.messages)) {
      previous.messages.push(...step.messages);
      previous.records.push(position);
    } else steps.push(step);
  }
  const failures = await Promise.all([...conversations.values()].map(applyInOrder));
  const first = failures.reduce<Failure | undefined>(
    (a, b) => (a && (!b || a.position <= b.position) ? a : b),
    undefined,
  );
  return first ? failedAt(event.Records[first.position]!, first.error) : { batchItemFailures: [] };
};

interface Failure {
  position: number;
  error: unknown;
}

const stepOf = (record: DynamoDBRecord, position: number): Step | undefined => {
  const records = [position];
  const message = insertedEntity<MessageItem>(record, 'message');
  if (message) return { records, kind: 'messages', messages: [message] };
  const redacted = flaggedEntity<MessageItem>(record, 'message', 'redacted');
  if (redacted) return { records, kind: 'redaction', message: redacted };
  const member = modifiedEntity<MemberItem>(record, 'member');
  if (member && isNewRead(member.before, member.after)) return { records, kind: 'read', ...member };
  return undefined;
};

const follows = (run: MessageItem[], next: MessageItem[]) => run[run.length - 1]!.seq + 1 === next[0]!.seq;

/** A conversation's steps, one after the other; the first that fails, and what stays undone from it on. */
const applyInOrder = async (steps: Step[]): Promise<Failure | undefined> => {
  for (const step of steps) {
    try {
      if (step.kind === 'messages') await applyMessages(step.messages);
      else if (step.kind === 'redaction') await applyRedaction(step.message);
      else await applyReadReceipt(step.before, step.after);
    } catch (error) {
      return { position: step.records[0]!, error };
    }
  }
  return undefined;
};
