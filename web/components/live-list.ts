import type { ChatClient, Conversation, ConversationPage, MessageCreatedEvent } from '#client/index';

/**
 * A list of conversations kept live: a pushed message moves its conversation to the top, sets its last message
 * and, unless it is ours or the conversation is on screen, raises its unread badge; a conversation not in the list
 * yet is fetched and put on top. A push repeated by the server changes nothing (only a higher `seq` counts).
 * After a reconnect the first page is fetched again, so the badges follow the server's counts.
 */
export class LiveList {
  items: Conversation[] = [];
  nextCursor: string | null = null;
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly chat: ChatClient,
    private readonly page: (cursor?: string) => Promise<ConversationPage>,
    private readonly changed: () => void,
    private readonly onScreen: (id: string) => boolean,
    private readonly belongs: (c: Conversation) => boolean = () => true,
  ) {
    this.off.push(
      chat.on('message.created', (event) => void this.pushed(event)),
      chat.on('connection.recovered', () => void this.refresh()),
    );
  }

  stop() {
    for (const off of this.off.splice(0)) off();
  }

  async refresh() {
    const first = await this.page();
    // Keep what a push told us that the server's eventually consistent counts may not show yet.
    const known = new Map(this.items.map((c) => [c.id, c]));
    this.items = first.items.map((c) => {
      const mine = known.get(c.id);
      return mine && (mine.lastMessage?.seq ?? 0) > (c.lastMessage?.seq ?? 0) ? mine : c;
    });
    this.nextCursor = first.nextCursor;
    this.changed();
  }

  async more() {
    if (!this.nextCursor) return;
    const next = await this.page(this.nextCursor);
    const ids = new Set(this.items.map((c) => c.id));
    this.items = [...this.items, ...next.items.filter((c) => !ids.has(c.id))];
    this.nextCursor = next.nextCursor;
    this.changed();
  }

  /** The caller read it (on screen): no badge. */
  read(id: string) {
    const conversation = this.items.find((c) => c.id === id);
    if (!conversation) return;
    conversation.unreadCount = 0;
    this.items = [...this.items];
    this.changed();
  }

  remove(id: string) {
    this.items = this.items.filter((c) => c.id !== id);
    this.changed();
  }

  get unreadTotal() {
    return this.items.reduce((sum, c) => sum + c.unreadCount, 0);
  }

  private async pushed({ conversationId, message }: MessageCreatedEvent) {
    const fromOther = message.senderId !== this.chat.me?.sub;
    const counts = fromOther && !this.onScreen(conversationId);
    let conversation = this.items.find((c) => c.id === conversationId);
    if (conversation) {
      if ((conversation.lastMessage?.seq ?? 0) >= message.seq) return;
      conversation.unreadCount += counts ? 1 : 0;
    } else {
      const fetched = await this.chat.getConversation(conversationId).catch(() => undefined);
      if (!fetched || !this.belongs(fetched) || this.items.some((c) => c.id === conversationId)) return;
      conversation = { ...fetched, unreadCount: Math.max(fetched.unreadCount, counts ? 1 : 0) };
    }
    const { id, seq, senderId, text, createdAt } = message;
    conversation.lastMessage = { id, seq, senderId, text, createdAt };
    conversation.updatedAt = createdAt;
    conversation.archived = false;
    this.items = [conversation, ...this.items.filter((c) => c.id !== conversationId)];
    this.changed();
  }
}
