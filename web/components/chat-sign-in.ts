import { css, html, LitElement, nothing } from 'lit';
import { loadConfig } from '../config';
import { type DevIdentity, devSignIn, signedIn, signOut } from '../session';
import { base } from './styles';

/** The demo identities of the local stack's demo catalog (tenant `default`). */
const DEMO: Array<DevIdentity & { label: string }> = [
  { label: 'Alice, shopper', sub: 'alice', role: 'customer', name: 'Alice', email: 'alice@example.test' },
  { label: 'Demo Shop, seller', sub: 'seller-1', role: 'seller', name: 'Demo Shop' },
  { label: 'Ada, support agent', sub: 'agent-1', role: 'agent', name: 'Ada' },
];

/**
 * Local stack only (`devSignIn` in config.json): sign in as any demo identity. The local web server mints a
 * development token and the form stores it in `localStorage["chat-token"]`, where every page reads it.
 */
export class ChatSignIn extends LitElement {
  static override properties = { enabled: { state: true }, problem: { state: true } };
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      form,
      .who {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      label {
        display: flex;
        flex-direction: column;
        font-size: 0.85rem;
      }
      input {
        width: 9rem;
      }
    `,
  ];
  declare enabled: boolean;
  declare problem: string | undefined;

  constructor() {
    super();
    this.enabled = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadConfig().then((config) => {
      this.enabled = config.devSignIn;
    });
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    await this.signIn({
      sub: value('sub'),
      role: value('role') as DevIdentity['role'],
      ...(value('name') && { name: value('name') }),
      ...(value('tenant') && value('tenant') !== 'default' && { tenant: value('tenant') }),
    });
  }

  private async signIn(identity: DevIdentity) {
    try {
      await devSignIn(identity);
      location.reload();
    } catch (error) {
      this.problem = String(error);
    }
  }

  override render() {
    if (!this.enabled) return nothing;
    const me = signedIn();
    if (me)
      return html`<div class="who">
        <span>Signed in as <strong>${me.name ?? me.sub}</strong> (${me.role}${me.tenant ? `, ${me.tenant}` : ''})</span>
        <button
          class="secondary"
          @click=${() => {
            signOut();
            location.reload();
          }}
        >
          Sign out
        </button>
      </div>`;
    return html`<form @submit=${this.submit} aria-label="Demo sign-in">
      ${DEMO.map(
        (identity) =>
          html`<button type="button" class="secondary" @click=${() => this.signIn(identity)}>${identity.label}</button>`,
      )}
      <label>User id <input name="sub" required autocomplete="off" /></label>
      <label
        >Role
        <select name="role">
          <option value="customer">customer</option>
          <option value="seller">seller</option>
          <option value="agent">agent</option>
        </select>
      </label>
      <label>Name <input name="name" autocomplete="off" /></label>
      <label>Tenant <input name="tenant" value="default" autocomplete="off" /></label>
      <button type="submit">Sign in</button>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
    </form>`;
  }
}

customElements.get('chat-sign-in') ?? customElements.define('chat-sign-in', ChatSignIn);
