import { css, html, LitElement, nothing } from 'lit';
import { ChatClient, type Conversation, readClaims, type TokenProvider } from '#client/index';
import { absoluteApiUrl, loadConfig, type WebConfig } from '../config';
import { guestToken, guestTokens, signedIn, userTokens } from '../session';
import { base } from './styles';
import './chat-thread';

type Mode = 'product' | 'support';

/**
 * The embeddable chat: `<chat-widget product-id="p-100" product-name="Trail Running Shoes">`. "Contact seller"
 * opens the shopper's conversation about the product with its seller, "Help" their support conversation (with
 * the "agents are away" notice when no agent is online). A signed-in shopper's token comes from
 * `localStorage["chat-token"]`; without one the widget chats as a guest of the shop (`tenant`).
 *
 * Attributes: `product-id`, `product-name`, `tenant` (guests' shop, default from config.json), `api-url` and
 * `ws-url` (default: config.json next to this module).
 */
export class ChatWidget extends LitElement {
  static override properties = {
    productId: { attribute: 'product-id' },
    productName: { attribute: 'product-name' },
    tenant: {},
    apiUrl: { attribute: 'api-url' },
    wsUrl: { attribute: 'ws-url' },
    mode: { state: true },
    conversationId: { state: true },
    phase: { state: true },
    agentsAway: { state: true },
    problem: { state: true },
    draft: { state: true },
  };
  static override styles = [
    base,
    css`
      :host {
        position: fixed;
        right: 1rem;
        bottom: 1rem;
        z-index: 2147483000;
      }
      .launchers {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
      }
      .launchers button {
        border-radius: 999px;
        padding: 0.65rem 1.1rem;
        box-shadow: 0 2px 8px rgb(0 0 0 / 25%);
      }
      .panel {
        display: flex;
        flex-direction: column;
        width: min(24rem, calc(100vw - 2rem));
        height: min(34rem, calc(100vh - 6rem));
        margin-bottom: 0.75rem;
        border: 1px solid var(--line);
        border-radius: 0.9rem;
        background: var(--paper);
        box-shadow: 0 8px 28px rgb(0 0 0 / 25%);
        overflow: hidden;
      }
      .panel header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.6rem 0.75rem;
        background: var(--accent);
        color: var(--accent-ink);
      }
      .panel h2 {
        font-size: 1rem;
        margin: 0;
      }
      .close {
        background: transparent;
        border-color: var(--accent-ink);
      }
      .intro {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
        padding: 0.75rem;
        overflow-y: auto;
      }
      .intro label {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
        font-size: 0.9rem;
      }
      .notice {
        margin: 0.5rem 0.75rem 0;
      }
      chat-thread {
        flex: 1;
        min-height: 0;
      }
      @media (max-width: 480px) {
        :host {
          right: 0.5rem;
          left: 0.5rem;
          bottom: 0.5rem;
        }
        .panel {
          width: 100%;
          height: calc(100vh - 5rem);
        }
      }
    `,
  ];

  declare productId: string | undefined;
  declare productName: string | undefined;
  declare tenant: string | undefined;
  declare apiUrl: string | undefined;
  declare wsUrl: string | undefined;
  declare mode: Mode | undefined;
  declare conversationId: string | undefined;
  declare phase: 'idle' | 'starting' | 'sending' | 'ready';
  declare agentsAway: boolean;
  declare problem: string | undefined;
  declare draft: string;
  private chat: ChatClient | undefined;
  private config: WebConfig | undefined;

  constructor() {
    super();
    this.phase = 'idle';
    this.agentsAway = false;
    this.draft = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chat?.disconnect();
  }

  private async settings() {
    const config = (this.config ??= await loadConfig());
    return {
      apiUrl: absoluteApiUrl(this.apiUrl ?? config.apiUrl),
      wsUrl: this.wsUrl ?? config.wsUrl,
      tenant: this.tenant ?? config.tenant,
      config,
    };
  }

  /** A client for the signed-in shopper, or for the guest of this shop if there is a guest token already. */
  private async client(who?: { name?: string; email?: string }): Promise<ChatClient | undefined> {
    if (this.chat) return this.chat;
    const { apiUrl, wsUrl, tenant, config } = await this.settings();
    let getToken: TokenProvider;
    if (signedIn()) getToken = userTokens(config);
    else if (guestToken(tenant) || who) getToken = guestTokens(apiUrl, tenant, who);
    else return undefined;
    const chat = new ChatClient({ apiUrl, wsUrl, getToken });
    await chat.tokens.get();
    void chat.connect(); // live once open; conversations catch up then
    this.chat = chat;
    return chat;
  }

  private storageKey(chat: ChatClient, mode: Mode) {
    const me = chat.me;
    return `chat-widget:${me?.tenant ?? 'default'}:${me?.sub}:${mode}:${mode === 'product' ? this.productId : ''}`;
  }

  /** The shopper's existing conversation of this kind, if any: remembered, else found in their list. */
  private async existing(chat: ChatClient, mode: Mode): Promise<string | undefined> {
    const remembered = localStorage.getItem(this.storageKey(chat, mode));
    if (remembered) return remembered;
    const matches = (c: Conversation) =>
      mode === 'support' ? c.topic?.type === 'support' : c.topic?.type === 'product' && c.topic.id === this.productId;
    for (const archived of [false, true]) {
      const found = (await chat.listConversations({ archived, limit: 100 })).items.find(matches);
      if (found) return found.id;
    }
    return undefined;
  }

  private async open(mode: Mode) {
    this.mode = mode;
    this.conversationId = undefined;
    this.problem = undefined;
    this.agentsAway = false;
    this.phase = 'starting';
    try {
      const chat = await this.client();
      if (chat) {
        const [id, availability] = await Promise.all([
          this.existing(chat, mode),
          mode === 'support' ? chat.supportAvailability() : undefined,
        ]);
        this.agentsAway = availability?.allAgentsIdle ?? false;
        this.conversationId = id;
      }
      this.phase = this.conversationId ? 'ready' : 'idle';
    } catch (error) {
      this.problem = `The chat is not available right now (${String(error)}).`;
      this.phase = 'idle';
    }
    await this.updateComplete;
    (
      this.renderRoot.querySelector('chat-thread')?.renderRoot.querySelector('textarea') ??
      this.renderRoot.querySelector<HTMLElement>('.intro textarea, .intro input')
    )?.focus();
  }

  private close() {
    this.mode = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.launchers button')?.focus());
  }

  /** The first message: opens (or finds) the conversation with it, as a guest if need be. */
  private async start(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = this.draft.trim();
    if (!text || !this.mode) return;
    const field = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    this.phase = 'sending';
    this.problem = undefined;
    try {
      const name = field('name');
      const email = field('email');
      const chat = (await this.client({ ...(name && { name }), ...(email && { email }) }))!;
      let conversation: Conversation;
      if (this.mode === 'support') {
        const result = await chat.openSupportConversation(text, this.productId);
        this.agentsAway = result.allAgentsIdle;
        conversation = result.conversation;
      } else {
        conversation = await chat.openProductConversation(this.productId!, text);
      }
      localStorage.setItem(this.storageKey(chat, this.mode), conversation.id);
      this.draft = '';
      this.conversationId = conversation.id;
      this.phase = 'ready';
    } catch (error) {
      this.problem = `Your message was not sent (${String(error)}). Please try again.`;
      this.phase = 'idle';
    }
  }

  private keydown(event: KeyboardEvent) {
    if (event.key === 'Escape' && this.mode) this.close();
  }

  override render() {
    return html`<div @keydown=${this.keydown}>
      ${this.mode ? this.panel(this.mode) : nothing}
      <div class="launchers">
        ${
          this.productId
            ? html`<button aria-expanded=${this.mode === 'product'} @click=${() => this.toggle('product')}>
              Contact seller
            </button>`
            : nothing
        }
        <button aria-expanded=${this.mode === 'support'} @click=${() => this.toggle('support')}>Help</button>
      </div>
    </div>`;
  }

  private toggle(mode: Mode) {
    if (this.mode === mode) this.close();
    else void this.open(mode);
  }

  private panel(mode: Mode) {
    const title = mode === 'support' ? 'Help' : `Ask the seller${this.productName ? ` about ${this.productName}` : ''}`;
    const guest = !signedIn() && !guestToken(this.tenant ?? this.config?.tenant ?? 'default');
    return html`<section class="panel" role="dialog" aria-labelledby="panel-title">
      <header>
        <h2 id="panel-title">${title}</h2>
        <button class="close" aria-label="Close chat" @click=${this.close}>✕</button>
      </header>
      ${
        this.agentsAway && mode === 'support'
          ? html`<p class="notice" role="status" data-agents-away>
            Our agents are away right now. Leave a message and we will answer by email as soon as we are back.
          </p>`
          : nothing
      }
      ${this.problem ? html`<p class="notice error" role="alert">${this.problem}</p>` : nothing}
      ${
        this.phase === 'ready' && this.conversationId
          ? html`<chat-thread .chat=${this.chat} conversation-id=${this.conversationId}></chat-thread>`
          : this.intro(mode, guest)
      }
    </section>`;
  }

  private intro(mode: Mode, guest: boolean) {
    const busy = this.phase === 'starting' || this.phase === 'sending';
    const you = this.chat?.me ?? (signedIn() ? readClaims(localStorage.getItem('chat-token') ?? '') : undefined);
    return html`<form class="intro" @submit=${this.start}>
      <p>
        ${
          mode === 'support'
            ? 'Questions about an order, shipping or returns? Our support team is here to help.'
            : `Questions about ${this.productName ?? 'this product'}? The seller will answer here.`
        }
        ${you?.name ? html`You are chatting as <strong>${you.name}</strong>.` : nothing}
      </p>
      ${
        guest
          ? html`<label>Your name (optional) <input name="name" autocomplete="name" /></label>
            <label>Email (optional, for answers when you have left) <input name="email" type="email" autocomplete="email" /></label>`
          : nothing
      }
      <label
        >Your message
        <textarea
          name="message"
          rows="3"
          .value=${this.draft}
          @input=${(e: InputEvent) => {
            this.draft = (e.target as HTMLTextAreaElement).value;
          }}
        ></textarea>
      </label>
      <button type="submit" ?disabled=${busy || !this.draft.trim()}>
        ${this.phase === 'sending' ? 'Sending…' : 'Start chat'}
      </button>
    </form>`;
  }
}

customElements.get('chat-widget') ?? customElements.define('chat-widget', ChatWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}
