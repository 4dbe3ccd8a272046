import PostalMime, { type Email } from 'postal-mime';
import { inject } from 'vitest';
import type { SentEmail } from '#infra/local/ses-recorder';
import { eventually } from '#test/support/stack/eventually';

/** Every email the local stack handed to SES, newest first, raw (`GET /_local/emails`). */
export const rawEmails = async (): Promise<SentEmail[]> =>
  (await (await fetch(`${inject('httpUrl')}/_local/emails`)).json()) as SentEmail[];

/** Waits until `address` has received exactly `count` emails; returns them oldest first, each also parsed. */
export const waitForRawEmails = (address: string, count: number, timeoutMs = 8_000) =>
  eventually(async () => {
    const emails = (await rawEmails()).filter((e) => e.to.includes(address)).reverse();
    if (emails.length !== count) throw new Error(`${address} has ${emails.length} raw emails, expected ${count}`);
    return Promise.all(emails.map(async (e) => ({ ...e, parsed: await PostalMime.parse(e.raw) })));
  }, timeoutMs);

export type ParsedEmail = Awaited<ReturnType<typeof waitForRawEmails>>[number];

/** Every value of one header of a parsed email (lower-case name), as received. */
export const headerValues = (email: Email, name: string) =>
  email.headers.filter((h) => h.key === name).map((h) => h.value);

/** The raw header section (everything before the first empty line), unfolded lines kept as sent. */
export const rawHeaderSection = (raw: string) => raw.slice(0, raw.search(/\r?\n\r?\n/));

/** The reply address of an email (its Reply-To), which a mail client would answer to. */
export const replyAddressOf = (email: ParsedEmail) => email.parsed.replyTo?.[0]?.address ?? '';
