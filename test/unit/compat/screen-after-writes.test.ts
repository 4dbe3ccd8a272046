import { describe, expect, it } from 'vitest';
import type { MessageView } from '#shared/chat/views';
import { screenAfterWrites } from '#shared/compat/support-chat-envelope/chats';

const m = (seq: number, text = `m${seq}`): MessageView => ({
  id: `id-${seq}`,
  conversationId: 'c',
  seq,
  senderId: 'u',
  text,
  createdAt: '2026-11-30T00:00:00.000Z',
});
/** Newest first, as the history is read. */
const history = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => m(to - i));

describe('screenAfterWrites: newChat’s screen from the history read before its writes and the lines it stored', () => {
  it('is the history then the lines, oldest first, when they follow on without a gap', () => {
    expect(screenAfterWrites(history(1, 3), [m(4), m(5)], 100)?.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(screenAfterWrites([], [m(1), m(2)], 100)?.map((x) => x.seq)).toEqual([1, 2]);
    expect(screenAfterWrites(history(1, 2), [], 100)?.map((x) => x.seq)).toEqual([1, 2]);
    expect(screenAfterWrites([], [], 100)).toEqual([]);
  });

  it('keeps only the newest `limit`', () => {
    expect(screenAfterWrites(history(1, 100), [m(101)], 100)?.map((x) => x.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 2),
    );
  });

  it('takes a retried line as stored, once, where the history already has it', () => {
    const shown = screenAfterWrites(history(1, 2), [m(2, 'stored')], 100);
    expect(shown?.map((x) => [x.seq, x.text])).toEqual([
      [1, 'm1'],
      [2, 'stored'],
    ]);
  });

  it('is undefined when another message came in between (the log must be read again)', () => {
    expect(screenAfterWrites(history(1, 3), [m(5)], 100)).toBeUndefined();
    expect(screenAfterWrites([], [m(2), m(3)], 100)).toBeUndefined();
  });
});
