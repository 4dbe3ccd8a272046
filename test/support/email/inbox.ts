import { inject } from 'vitest';
import { eventually } from '#test/support/stack/eventually';

/** One email as the local SES (aws-ses-v2-local) stores it, at `GET <sesUrl>/store`. */
export interface InboxEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every email the local SES has accepted so far (shared by all tests: filter by a unique address). */
export const inbox = async (): Promise<InboxEmail[]> => {
  const response = await fetch(`${inject('sesUrl')}/store`);
  return ((await response.json()) as { emails: InboxEmail[] }).emails;
};

export const emailsTo = async (address: string) =>
  (await inbox()).filter((e) => [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].includes(address));

/** Waits until `address` has received exactly `count` emails, and returns them. */
export const waitForEmails = (address: string, count: number, timeoutMs = 8_000) =>
  eventually(async () => {
    const emails = await emailsTo(address);
    if (emails.length !== count) throw new Error(`${address} has ${emails.length} emails, expected ${count}`);
    return emails;
  }, timeoutMs);

/** Decodes the RFC 2047 encoded-words of a header value, as a mail client would. */
export const decodeHeader = (value: string) =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
