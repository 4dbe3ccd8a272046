import { describe, expect, it } from 'vitest';
import type { ConversationHost } from '#client/live-conversation';
import { LiveConversation, TYPING_THROTTLE_MS } from '#client/live-conversation';
import type { Conversation, Message } from '#client/types';

/** An in-memory conversation log that pages like the API (newest first / after, opaque cursors). */
const fakeServer = (count: number) => {
  const log: Message[] = [];
  const append = (senderId: string, text: string, clientMessageId?: string) => {
    const existing = log.find((m) => clientMessageId && m.clientMessageId === clientMessageId);
    if (existing) return existing;
    const seq = log.length + 1;
    const message: Message = {
      id: `m-${seq}`,
      conversationId: 'c1',
      seq,
      senderId,
      text,
      createdAt: new Date(seq * 1000).toISOString(),
      ...(clientMessageId && { clientMessageId }),
    };
    log.push(message);
    return message;
  };
  for (let i = 0; i < count; i++) append('seller-1', `old ${i + 1}`);
  const requests: string[] = [];
  const typing: string[] = [];
  const host: ConversationHost = {
    me: { sub: 'ana', role: 'customer' },
    fetchMessages: async (_id, { after, before, cursor, limit }) => {
      requests.push(JSON.stringify({ after, before, cursor }));
      const [direction, position] = cursor
        ? (JSON.parse(cursor) as [string, number])
        : [after === undefined ? 'before' : 'after', after ?? before ?? Number.MAX_SAFE_INTEGER];
      const items =
        direction === 'after'
          ? log.filter((m) => m.seq > position).slice(0, limit)
          : log
              .filter((m) => m.seq < position)
              .reverse()
              .slice(0, limit);
      const last = items.at(-1);
      const more = direction === 'after' ? last && last.seq < log.length : last && last.seq > 1;
      return { items: items.map((m) => ({ ...m })), nextCursor: more ? JSON.stringify([direction, last!.seq]) : null };
    },
    fetchConversation: async () =>
      ({
        id: 'c1',
        participants: [
          { userId: 'ana', role: 'customer', unreadCount: 0, lastReadSeq: 0, lastReadAt: null, joinedAt: '' },
          { userId: 'seller-1', role: 'seller', unreadCount: 0, lastReadSeq: 2, lastReadAt: null, joinedAt: '' },
        ],
      }) as unknown as Conversation,
    postMessage: async (_id, text, clientMessageId) => append('ana', text, clientMessageId),
    postRead: async (_id, seq) => ({ unreadCount: 0, lastReadSeq: seq ?? log.length, lastReadAt: 'now' }),
    sendTyping: (id) => {
      typing.push(id);
      return true;
    },
    watching: () => undefined,
  };
  return { log, append, host, requests, typing };
};

const seqs = (messages: Message[]) => messages.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('live conversation', () => {
  it('loads the newest page, pages back through history, and knows the others’ read position', async () => {
    const server = fakeServer(120);
    const conversation = new LiveConversation(server.host, 'c1');
    await conversation.watch();
    expect(seqs(conversation.messages)).toEqual(range(71, 120));
    expect(conversation.lastSeq).toBe(120);
    expect(conversation.readByOthers).toBe(2);
    while (await conversation.loadOlder());
    expect(seqs(conversation.messages)).toEqual(range(1, 120));
    expect(conversation.hasOlder).toBe(false);
  });

  it('takes each message once and in seq order, fetching the gap when a push comes early', async () => {
    const server = fakeServer(3);
    const conversation = new LiveConversation(server.host, 'c1');
    const events: number[] = [];
    conversation.on('message', (m) => events.push(m.seq));
    await conversation.watch();
    for (let i = 0; i < 5; i++) server.append('seller-1', `new ${i}`); // seqs 4..8, only 8 and 6 are pushed
    conversation.receive({ ...server.log[7]! });
    conversation.receive({ ...server.log[5]! });
    await conversation.catchUp();
    conversation.receive({ ...server.log[7]! }); // a retried push
    expect(seqs(conversation.messages)).toEqual(range(1, 8));
    expect(events).toEqual(range(4, 8));
    expect(server.requests.filter((r) => r.includes('"after":3'))).toHaveLength(1);
  });

  it('sorts out pushes that arrive while the first page loads', async () => {
    const server = fakeServer(2);
    const conversation = new LiveConversation(server.host, 'c1');
    server.append('seller-1', 'three');
    const loading = conversation.watch();
    conversation.receive({ ...server.log[2]! });
    server.append('seller-1', 'four');
    conversation.receive({ ...server.log[3]! });
    await loading;
    expect(seqs(conversation.messages)).toEqual([1, 2, 3, 4]);
  });

  it('a catch-up asked for before the first page waits for it: never a walk from seq 0', async () => {
    const server = fakeServer(200);
    const conversation = new LiveConversation(server.host, 'c1');
    const loading = conversation.watch();
    const caughtUp = conversation.catchUp(); // the socket opened while the page loads
    await Promise.all([loading, caughtUp]);
    expect(server.requests).toEqual([JSON.stringify({}), JSON.stringify({ after: 200 })]);
    expect(seqs(conversation.messages)).toEqual(range(151, 200));
  });

  it('follows nextCursor through a long catch-up', async () => {
    const server = fakeServer(1);
    const conversation = new LiveConversation(server.host, 'c1');
    await conversation.watch();
    for (let i = 0; i < 130; i++) server.append('seller-1', `burst ${i}`);
    await conversation.catchUp();
    expect(seqs(conversation.messages)).toEqual(range(1, 131));
    expect(server.requests.filter((r) => r.includes('cursor":"'))).toHaveLength(2);
  });

  it('shows a send as pending until the server has it, then exactly once', async () => {
    const server = fakeServer(1);
    const conversation = new LiveConversation(server.host, 'c1');
    await conversation.watch();
    const sending = conversation.send('hello');
    expect(conversation.pending.map((p) => [p.text, p.status])).toEqual([['hello', 'sending']]);
    const message = await sending;
    conversation.receive({ ...message }); // its push arrives after the answer
    expect(conversation.pending).toEqual([]);
    expect(conversation.messages.map((m) => m.text)).toEqual(['old 1', 'hello']);
    expect(message.clientMessageId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('marks a send failed when the server refuses it, and resends it with the same clientMessageId', async () => {
    const server = fakeServer(0);
    let refuse = true;
    const host = { ...server.host };
    host.postMessage = async (id, text, clientMessageId) => {
      if (refuse) throw new Error('refused');
      return server.host.postMessage(id, text, clientMessageId);
    };
    const conversation = new LiveConversation(host, 'c1');
    await conversation.watch();
    await expect(conversation.send('hi')).rejects.toThrow('refused');
    const [failed] = conversation.pending;
    expect(failed?.status).toBe('failed');
    refuse = false;
    const message = await conversation.resend(failed!.clientMessageId);
    expect(message.clientMessageId).toBe(failed!.clientMessageId);
    expect(conversation.pending).toEqual([]);
  });

  it('sends at most one typing action per throttle window', () => {
    const server = fakeServer(0);
    const conversation = new LiveConversation(server.host, 'c1');
    for (let i = 0; i < 20; i++) conversation.typing();
    expect(server.typing).toEqual(['c1']);
    expect(TYPING_THROTTLE_MS).toBeGreaterThanOrEqual(1000);
  });

  it('shows who is typing until their message arrives, and read receipts of the others only', async () => {
    const server = fakeServer(1);
    const conversation = new LiveConversation(server.host, 'c1');
    await conversation.watch();
    conversation.receiveTyping({ type: 'typing', conversationId: 'c1', userId: 'seller-1' });
    conversation.receiveTyping({ type: 'typing', conversationId: 'c1', userId: 'ana' });
    expect(conversation.typingUsers).toEqual(['seller-1']);
    conversation.receive({ ...server.append('seller-1', 'there') });
    expect(conversation.typingUsers).toEqual([]);
    conversation.receiveRead({ type: 'conversation.read', conversationId: 'c1', userId: 'seller-1', lastReadSeq: 2 });
    conversation.receiveRead({ type: 'conversation.read', conversationId: 'c1', userId: 'ana', lastReadSeq: 9 });
    expect(conversation.readByOthers).toBe(2);
  });
});
