import { Emitter } from './emitter';
import { newClientMessageId } from './ids';
import type {
  Conversation,
  ConversationReadEvent,
  Message,
  MessagePage,
  Participant,
  ReadState,
  TypingEvent,
} from './types';

/** At most one `typing` action per conversation this often, however fast the user types. */
export const TYPING_THROTTLE_MS = 2_500;
/** How long a `typing` event shows ("… is typing") unless another one or a message from that user comes. */
export const TYPING_SHOWN_MS = 5_000;
/** Page size of history and catch-up requests. */
const PAGE = 50;

/** A message of ours that the server has not confirmed yet. */
export interface PendingMessage {
  clientMessageId: string;
  text: string;
  status: 'sending' | 'failed';
  error?: unknown;
}

interface LiveConversationEvents {
  /** A message joined the conversation: each one once, in `seq` order, whatever the order of arrival. */
  message: Message;
  /** Another participant read up to `lastReadSeq`. */
  read: ConversationReadEvent;
  typing: TypingEvent;
  /** Anything shown changed: messages, pending sends, read receipts, who is typing. Re-render from the fields. */
  change: LiveConversation;
}

/** What a live conversation needs from its client. */
export interface ConversationHost {
  readonly me: { sub: string; role: string } | undefined;
  fetchMessages(
    id: string,
    query: { after?: number; before?: number; cursor?: string; limit: number },
  ): Promise<MessagePage>;
  fetchConversation(id: string): Promise<Conversation>;
  postMessage(id: string, text: string, clientMessageId: string): Promise<Message>;
  postRead(id: string, seq?: number): Promise<ReadState>;
  sendTyping(id: string): boolean;
  watching(conversation: LiveConversation, on: boolean): void;
}

/**
 * One conversation, kept complete and in order. `messages` holds every message from the oldest loaded one up to
 * `lastSeq` with no gap and no duplicate: a pushed message is taken only when it is the next `seq`; one that
 * arrives early waits while the gap is fetched (`after=<lastSeq>`, following `nextCursor`), and one already here
 * (a retried push, our own send's answer and its echo, a catch-up overlapping a push) is dropped by its id.
 * After a lost socket the client calls `catchUp()` on every watched conversation.
 */
export class LiveConversation extends Emitter<LiveConversationEvents> {
  /** Loaded messages, oldest first, contiguous up to `lastSeq`. */
  readonly messages: Message[] = [];
  /** Our sends not yet confirmed, in the order they were made. */
  readonly pending: PendingMessage[] = [];
  /** The highest `seq` up to which nothing is missing: catch-up asks for `after=lastSeq`. */
  lastSeq = 0;
  /** The conversation as last fetched (participants, topic, …); undefined until `watch()`. */
  info: Conversation | undefined;
  /** Whether older history exists before `messages[0]`. */
  hasOlder = false;
  /** Other participants' read positions (user id → `lastReadSeq`). */
  readonly readBy = new Map<string, number>();
  /** Who is typing now (user id → until when, epoch ms). */
  readonly typingUntil = new Map<string, number>();

  private readonly ids = new Set<string>();
  private readonly early = new Map<number, Message>();
  private olderCursor: string | undefined;
  private loaded: Promise<void> | undefined;
  private catching: Promise<void> | undefined;
  private catchAgain = false;
  private ready = false;
  private catchUpWhenReady = false;
  private lastTypingSent = Number.NEGATIVE_INFINITY;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ConversationHost,
    readonly id: string,
  ) {
    super();
  }

  /**
   * Loads the conversation and its newest messages and follows it live from then on. Safe to call again
   * (answers the same load). Pass the conversation object if you already have it (saves a request).
   */
  watch(conversation?: Conversation): Promise<void> {
    this.host.watching(this, true);
    this.loaded ??= this.load(conversation).catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  /** Stops following it live (messages stay as they are). */
  unwatch(): void {
    this.host.watching(this, false);
  }

  /** Loads the page before the oldest loaded message; false when there is none. */
  async loadOlder(): Promise<boolean> {
    if (!this.hasOlder || this.olderCursor === undefined) return false;
    const page = await this.host.fetchMessages(this.id, { cursor: this.olderCursor, limit: PAGE });
    const older = page.items.filter((m) => !this.ids.has(m.id));
    for (const message of older) this.remember(message);
    this.messages.unshift(...older.reverse());
    this.olderCursor = page.nextCursor ?? undefined;
    this.hasOlder = page.nextCursor !== null;
    this.emit('change', this);
    return page.items.length > 0;
  }

  /**
   * Fetches every message after `lastSeq` (following `nextCursor`). Concurrent calls share one walk, and a call
   * made during a walk starts another after it, so nothing committed before the call is missed.
   */
  catchUp(): Promise<void> {
    if (!this.ready) {
      // Before the first page nothing is known to be missing: catch up right after it instead (not from seq 0).
      this.catchUpWhenReady = true;
      return this.loaded?.catch(() => undefined) ?? Promise.resolve();
    }
    if (this.catching) {
      this.catchAgain = true;
      return this.catching;
    }
    this.catching = (async () => {
      try {
        do {
          this.catchAgain = false;
          let cursor: string | undefined;
          do {
            const page = await this.host.fetchMessages(
              this.id,
              cursor === undefined ? { after: this.lastSeq, limit: PAGE } : { cursor, limit: PAGE },
            );
            for (const message of page.items) this.receive(message);
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined);
        } while (this.catchAgain);
      } finally {
        this.catching = undefined;
      }
    })();
    return this.catching;
  }

  /**
   * Sends a message: shown at once as pending, with a fresh `clientMessageId`, and retried (network loss, 429,
   * 5xx) with that same id, so the server stores it once however many attempts reach it. Resolves with the
   * stored message; rejects (and marks it `failed`, see `resend`) when it cannot be sent.
   */
  send(text: string): Promise<Message> {
    const pending: PendingMessage = { clientMessageId: newClientMessageId(), text, status: 'sending' };
    this.pending.push(pending);
    this.emit('change', this);
    return this.deliver(pending);
  }

  /** Tries a failed send again, with its original `clientMessageId`. */
  resend(clientMessageId: string): Promise<Message> {
    const pending = this.pending.find((p) => p.clientMessageId === clientMessageId);
    if (!pending) return Promise.reject(new Error(`no pending message ${clientMessageId}`));
    pending.status = 'sending';
    delete pending.error;
    this.emit('change', this);
    return this.deliver(pending);
  }

  /** Says "typing" to the others: call it on every keystroke, it sends at most one action per 2.5 s. */
  typing(): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_THROTTLE_MS) return;
    if (this.host.sendTyping(this.id)) this.lastTypingSent = now;
  }

  /** Marks everything up to `seq` (default: the newest loaded message) read for the caller. */
  async markRead(seq = this.lastSeq): Promise<ReadState> {
    const state = await this.host.postRead(this.id, seq);
    const me = this.host.me?.sub;
    const own = this.info?.participants.find((p) => p.userId === me);
    if (own) Object.assign(own, { lastReadSeq: state.lastReadSeq, lastReadAt: state.lastReadAt, unreadCount: 0 });
    if (this.info) this.info.unreadCount = state.unreadCount;
    return state;
  }

  /** The highest `seq` any other participant has read (for "Seen" under our own messages). */
  get readByOthers(): number {
    return Math.max(0, ...this.readBy.values());
  }

  /** User ids typing now. */
  get typingUsers(): string[] {
    const now = Date.now();
    return [...this.typingUntil].filter(([, until]) => until > now).map(([userId]) => userId);
  }

  /** @internal A message from a push, a send's answer or a catch-up page. */
  receive(message: Message): void {
    if (this.ids.has(message.id)) return;
    if (!this.ready) {
      this.early.set(message.seq, message); // sorted out once the first page is here
      return;
    }
    if (message.seq <= this.lastSeq) {
      // Older than our position and unknown: only history before the loaded window can be; keep the order.
      this.remember(message);
      const at = this.messages.findIndex((m) => m.seq > message.seq);
      this.messages.splice(at === -1 ? this.messages.length : at, 0, message);
      this.emit('change', this);
      return;
    }
    this.remember(message);
    if (message.seq > this.lastSeq + 1) {
      this.early.set(message.seq, message);
      void this.catchUp().catch(() => undefined); // pages are retried; one that still fails, by the next push or reconnect
      return;
    }
    this.take(message);
    for (let next = this.early.get(this.lastSeq + 1); next; next = this.early.get(this.lastSeq + 1)) {
      this.early.delete(next.seq);
      this.take(next);
    }
    this.emit('change', this);
  }

  /** @internal */
  receiveRead(event: ConversationReadEvent): void {
    if (event.userId === this.host.me?.sub) return;
    this.readBy.set(event.userId, Math.max(this.readBy.get(event.userId) ?? 0, event.lastReadSeq));
    this.emit('read', event);
    this.emit('change', this);
  }

  /** @internal */
  receiveTyping(event: TypingEvent): void {
    if (event.userId === this.host.me?.sub) return;
    this.typingUntil.set(event.userId, Date.now() + TYPING_SHOWN_MS);
    this.emit('typing', event);
    this.emit('change', this);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.emit('change', this), TYPING_SHOWN_MS + 50);
  }

  private async load(conversation?: Conversation) {
    const [info, page] = await Promise.all([
      conversation ?? this.host.fetchConversation(this.id),
      this.host.fetchMessages(this.id, { limit: PAGE }),
    ]);
    this.info = structuredClone(info); // ours to update, not the caller's object
    for (const participant of info.participants) this.noteRead(participant);
    const newest = page.items; // newest first
    if (this.messages.length === 0 && newest.length > 0) {
      // Everything of the first page is contiguous: start the position at its newest message.
      for (const message of newest) this.remember(message);
      this.messages.push(...[...newest].reverse());
      this.lastSeq = newest[0]!.seq;
      this.olderCursor = page.nextCursor ?? undefined;
      this.hasOlder = page.nextCursor !== null;
    }
    // Pushes that came while loading, then whatever was committed after the page.
    this.ready = true;
    const early = [...this.early.values()].sort((a, b) => a.seq - b.seq);
    this.early.clear();
    for (const message of early) this.receive(message);
    this.emit('change', this);
    if (this.catchUpWhenReady) {
      this.catchUpWhenReady = false;
      await this.catchUp();
    }
  }

  private noteRead(participant: Participant) {
    const me = this.host.me;
    if (!me || participant.userId === me.sub) return;
    // An agent answers for the support team: the team's read position is the agent's own, not a receipt.
    if (me.role === 'agent' && participant.role === 'agent') return;
    this.readBy.set(participant.userId, Math.max(this.readBy.get(participant.userId) ?? 0, participant.lastReadSeq));
  }

  private remember(message: Message) {
    this.ids.add(message.id);
  }

  private take(message: Message) {
    this.messages.push(message);
    this.lastSeq = message.seq;
    if (message.senderId === this.host.me?.sub && message.clientMessageId !== undefined) {
      const at = this.pending.findIndex((p) => p.clientMessageId === message.clientMessageId);
      if (at !== -1) this.pending.splice(at, 1);
    }
    this.typingUntil.delete(message.senderId);
    this.emit('message', message);
  }

  private async deliver(pending: PendingMessage): Promise<Message> {
    try {
      const message = await this.host.postMessage(this.id, pending.text, pending.clientMessageId);
      // Watched: taken (and unpended) now, or it waits for the gap before it and stays pending until its turn.
      if (this.ready) this.receive(message);
      const at = this.pending.indexOf(pending);
      if (at !== -1 && !(this.ready && this.early.has(message.seq))) this.pending.splice(at, 1);
      this.emit('change', this);
      return message;
    } catch (error) {
      pending.status = 'failed';
      pending.error = error;
      this.emit('change', this);
      throw error;
    }
  }
}
