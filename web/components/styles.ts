import { css } from 'lit';

/**
 * One look for every component. Colours are chosen for contrast (WCAG AA: 4.5:1 for text, checked by axe-core in
 * the browser tests); focus is always visible; sizes are in rem so the user's font size wins.
 */
export const base = css`
  :host {
    --ink: #1b1b1f;
    --muted: #4a4a52;
    --line: #c9c9d1;
    --paper: #ffffff;
    --tint: #f1f3f8;
    --accent: #0b57d0;
    --accent-ink: #ffffff;
    --mine: #0b57d0;
    --theirs: #eceef3;
    --alert: #b3261e;
    --ok: #146c2e;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    font-size: 1rem;
    line-height: 1.4;
    color: var(--ink);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--accent);
    border-radius: 0.5rem;
    padding: 0.45rem 0.9rem;
    background: var(--accent);
    color: var(--accent-ink);
  }
  button.secondary {
    background: var(--paper);
    color: var(--accent);
  }
  button:disabled {
    cursor: not-allowed;
    background: var(--tint);
    color: var(--muted);
    border-color: var(--line);
  }
  :focus-visible {
    outline: 3px solid #f4b400;
    outline-offset: 2px;
  }
  input,
  textarea,
  select {
    border: 1px solid var(--muted);
    border-radius: 0.5rem;
    padding: 0.45rem 0.6rem;
    background: var(--paper);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .badge {
    display: inline-block;
    min-width: 1.5rem;
    padding: 0 0.4rem;
    border-radius: 999px;
    background: var(--alert);
    color: #ffffff;
    font-size: 0.85rem;
    font-weight: 600;
    text-align: center;
  }
  .notice {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: 0.5rem;
    background: #fff4d6;
    color: #4d3800;
  }
  .error {
    color: var(--alert);
  }
`;
