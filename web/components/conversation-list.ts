import { css, html, LitElement, nothing } from 'lit';
import type { Conversation, TokenClaims } from '#client/index';
import { base } from './styles';

/** Who a conversation is with, as the caller sees it. */
export const otherParty = (c: Conversation, me: TokenClaims | undefined) => {
  const others = c.participants.filter((p) => p.userId !== me?.sub && !(me?.role === 'agent' && p.role === 'agent'));
  const other = others[0];
  if (!other) return 'Conversation';
  if (other.role === 'seller') return c.seller?.shopName ?? other.name ?? other.userId;
  if (other.role === 'agent') return 'Support';
  return other.name ?? (other.role === 'guest' ? 'Guest' : other.userId);
};

/** Conversations, most recent activity first, each a link with its unread badge and last message. */
export class ConversationList extends LitElement {
  static override properties = {
    items: { attribute: false },
    me: { attribute: false },
    selectedId: { attribute: 'selected-id' },
    basePath: { attribute: 'base-path' },
    label: {},
  };
  static override styles = [
    base,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      a {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.15rem 0.5rem;
        padding: 0.65rem 0.75rem;
        border-bottom: 1px solid var(--line);
        color: inherit;
        text-decoration: none;
      }
      a:hover {
        background: var(--tint);
      }
      a[aria-current='page'] {
        background: #dbe5fb;
      }
      .who {
        font-weight: 600;
      }
      .subject,
      .last {
        grid-column: 1 / -1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        color: var(--muted);
        font-size: 0.9rem;
      }
      .unread .who {
        font-weight: 800;
      }
      .empty {
        padding: 1rem 0.75rem;
        color: var(--muted);
      }
    `,
  ];

  declare items: Conversation[];
  declare me: TokenClaims | undefined;
  declare selectedId: string | undefined;
  declare basePath: string;
  declare label: string;

  constructor() {
    super();
    this.items = [];
    this.basePath = '/inbox';
    this.label = 'Conversations';
  }

  override render() {
    if (this.items.length === 0) return html`<p class="empty">No conversations yet.</p>`;
    return html`<ul aria-label=${this.label}>
      ${this.items.map((c) => {
        const who = otherParty(c, this.me);
        const unread = c.unreadCount > 0;
        return html`<li>
          <a
            href="${this.basePath}/${encodeURIComponent(c.id)}"
            class=${unread ? 'unread' : ''}
            data-conversation=${c.id}
            aria-current=${c.id === this.selectedId ? 'page' : 'false'}
          >
            <span class="who">${who}</span>
            ${
              unread
                ? html`<span class="badge" data-unread=${c.unreadCount}
                  >${c.unreadCount}<span class="visually-hidden"> unread</span></span
                >`
                : nothing
            }
            <span class="subject">${c.subject}</span>
            <span class="last">${c.lastMessage?.text ?? ''}</span>
          </a>
        </li>`;
      })}
    </ul>`;
  }
}

customElements.get('chat-conversation-list') ?? customElements.define('chat-conversation-list', ConversationList);

declare global {
  interface HTMLElementTagNameMap {
    'chat-conversation-list': ConversationList;
  }
}
