import { describe, expect, it } from 'vitest';
import { encodeWords, isPlainAddress, mailbox, oneLine, personName } from '#shared/email/header-safe';
import { decodeHeader } from '#test/support/email/inbox';

describe('header safety', () => {
  it('flattens CR, LF, other controls, line separators and bidi overrides to single spaces', () => {
    expect(oneLine('Hi\r\nBcc: victim@evil.test\u2028\u202Egnp.exe\u0000 ', 200)).toBe(
      'Hi Bcc: victim@evil.test gnp.exe',
    );
  });

  it('caps a line at a number of characters, never splitting a surrogate pair', () => {
    const capped = oneLine('😀'.repeat(50), 10);
    expect([...capped]).toHaveLength(10);
    expect(capped.endsWith('…')).toBe(true);
    expect(capped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('quotes a plain ASCII display name and encodes anything else as RFC 2047 words of at most 75 characters', () => {
    expect(mailbox('Sam Seller via Chat', 'chat@example.com')).toBe('"Sam Seller via Chat" <chat@example.com>');
    const header = mailbox('Zoë "the boss" <zoe@evil.test>\r\nBcc: victim@evil.test', 'chat@example.com');
    expect(header).toMatch(/^(=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= ?)+ <chat@example\.com>$/);
    expect(header).not.toMatch(/[\r\n"]/);
    // Address-like text is not a name: it would make the email look as if it came from that address.
    expect(decodeHeader(header)).toBe('Zoë "the boss" Bcc: <chat@example.com>');
    for (const word of encodeWords('é'.repeat(200)).split(' ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeHeader(encodeWords('é'.repeat(200)))).toBe('é'.repeat(200));
  });

  it('keeps no address-like text in a person name: <…>, mailto:, anything around an @', () => {
    const cases: Array<[string | undefined, string]> = [
      ['Support <help@shop.test>', 'Support'],
      ['help@shop.test', 'A customer'],
      ['Amazon Security (security@amazon.test) Team', 'Amazon Security Team'],
      ['Bob mailto:bob@evil.test', 'Bob'],
      ['<a@b.test', 'A customer'],
      ['Ana @ shop', 'Ana shop'],
      ['Anaïs Dubois-Martin', 'Anaïs Dubois-Martin'],
      ['\u202Egnp.exe\r\nBcc: x', 'gnp.exe Bcc: x'],
      [undefined, 'A customer'],
    ];
    for (const [name, shown] of cases) expect(personName(name, 'A customer'), String(name)).toBe(shown);
    expect(mailbox('Eve <ceo@bank.test> via Chat', 'chat@example.com')).toBe('"Eve via Chat" <chat@example.com>');
  });

  it('accepts only bare 7-bit addresses and refuses to build a header from anything else', () => {
    expect(isPlainAddress('sam+shop@example.co.uk')).toBe(true);
    for (const bad of [
      'sam@example.test\r\nBcc: x@y.test',
      'Sam <sam@example.test>',
      'a@b.test, c@d.test',
      'zoë@example.test',
      'no-at-sign',
      'a@localhost',
    ]) {
      expect(isPlainAddress(bad), bad).toBe(false);
    }
    expect(() => mailbox('x', 'a@b.test\nBcc: c@d.test')).toThrow();
  });

  it('leaves an empty display name out', () => {
    expect(mailbox('\r\n ', 'chat@example.com')).toBe('chat@example.com');
  });
});
