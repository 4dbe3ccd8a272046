/** A header of a received email: lower-case name, value as received (unfolded). */
export interface MailHeader {
  key: string;
  value: string;
}

/**
 * Whether an email was written by a program, not a person, by its headers: `Auto-Submitted` other than `no`
 * (RFC 3834: vacation replies, delivery reports), `Precedence: bulk | junk | list | auto_reply`, or an
 * `X-Autoreply` / `X-Autorespond` header (older responders) of any value. Such mail is never posted, so an
 * out-of-office reply to a notification never becomes a message (and never triggers the next notification).
 */
export const isAutomatic = (headers: readonly MailHeader[]): boolean =>
  headers.some(({ key, value }) => {
    const token = value
      .replace(/\(.*?\)/g, '')
      .trim()
      .toLowerCase();
    if (key === 'auto-submitted') return token.split(';')[0]!.trim() !== 'no';
    if (key === 'precedence') return ['bulk', 'junk', 'list', 'auto_reply'].includes(token);
    return key === 'x-autoreply' || key === 'x-autorespond';
  });
