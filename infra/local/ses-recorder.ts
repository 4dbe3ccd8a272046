import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';

/** One email as the local stack's `GET /_local/emails` serves it: the raw MIME exactly as handed to SES. */
export interface SentEmail {
  /** SES's MessageId (the local SES's), as SendRawEmail answered it. */
  messageId: string;
  to: string[];
  subject: string;
  raw: string;
}

export interface SesRecorder {
  /** Where the handlers send (AWS_ENDPOINT_URL_SES). */
  endpoint: string;
  /** Every raw email sent, newest first. */
  emails: () => SentEmail[];
  stop: () => Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * A pass-through in front of the local SES (`aws-ses-v2-local`), which rebuilds raw sends for its inbox and drops
 * their custom headers (threading, Auto-Submitted): every request is forwarded unchanged and its answer returned
 * unchanged, and each accepted SendRawEmail is kept as sent, with the MessageId SES answered.
 */
export const startSesRecorder = async (upstream: string): Promise<SesRecorder> => {
  const sent: SentEmail[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      const answer = await fetch(`${upstream}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 && { body }),
      });
      const text = await answer.text();
      const form = new URLSearchParams(body.toString('utf8'));
      const data = form.get('RawMessage.Data');
      // Kept before SES's answer is passed on: once a sender knows the email went out, it is listed.
      if (answer.ok && form.get('Action') === 'SendRawEmail' && data) {
        const raw = Buffer.from(data, 'base64').toString('utf8');
        const parsed = await PostalMime.parse(raw);
        const destinations = [...form.entries()].filter(([k]) => k.startsWith('Destinations.member.'));
        sent.unshift({
          messageId: /<MessageId>([^<]*)<\/MessageId>/.exec(text)?.[1] ?? '',
          to:
            destinations.length > 0
              ? destinations.map(([, v]) => v)
              : (parsed.to ?? []).flatMap((a) => (a.address ? [a.address] : [])),
          subject: parsed.subject ?? '',
          raw,
        });
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' }).end(text);
    })().catch((error) => {
      console.error('local SES recorder error', error);
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emails: () => [...sent],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
