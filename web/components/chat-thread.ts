import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ChatClient, Conversation, LiveConversation, Message } from '#client/index';
import { base } from './styles';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * One conversation: its messages (complete and in order, from the client library's LiveConversation), our
 * pending sends, read receipts ("Seen") under our own messages, who is typing, and the composer. Marks the
 * conversation read while it is on screen; fires `chat-read` (detail: conversation id) when it did.
 */
export class ChatThread extends LitElement {
  static override properties = {
    chat: { attribute: false },
    conversationId: { attribute: 'conversation-id' },
    conversation: { attribute: false },
    placeholder: {},
    draft: { state: true },
    failure: { state: true },
  };
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        height: 100%;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        margin: 0;
        padding: 0.75rem;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      .message {
        max-width: 80%;
        padding: 0.45rem 0.7rem;
        border-radius: 0.9rem;
        background: var(--theirs);
        align-self: flex-start;
        overflow-wrap: anywhere;
      }
      .text {
        white-space: pre-wrap;
      }
      .message.mine {
        align-self: flex-end;
        background: var(--mine);
        color: var(--accent-ink);
      }
      .meta {
        display: block;
        font-size: 0.8rem;
        color: var(--muted);
      }
      .mine .meta {
        color: #e3ebfb;
      }
      .receipt {
        align-self: flex-end;
        font-size: 0.8rem;
        color: var(--muted);
      }
      .pending {
        opacity: 1;
        background: #dfe7f7;
        color: var(--ink);
      }
      .pending .meta {
        color: var(--muted);
      }
      .status {
        min-height: 1.4rem;
        margin: 0;
        padding: 0 0.75rem;
        font-size: 0.9rem;
        color: var(--muted);
      }
      form {
        display: flex;
        gap: 0.5rem;
        padding: 0.5rem 0.75rem 0.75rem;
        border-top: 1px solid var(--line);
      }
      textarea {
        flex: 1;
        resize: none;
        min-height: 2.6rem;
      }
      .older {
        align-self: center;
      }
    `,
  ];

  declare chat: ChatClient | undefined;
  declare conversationId: string | undefined;
  /** The conversation object, if the page has it already (saves a request). */
  declare conversation: Conversation | undefined;
  declare placeholder: string;
  declare draft: string;
  declare failure: string | undefined;
  private live: LiveConversation | undefined;
  private off: Array<() => void> = [];
  private markedUpTo = 0;
  private stickToBottom = true;

  constructor() {
    super();
    this.placeholder = 'Write a message';
    this.draft = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach();
  }

  /** The live conversation shown (for the page around it). */
  get liveConversation() {
    return this.live;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('chat') || changed.has('conversationId')) && this.chat && this.conversationId) this.attach();
  }

  protected override updated(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
    this.markRead();
  }

  private attach() {
    this.detach();
    const live = this.chat!.conversation(this.conversationId!);
    this.live = live;
    this.markedUpTo = 0;
    this.failure = undefined;
    this.off.push(
      live.on('change', () => this.requestUpdate()),
      this.chat!.on('connection.changed', () => this.requestUpdate()),
    );
    const visible = () => this.markRead();
    document.addEventListener('visibilitychange', visible);
    this.off.push(() => document.removeEventListener('visibilitychange', visible));
    live.watch(this.conversation).then(
      () => this.requestUpdate(),
      (error: unknown) => {
        this.failure = `This conversation could not be loaded (${String(error)}).`;
      },
    );
  }

  private detach() {
    for (const off of this.off.splice(0)) off();
    this.live?.unwatch();
    this.live = undefined;
  }

  /** While on screen: read everything the others wrote up to the newest message we have. */
  private markRead() {
    const live = this.live;
    const me = this.chat?.me?.sub;
    if (!live || !me || document.visibilityState !== 'visible' || !this.isConnected) return;
    const newest = live.messages.at(-1);
    if (!newest || newest.seq <= this.markedUpTo) return;
    const unreadFromOthers = live.messages.some((m) => m.seq > this.markedUpTo && m.senderId !== me);
    this.markedUpTo = newest.seq;
    if (!unreadFromOthers) return;
    live.markRead(newest.seq).then(
      () => this.dispatchEvent(new CustomEvent('chat-read', { detail: live.id, bubbles: true, composed: true })),
      () => {
        this.markedUpTo = 0; // try again with the next change
      },
    );
  }

  private nameOf(userId: string) {
    if (userId === this.chat?.me?.sub) return 'You';
    const participant = this.live?.info?.participants.find((p) => p.userId === userId);
    if (participant?.name) return participant.name;
    if (participant?.role === 'seller') return this.live?.info?.seller?.shopName ?? 'Seller';
    return participant?.role === 'agent' ? 'Support' : userId;
  }

  private send(event: Event) {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text || !this.live) return;
    this.draft = '';
    this.stickToBottom = true;
    this.live.send(text).catch(() => undefined); // shown as failed, with a retry button
  }

  private keydown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.send(event);
  }

  private input(event: InputEvent) {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.draft.trim()) this.live?.typing();
  }

  private scrolled(event: Event) {
    const log = event.target as HTMLElement;
    this.stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  override render() {
    const live = this.live;
    if (this.failure) return html`<p class="notice error" role="alert">${this.failure}</p>`;
    if (!live) return nothing;
    const me = this.chat?.me?.sub;
    const seenUpTo = live.readByOthers;
    const lastSeen = [...live.messages].reverse().find((m) => m.senderId === me && m.seq <= seenUpTo);
    const typing = live.typingUsers.map((id) => this.nameOf(id));
    const offline = this.chat && this.chat.connectionState !== 'open' && this.chat.connectionState !== 'idle';
    return html`
      <ol class="log" aria-label="Messages" @scroll=${this.scrolled}>
        ${
          live.hasOlder
            ? html`<li class="older">
              <button class="secondary" @click=${() => live.loadOlder()}>Load older messages</button>
            </li>`
            : nothing
        }
        ${live.messages.map((m) => this.message(m, me, m === lastSeen))}
        ${live.pending.map(
          (p) => html`<li class="message mine pending" data-pending=${p.clientMessageId}>
            <span class="text">${p.text}</span>
            <span class="meta"
              >${
                p.status === 'sending'
                  ? 'Sending…'
                  : html`Not sent.
                    <button class="secondary" @click=${() => live.resend(p.clientMessageId).catch(() => undefined)}>
                      Retry
                    </button>`
              }</span
            >
          </li>`,
        )}
      </ol>
      <p class="status" role="status" aria-live="polite">
        ${offline ? 'Reconnecting… messages will appear when you are back online.' : ''}
        ${typing.length > 0 ? `${typing.join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…` : ''}
      </p>
      <form @submit=${this.send}>
        <label class="visually-hidden" for="composer">Message</label>
        <textarea
          id="composer"
          rows="1"
          .value=${this.draft}
          placeholder=${this.placeholder}
          @input=${this.input}
          @keydown=${this.keydown}
        ></textarea>
        <button type="submit" ?disabled=${!this.draft.trim()}>Send</button>
      </form>
    `;
  }

  private message(m: Message, me: string | undefined, seen: boolean) {
    const mine = m.senderId === me;
    return html`<li class="message ${mine ? 'mine' : ''}" data-seq=${m.seq} data-id=${m.id}>
        <span class="visually-hidden">${this.nameOf(m.senderId)}:</span><span class="text">${m.text}</span>
        <span class="meta">${mine ? '' : `${this.nameOf(m.senderId)} · `}<time datetime=${m.createdAt}>${time(m.createdAt)}</time></span>
      </li>
      ${seen ? html`<li class="receipt" data-receipt=${m.seq}>Seen</li>` : nothing}`;
  }
}

customElements.get('chat-thread') ?? customElements.define('chat-thread', ChatThread);

declare global {
  interface HTMLElementTagNameMap {
    'chat-thread': ChatThread;
  }
}
