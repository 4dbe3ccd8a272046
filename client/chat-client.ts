import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { Emitter } from './emitter';
import { ApiError } from './errors';
import { newClientMessageId } from './ids';
import { type ConversationHost, LiveConversation } from './live-conversation';
import { type ConnectionState, Realtime, type SocketFactory } from './realtime';
import { createRestClient, type RestClient } from './rest';
import { type RetryPolicy, withRetries } from './retry';
import { type TokenClaims, type TokenProvider, TokenSource } from './tokens';
import type {
  Conversation,
  ConversationPage,
  ConversationReadEvent,
  ErrorEvent,
  Message,
  MessageCreatedEvent,
  Problem,
  ReadState,
  ServerEvent,
  SupportAvailability,
  SupportConversationResult,
  TypingEvent,
  UnreadSummary,
} from './types';

export interface ChatClientOptions {
  /** The HTTP API's base URL, e.g. `http://localhost:3000` (the stack's `HttpApiUrl` output in AWS). */
  apiUrl: string;
  /** The WebSocket API's URL, e.g. `ws://localhost:3001` (the stack's `WebSocketUrl` output in AWS). */
  wsUrl: string;
  /** Your token: called first, again before the token expires, and with `forceRefresh` after a 401. */
  getToken: TokenProvider;
  fetch?: typeof fetch;
  /** How to open a WebSocket (default: the global `WebSocket`). */
  socket?: SocketFactory;
  backoff?: BackoffPolicy;
  /** Attempts per send, the first included (default 8). */
  sendAttempts?: number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** Ask for a new token this long before the current one expires (default 60 s). */
  refreshBeforeMs?: number;
  random?: () => number;
}

interface ChatClientEvents {
  /** Every push as it comes (a retried push may repeat one): `LiveConversation` de-duplicates and orders. */
  'message.created': MessageCreatedEvent;
  'conversation.read': ConversationReadEvent;
  typing: TypingEvent;
  /** The server refused an action sent over the socket. */
  error: ErrorEvent;
  /** Every server event, including types this version does not know yet. */
  event: ServerEvent;
  'connection.changed': { state: ConnectionState; previous: ConnectionState };
  /** A lost socket is back and every watched conversation has caught up: refresh lists and badges now. */
  'connection.recovered': { caughtUp: string[] };
}

/**
 * The chat for one user: typed REST calls (`rest`, generated from docs/openapi.yaml, plus the helpers below),
 * one WebSocket kept open, and live conversations that stay complete and in order through network losses.
 *
 * ```ts
 * const chat = new ChatClient({ apiUrl, wsUrl, getToken: () => myToken });
 * await chat.connect();
 * const conversation = chat.conversation(id);
 * conversation.on('change', render);
 * await conversation.watch();
 * await conversation.send('Do you have size 43?'); // retried on network loss, stored once
 * ```
 */
export class ChatClient extends Emitter<ChatClientEvents> {
  readonly rest: RestClient;
  readonly tokens: TokenSource;
  readonly realtime: Realtime;
  private readonly live = new Map<string, LiveConversation>();
  private readonly watched = new Set<LiveConversation>();
  private readonly retry: RetryPolicy;
  private readonly host: ConversationHost;

  constructor(options: ChatClientOptions) {
    super();
    this.tokens = new TokenSource(options.getToken, {
      ...(options.refreshBeforeMs !== undefined && { refreshBeforeMs: options.refreshBeforeMs }),
    });
    this.rest = createRestClient({
      apiUrl: options.apiUrl,
      tokens: this.tokens,
      ...(options.fetch && { fetch: options.fetch }),
    });
    this.realtime = new Realtime({
      wsUrl: options.wsUrl,
      tokens: this.tokens,
      ...(options.socket && { socket: options.socket }),
      ...(options.backoff && { backoff: options.backoff }),
      ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
      ...(options.pongTimeoutMs !== undefined && { pongTimeoutMs: options.pongTimeoutMs }),
      ...(options.random && { random: options.random }),
    });
    this.retry = {
      attempts: options.sendAttempts ?? 8,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random: options.random ?? Math.random,
    };
    this.realtime.on('event', (event) => this.dispatch(event));
    this.realtime.on('state', (change) => this.emit('connection.changed', change));
    // Catch up at every open, the first included: a conversation loaded before the socket was there may have
    // missed a message in between (a no-op when nothing is watched yet).
    this.realtime.on('open', ({ resumed }) => void this.recover(resumed));
    this.host = this.conversationHost();
  }

  /** The signed-in user (from the token's claims) once `connect()` or any call has fetched the token. */
  get me(): TokenClaims | undefined {
    return this.tokens.claims;
  }

  get connectionState(): ConnectionState {
    return this.realtime.state;
  }

  /**
   * Fetches the token and opens the WebSocket; resolves once it is open (then it reconnects by itself). A page need
   * not wait for it: REST calls work meanwhile, and watched conversations catch up when the socket opens.
   */
  async connect(): Promise<void> {
    await this.tokens.get();
    await this.realtime.connect();
  }

  disconnect(): void {
    this.realtime.close();
  }

  /** The live view of one conversation (the same object for the same id); call `watch()` on it to load it. */
  conversation(id: string): LiveConversation {
    let conversation = this.live.get(id);
    if (!conversation) this.live.set(id, (conversation = new LiveConversation(this.host, id)));
    return conversation;
  }

  listConversations(query: { archived?: boolean; cursor?: string; limit?: number } = {}): Promise<ConversationPage> {
    return call(this.rest.GET('/v1/conversations', { params: { query } }));
  }

  getConversation(id: string): Promise<Conversation> {
    return call(this.rest.GET('/v1/conversations/{id}', { params: { path: { id } } }));
  }

  setArchived(id: string, archived: boolean): Promise<Conversation> {
    return call(this.rest.PATCH('/v1/conversations/{id}', { params: { path: { id } }, body: { archived } }));
  }

  unread(): Promise<UnreadSummary> {
    return call(this.rest.GET('/v1/unread'));
  }

  /**
   * "Contact seller": the caller's conversation about a product (created on first use, else the existing one),
   * with `message` appended if given. Retried like a send, with one `clientMessageId`, so it is stored once.
   */
  openProductConversation(productId: string, message?: string): Promise<Conversation> {
    const clientMessageId = newClientMessageId();
    return withRetries(
      () =>
        call(
          this.rest.POST('/v1/conversations', {
            body: { productId, ...(message !== undefined && { message, clientMessageId }) },
          }),
        ),
      this.retry,
    );
  }

  /** "Help": the caller's support conversation (one per user), with `message` appended if given. */
  openSupportConversation(message?: string, productId?: string): Promise<SupportConversationResult> {
    const clientMessageId = newClientMessageId();
    return withRetries(
      () =>
        call(
          this.rest.POST('/v1/support/conversations', {
            body: {
              ...(message !== undefined && { message, clientMessageId }),
              ...(productId !== undefined && { productId }),
            },
          }),
        ),
      this.retry,
    );
  }

  /** Agents: the tenant's support queue, most recent first. */
  supportQueue(query: { cursor?: string; limit?: number } = {}): Promise<ConversationPage> {
    return call(this.rest.GET('/v1/support/conversations', { params: { query } }));
  }

  supportAvailability(): Promise<SupportAvailability> {
    return call(this.rest.GET('/v1/support/availability'));
  }

  /** Agents: `away` takes the agent out of "online" until it sets `online` again. */
  async setAgentStatus(status: 'online' | 'away'): Promise<void> {
    await call(this.rest.PUT('/v1/agents/me/status', { body: { status } }));
  }

  private dispatch(event: ServerEvent) {
    this.emit('event', event);
    switch (event.type) {
      case 'message.created': {
        const created = event as MessageCreatedEvent;
        this.liveIfWatched(created.conversationId)?.receive(created.message);
        this.emit('message.created', created);
        break;
      }
      case 'conversation.read': {
        const read = event as ConversationReadEvent;
        this.liveIfWatched(read.conversationId)?.receiveRead(read);
        this.emit('conversation.read', read);
        break;
      }
      case 'typing': {
        const typing = event as TypingEvent;
        this.liveIfWatched(typing.conversationId)?.receiveTyping(typing);
        this.emit('typing', typing);
        break;
      }
      case 'error':
        this.emit('error', event as ErrorEvent);
        break;
    }
  }

  private liveIfWatched(id: string) {
    const conversation = this.live.get(id);
    return conversation && this.watched.has(conversation) ? conversation : undefined;
  }

  /** After a lost socket: every watched conversation fetches what it missed, then listeners refresh the rest. */
  private async recover(resumed: boolean) {
    const watched = [...this.watched];
    const results = await Promise.allSettled(watched.map((conversation) => conversation.catchUp()));
    if (!resumed) return;
    this.emit('connection.recovered', {
      caughtUp: watched.filter((_, i) => results[i]!.status === 'fulfilled').map((c) => c.id),
    });
  }

  private conversationHost(): ConversationHost {
    const rest = this.rest;
    const client = this;
    return {
      get me() {
        return client.me;
      },
      // Reads are idempotent: a page (first page, history, catch-up) is retried like a send, so a catch-up
      // that meets a network just coming back is not lost.
      fetchMessages: (id, query) =>
        withRetries(
          () => call(rest.GET('/v1/conversations/{id}/messages', { params: { path: { id }, query } })),
          this.retry,
        ),
      fetchConversation: (id) => this.getConversation(id),
      postMessage: (id, text, clientMessageId): Promise<Message> =>
        withRetries(
          async () =>
            (
              await call(
                rest.POST('/v1/conversations/{id}/messages', {
                  params: { path: { id } },
                  body: { text, clientMessageId },
                }),
              )
            ).message,
          this.retry,
        ),
      postRead: (id, seq): Promise<ReadState> =>
        call(rest.POST('/v1/conversations/{id}/read', { params: { path: { id } }, body: { seq } })),
      sendTyping: (id) => this.realtime.send({ action: 'typing', conversationId: id }),
      watching: (conversation, on) => {
        if (on) this.watched.add(conversation);
        else this.watched.delete(conversation);
      },
    };
  }
}

/** The data of a successful answer, or an `ApiError` with the problem details and any `Retry-After`. */
export const call = async <T>(
  result: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> => {
  const { data, error, response } = await result;
  if (response.ok && data !== undefined && data !== null) return data;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    (typeof error === 'object' && error !== null ? error : { title: response.statusText }) as Partial<Problem>,
    Number.isFinite(retryAfter) && response.headers.has('retry-after') ? retryAfter : undefined,
  );
};
