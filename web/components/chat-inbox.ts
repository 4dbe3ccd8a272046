import { css, html, LitElement, nothing } from 'lit';
import { ChatClient, type Conversation } from '#client/index';
import { absoluteApiUrl, loadConfig } from '../config';
import { signedIn, userTokens } from '../session';
import { otherParty } from './conversation-list';
import { LiveList } from './live-list';
import { base } from './styles';
import './chat-thread';
import './conversation-list';

type Status = 'online' | 'away';
const STATUS_KEY = 'chat-agent-status';

/**
 * A participant's inbox (`mode="inbox"`, at /inbox and /inbox/<id>) or the agents' support console
 * (`mode="support"`, at /support and /support/<id>): the list with unread badges on one side, the open
 * conversation on the other (one at a time on narrow screens). Everything is live through the client library.
 */
export class ChatInbox extends LitElement {
  static override properties = {
    mode: {},
    phase: { state: true },
    selectedId: { state: true },
    archived: { state: true },
    status: { state: true },
    problem: { state: true },
  };
  static override styles = [
    base,
    css`
      :host {
        display: block;
        height: 100%;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(16rem, 22rem) 1fr;
        height: 100%;
        border: 1px solid var(--line);
        border-radius: 0.75rem;
        overflow: hidden;
        background: var(--paper);
      }
      .list {
        border-right: 1px solid var(--line);
        overflow-y: auto;
        display: flex;
        flex-direction: column;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.6rem 0.75rem;
        border-bottom: 1px solid var(--line);
        background: var(--tint);
      }
      h2 {
        font-size: 1.1rem;
        margin: 0;
      }
      .pane {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .pane header {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.6rem 0.75rem;
        border-bottom: 1px solid var(--line);
      }
      .pane header p {
        margin: 0;
        color: var(--muted);
        font-size: 0.9rem;
      }
      chat-thread {
        flex: 1;
      }
      .back {
        display: none;
      }
      .placeholder {
        margin: auto;
        color: var(--muted);
      }
      fieldset {
        display: flex;
        gap: 0.75rem;
        border: 0;
        margin: 0;
        padding: 0;
      }
      .more {
        margin: 0.75rem;
      }
      @media (max-width: 760px) {
        .layout {
          grid-template-columns: 1fr;
        }
        .layout.open .list {
          display: none;
        }
        .layout:not(.open) .pane {
          display: none;
        }
        .back {
          display: inline;
        }
      }
    `,
  ];

  declare mode: 'inbox' | 'support';
  declare phase: 'loading' | 'signed-out' | 'ready' | 'failed';
  declare selectedId: string | undefined;
  declare archived: boolean;
  declare status: Status;
  declare problem: string | undefined;
  private chat: ChatClient | undefined;
  private list: LiveList | undefined;
  private readonly popstate = () => this.route();

  constructor() {
    super();
    this.mode = 'inbox';
    this.phase = 'loading';
    this.archived = false;
    this.status = (localStorage.getItem(STATUS_KEY) as Status | null) ?? 'online';
  }

  private get basePath() {
    return this.mode === 'support' ? '/support' : '/inbox';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.popstate);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.popstate);
    this.list?.stop();
    this.chat?.disconnect();
  }

  private async start() {
    const config = await loadConfig();
    const me = signedIn();
    if (!me || (this.mode === 'support' && me.role !== 'agent')) {
      this.phase = 'signed-out';
      return;
    }
    const chat = new ChatClient({
      apiUrl: absoluteApiUrl(config.apiUrl),
      wsUrl: config.wsUrl,
      getToken: userTokens(config),
    });
    this.chat = chat;
    chat.on('connection.changed', () => this.requestUpdate());
    this.list = new LiveList(
      chat,
      (cursor) =>
        this.mode === 'support'
          ? chat.supportQueue({ ...(cursor && { cursor }) })
          : chat.listConversations({ archived: this.archived, ...(cursor && { cursor }) }),
      () => this.listChanged(),
      (id) => id === this.selectedId && document.visibilityState === 'visible',
      (c) => (this.mode === 'support' ? c.topic?.type === 'support' : !this.archived),
    );
    try {
      await chat.tokens.get();
      void chat.connect(); // live once open; the list and conversations load meanwhile
      if (this.mode === 'support') await chat.setAgentStatus(this.status);
      await this.list.refresh();
      this.route();
      this.phase = 'ready';
    } catch (error) {
      this.problem = String(error);
      this.phase = 'failed';
    }
  }

  private listChanged() {
    const total = this.list?.unreadTotal ?? 0;
    const title = this.mode === 'support' ? 'Support console' : 'Inbox';
    document.title = total > 0 ? `(${total}) ${title}` : title;
    this.requestUpdate();
  }

  private route() {
    const rest = location.pathname.slice(this.basePath.length).replace(/^\//, '');
    this.selectedId = rest ? decodeURIComponent(rest) : undefined;
  }

  /** Links in the list open conversations without a page load (and stay real links for new tabs). */
  private navigate(event: MouseEvent) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const link = event.composedPath().find((t): t is HTMLAnchorElement => t instanceof HTMLAnchorElement);
    if (!link || new URL(link.href).origin !== location.origin) return;
    event.preventDefault();
    history.pushState(null, '', link.href);
    this.route();
  }

  private async toggleArchived() {
    this.archived = !this.archived;
    await this.list?.refresh();
  }

  private async archive(conversation: Conversation) {
    const updated = await this.chat!.setArchived(conversation.id, !conversation.archived);
    this.list?.remove(updated.id);
    history.pushState(null, '', this.basePath);
    this.route();
  }

  private async setStatus(status: Status) {
    this.status = status;
    localStorage.setItem(STATUS_KEY, status);
    await this.chat?.setAgentStatus(status);
  }

  override render() {
    if (this.phase === 'loading') return html`<p role="status">Loading…</p>`;
    if (this.phase === 'signed-out')
      return html`<p class="notice" role="status">
        ${
          this.mode === 'support'
            ? 'Sign in as a support agent to see the support queue.'
            : 'Sign in to see your conversations.'
        }
      </p>`;
    if (this.phase === 'failed') return html`<p class="notice error" role="alert">${this.problem}</p>`;
    const items = this.list?.items ?? [];
    const selected = items.find((c) => c.id === this.selectedId);
    const me = this.chat?.me;
    return html`<div class="layout ${this.selectedId ? 'open' : ''}" @click=${this.navigate}>
      <section class="list" aria-labelledby="list-title">
        <div class="toolbar">
          <h2 id="list-title">
            ${this.mode === 'support' ? 'Support queue' : this.archived ? 'Archived' : 'Conversations'}
          </h2>
          ${this.mode === 'support' ? this.statusControl() : this.archiveToggle()}
        </div>
        <chat-conversation-list
          .items=${items}
          .me=${me}
          selected-id=${this.selectedId ?? ''}
          base-path=${this.basePath}
          label=${this.mode === 'support' ? 'Support conversations' : 'Conversations'}
        ></chat-conversation-list>
        ${
          this.list?.nextCursor
            ? html`<button class="secondary more" @click=${() => this.list?.more()}>Load more</button>`
            : nothing
        }
      </section>
      <section class="pane" aria-label="Conversation">
        ${this.selectedId ? this.pane(this.selectedId, selected) : html`<p class="placeholder">Choose a conversation.</p>`}
      </section>
    </div>`;
  }

  private pane(id: string, conversation: Conversation | undefined) {
    const me = this.chat?.me;
    return html`<header>
        <div>
          <a class="back" href=${this.basePath}>← All conversations</a>
          <h2>${conversation ? otherParty(conversation, me) : 'Conversation'}</h2>
          <p>${conversation?.subject ?? ''}</p>
        </div>
        ${
          conversation && this.mode === 'inbox'
            ? html`<button class="secondary" @click=${() => this.archive(conversation)}>
              ${conversation.archived ? 'Unarchive' : 'Archive'}
            </button>`
            : nothing
        }
      </header>
      <chat-thread
        .chat=${this.chat}
        .conversation=${conversation}
        conversation-id=${id}
        placeholder="Write a reply"
        @chat-read=${(e: CustomEvent<string>) => this.list?.read(e.detail)}
      ></chat-thread>`;
  }

  private archiveToggle() {
    return html`<button class="secondary" aria-pressed=${this.archived} @click=${this.toggleArchived}>
      Show archived
    </button>`;
  }

  private statusControl() {
    return html`<fieldset>
      <legend class="visually-hidden">Your status</legend>
      ${(['online', 'away'] as const).map(
        (status) => html`<label>
          <input
            type="radio"
            name="status"
            value=${status}
            .checked=${this.status === status}
            @change=${() => this.setStatus(status)}
          />
          ${status === 'online' ? 'Online' : 'Away'}
        </label>`,
      )}
    </fieldset>`;
  }
}

customElements.get('chat-inbox') ?? customElements.define('chat-inbox', ChatInbox);

declare global {
  interface HTMLElementTagNameMap {
    'chat-inbox': ChatInbox;
  }
}
