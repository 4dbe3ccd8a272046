import { numberMissingRecording, type RecordNumbers, readUserNumbers } from '#shared/catalog/user-number';
import { type MemberItem, recordUserNumbers, userNumbersUpdate } from '#shared/chat/items/member';

/** A member item the response shows, and the users it shows of it (its participants, the shop, senders). */
interface Shown {
  item: MemberItem;
  userIds: readonly string[];
}

/**
 * The user numbers the integer-id dialects (003, 004) show, read where the response's own read already went: each
 * member item keeps the numbers of the users shown of it (`userNumbers`), so a page of items that have them needs no
 * other read.
 *
 * Whoever is not on an item yet (conversations opened before, or through another API; an agent who wrote in a support
 * conversation) is read, numbered if they have no number (shared/catalog/user-number.ts), and recorded on the items
 * that lacked them: in the numbering transaction when there is one, so an item never shows a number that was not
 * claimed; else by one update per such item, all at once. So a list reads once when its items have their numbers,
 * and the first time a conversation is shown without them it also reads the numbers, then writes. Idempotent:
 * numbers never change, so a repeat writes the same values or nothing.
 */
export const numbersShown = async (tenant: string, shown: readonly Shown[]): Promise<ReadonlyMap<string, number>> => {
  const known = new Map<string, number>();
  for (const { item } of shown) for (const [id, n] of Object.entries(item.userNumbers ?? {})) known.set(id, n);
  const lacking = shown.filter(({ item, userIds }) => userIds.some((id) => item.userNumbers?.[id] === undefined));
  if (lacking.length === 0) return known;
  // A user whom another item of the page has already is only copied over.
  const read = await readUserNumbers(
    tenant,
    lacking.flatMap((s) => s.userIds).filter((id) => !known.has(id)),
  );
  const withNumbers = (numbers: ReadonlyMap<string, number>) =>
    lacking.map(({ item, userIds }) => ({
      item,
      numbers: { ...item.userNumbers, ...Object.fromEntries(userIds.map((id) => [id, numbers.get(id)!])) },
    }));
  const alongside: RecordNumbers = (numbers) =>
    withNumbers(new Map([...known, ...numbers])).map(({ item, numbers: n }) => ({
      Update: userNumbersUpdate(item, n),
    }));
  const { numbers, recorded } = await numberMissingRecording(tenant, read, alongside);
  const all = new Map([...known, ...numbers]);
  if (!recorded) await Promise.all(withNumbers(all).map(({ item, numbers: n }) => recordUserNumbers(item, n)));
  return all;
};
