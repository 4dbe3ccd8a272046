import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, createGuestSession, type Message, readClaims } from '#client/index';
import { tokenFor } from '#test/support/auth/tokens';
import { chatClient, until } from '#test/support/client/chat-clients';
import { call } from '#test/support/http/client';
import { newWorld } from '#test/support/stack/world';

const seqs = (messages: Message[]) => messages.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('client library against the local stack', () => {
  it('a shopper and a seller chat live: messages, typing and read receipts', async () => {
    const w = await newWorld();
    const shopper = chatClient(() => w.customer.token);
    const seller = chatClient(() => w.seller.token);
    await Promise.all([shopper.chat.connect(), seller.chat.connect()]);

    const opened = await shopper.chat.openProductConversation(w.productId, 'Is it in stock?');
    const mine = shopper.chat.conversation(opened.id);
    const theirs = seller.chat.conversation(opened.id);
    await Promise.all([mine.watch(), theirs.watch()]);
    expect(theirs.messages.map((m) => m.text)).toEqual(['Is it in stock?']);

    await theirs.send('Yes, three left.');
    await until(
      (l) => mine.on('change', l),
      () => mine.messages.length === 2,
      'the answer',
    );
    expect(mine.messages.map((m) => [m.senderId, m.text])).toEqual([
      [w.customer.id, 'Is it in stock?'],
      [w.seller.id, 'Yes, three left.'],
    ]);

    mine.typing();
    await until(
      (l) => theirs.on('change', l),
      () => theirs.typingUsers.includes(w.customer.id),
      'typing',
    );

    await mine.markRead();
    await until(
      (l) => theirs.on('change', l),
      () => theirs.readByOthers === 2,
      'the read receipt',
    );
  });

  it('a socket dropped in the middle of a burst: every message arrives once, in order, after the reconnect', async () => {
    const w = await newWorld();
    const id = (await w.openProductConversation({ message: 'Hello' })).id;
    const shopper = chatClient(() => w.customer.token);
    await shopper.chat.connect();
    const conversation = shopper.chat.conversation(id);
    const delivered: number[] = [];
    conversation.on('message', (m) => delivered.push(m.seq));
    await conversation.watch();

    const burst = 40;
    const sending = (async () => {
      for (let i = 1; i <= burst; i++) {
        const sent = await call('POST', `/v1/conversations/${id}/messages`, {
          token: w.seller.token,
          body: { text: `burst ${i}`, clientMessageId: `b-${i}` },
        });
        expect(sent.status).toBe(201);
      }
    })();
    await until(
      (l) => conversation.on('message', l),
      () => conversation.lastSeq >= 10,
      'ten messages',
    );
    shopper.dropSocket();
    const recovered = until(
      (l) => shopper.chat.on('connection.recovered', l),
      () => shopper.sockets.length >= 2,
      'the reconnect',
    );
    await sending;
    await recovered;
    await until(
      (l) => conversation.on('change', l),
      () => conversation.lastSeq === burst + 1,
      'the whole burst',
    );

    expect(seqs(conversation.messages)).toEqual(range(1, burst + 1));
    expect(delivered).toEqual(range(2, burst + 1));
    expect(new Set(conversation.messages.map((m) => m.id)).size).toBe(burst + 1);
    expect(shopper.sockets.length).toBeGreaterThanOrEqual(2);
  });

  it('a catch-up that meets a network not quite back is retried until it has every message', async () => {
    const w = await newWorld();
    const id = (await w.openProductConversation({ message: 'Hello' })).id;
    let offline = false;
    let failuresLeft = 0;
    let failures = 0;
    const sockets: WebSocket[] = [];
    const shopper = chatClient(() => w.customer.token, {
      socket: (url) => {
        if (offline) throw new Error('network is down');
        const socket = new WebSocket(url);
        sockets.push(socket);
        return socket;
      },
      // The first catch-up requests after the network is back fail, as a network not quite back would.
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.url.includes('after=') && failuresLeft > 0) {
          failuresLeft -= 1;
          failures += 1;
          throw new TypeError('network is down');
        }
        return fetch(request);
      },
    });
    await shopper.chat.connect();
    const conversation = shopper.chat.conversation(id);
    await conversation.watch();

    offline = true;
    sockets.at(-1)!.terminate();
    await until(
      (l) => shopper.chat.on('connection.changed', l),
      () => shopper.chat.connectionState === 'reconnecting',
      'the loss',
    );
    for (const text of ['one', 'two']) // pushed to nobody: only a catch-up can bring them
      await call('POST', `/v1/conversations/${id}/messages`, { token: w.seller.token, body: { text } });
    failuresLeft = 2;
    offline = false;

    await until(
      (l) => conversation.on('change', l),
      () => conversation.lastSeq === 3,
      'the caught-up messages',
    );
    expect(conversation.messages.map((m) => m.text)).toEqual(['Hello', 'one', 'two']);
    expect(failures).toBe(2);
  });

  it('a send whose answer is lost is retried with its clientMessageId and stored once', async () => {
    const w = await newWorld();
    const id = (await w.openProductConversation({ message: 'Hello' })).id;
    let lost = 0;
    const shopper = chatClient(() => w.customer.token, {
      // The request reaches the API, its answer never reaches us: the worst case for a retry.
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await fetch(request);
        if (request.method === 'POST' && request.url.endsWith('/messages') && lost++ === 0)
          throw new TypeError('network connection lost');
        return response;
      },
    });
    const conversation = shopper.chat.conversation(id);
    await conversation.watch();
    const message = await conversation.send('Only once, please');
    expect(lost).toBe(2);

    const log = await call('GET', `/v1/conversations/${id}/messages?after=0`, { token: w.customer.token });
    expect(log.body.items.map((m: Message) => m.text)).toEqual(['Hello', 'Only once, please']);
    expect(log.body.items[1].id).toBe(message.id);
    expect(conversation.messages.map((m) => m.text)).toEqual(['Hello', 'Only once, please']);
  });

  it('asks for a fresh token after a 401 and repeats the request', async () => {
    const w = await newWorld();
    const asked: boolean[] = [];
    const shopper = chatClient(({ forceRefresh }) => {
      asked.push(forceRefresh);
      return forceRefresh ? w.customer.token : 'refused.token.value';
    });
    const unread = await shopper.chat.unread();
    expect(unread).toEqual({ total: 0, conversations: 0 });
    expect(asked).toEqual([false, true]);
  });

  it('a refused token stays an error once the provider has nothing better', async () => {
    const shopper = chatClient(() => 'refused.token.value');
    const error = await shopper.chat.unread().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
  });

  it('renews the socket with a fresh token before the old one ends, and keeps receiving', async () => {
    const w = await newWorld();
    const id = (await w.openProductConversation({ message: 'Hello' })).id;
    const expiries: number[] = [];
    const shopper = chatClient(async () => {
      const token = await tokenFor({ sub: w.customer.id, role: 'customer', tenant: w.tenant }, 4);
      expiries.push(readClaims(token)!.exp!);
      return token;
    });
    await shopper.chat.connect();
    const conversation = shopper.chat.conversation(id);
    await conversation.watch();
    // The server pushes nothing to a connection whose token has ended: the client must have moved to a new
    // socket with a new token (after three quarters of the 4 s) before then. Send after the first token's end.
    await new Promise((resolve) => setTimeout(resolve, expiries[0]! * 1000 + 500 - Date.now()));
    await call('POST', `/v1/conversations/${id}/messages`, { token: w.seller.token, body: { text: 'Still there?' } });
    await until(
      (l) => conversation.on('change', l),
      () => conversation.lastSeq === 2,
      'the live message',
    );
    expect(conversation.messages.map((m) => m.text)).toEqual(['Hello', 'Still there?']);
    expect(expiries.length).toBeGreaterThanOrEqual(2);
    expect(shopper.sockets.length).toBeGreaterThanOrEqual(2);
  });

  it('a guest session gives a token the client can chat with', async () => {
    const w = await newWorld();
    const session = await createGuestSession({
      apiUrl: inject('httpUrl'),
      tenant: w.tenant,
      name: 'Gina',
    });
    const guest = chatClient(() => session.token);
    const { conversation, allAgentsIdle } = await guest.chat.openSupportConversation('Where is my parcel?');
    expect(allAgentsIdle).toBe(true);
    expect(conversation.topic?.type).toBe('support');
    expect(guest.chat.me).toMatchObject({ sub: session.userId, role: 'guest' });
  });
});
