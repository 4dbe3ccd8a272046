import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SESEvent, SESReceipt, SESReceiptStatus } from 'aws-lambda';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { InboundMailHandlerDef } from '#infra/routes/index';
import { lambdaContext, loadHandler } from './load-handler';

/** SES receives messages of up to 40 MB; a reply is far smaller, and the handler reads at most 10 MiB. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Lambda retries a failed asynchronous invocation twice. */
const ATTEMPTS = 3;

export interface SmtpReceiverOptions {
  port: number;
  /** Mail is accepted only for addresses at this domain (REPLY_DOMAIN), like SES's receipt rule. */
  replyDomain: string;
  /** Where the raw mail goes, as the receipt rule's S3 action stores it: `<bucket>/<prefix><SES message id>`. */
  s3: { endpoint: string; bucket: string; prefix: string };
  handler: InboundMailHandlerDef;
}

export interface SmtpReceiver {
  port: number;
  stop: () => Promise<void>;
}

const PASS: SESReceiptStatus = { status: 'PASS' };

/** An id like SES's message ids (which are the stored object's key). */
const sesMessageId = () => randomBytes(20).toString('hex');

const readAll = async (stream: SMTPServerDataStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * SES receiving, locally: an SMTP server (`smtp-server`, no TLS, no authentication) that accepts mail for the reply
 * domain only (other recipients get 550, as SES does without a matching rule), stores the raw message in the local
 * S3 bucket under the same key the receipt rule's S3 action would use, then invokes the very same inbound handler
 * with an SES-shaped event (receipt rule "Lambda action": every verdict PASS). The SMTP answer waits for the
 * handler, so a client that got 250 finds its reply already posted (or rejected, in the log); a handler that throws
 * is retried twice, as Lambda does, and the mail is still accepted.
 */
export const startSmtpReceiver = async (options: SmtpReceiverOptions): Promise<SmtpReceiver> => {
  const s3 = new S3Client({ endpoint: options.s3.endpoint, forcePathStyle: true });
  const domain = options.replyDomain.toLowerCase();
  const receive = async (raw: Buffer, session: SMTPServerSession) => {
    const messageId = sesMessageId();
    await s3.send(
      new PutObjectCommand({
        Bucket: options.s3.bucket,
        Key: `${options.s3.prefix}${messageId}`,
        Body: raw,
        ContentType: 'message/rfc822',
      }),
    );
    const envelope = {
      source: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      recipients: session.envelope.rcptTo.map((r) => r.address),
    };
    const event = await sesReceiptEvent(raw, envelope, messageId, options.handler.name);
    const handler = await loadHandler(options.handler.entry);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await handler(event, lambdaContext(options.handler.name));
        return;
      } catch (error) {
        console.error(`${options.handler.name} failed (attempt ${attempt} of ${ATTEMPTS})`, error);
      }
    }
  };

  const server = new SMTPServer({
    name: 'smtp.localhost',
    banner: 'local SES receiving (product-enquiry chat)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().endsWith(`@${domain}`)) return callback();
      const error = Object.assign(new Error(`Mail for ${address.address} is not accepted here`), { responseCode: 550 });
      callback(error);
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
            return;
          }
          await receive(raw, session);
          callback();
        })
        .catch((error: Error) => {
          console.error('local SMTP receiver error', error);
          callback(Object.assign(new Error('Local processing failed'), { responseCode: 451 }));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  server.on('error', (error) => console.error('local SMTP receiver error', error));
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

type Verdicts = Pick<SESReceipt, 'spamVerdict' | 'virusVerdict' | 'spfVerdict' | 'dkimVerdict' | 'dmarcVerdict'>;

/**
 * The event SES gives a receipt rule's Lambda action: the envelope, the headers, and the verdicts (all PASS
 * unless given: the local receiver runs no checks).
 */
export const sesReceiptEvent = async (
  raw: Uint8Array,
  { source, recipients }: { source: string; recipients: string[] },
  messageId: string,
  functionName: string,
  verdicts: Partial<Verdicts> = {},
): Promise<SESEvent> => {
  const parsed = await PostalMime.parse(raw);
  const now = new Date().toISOString();
  const addresses = (list: typeof parsed.to) =>
    (list ?? []).flatMap((a) => (a.address ? [a.name ? `${a.name} <${a.address}>` : a.address] : []));
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: now,
            source,
            messageId,
            destination: recipients,
            headersTruncated: false,
            headers: parsed.headers.map((h) => ({ name: h.originalKey, value: h.value })),
            commonHeaders: {
              returnPath: source,
              from: addresses(parsed.from ? [parsed.from] : []),
              date: parsed.date ?? now,
              to: addresses(parsed.to),
              messageId: parsed.messageId ?? '',
              ...(parsed.subject !== undefined && { subject: parsed.subject }),
            },
          },
          receipt: {
            timestamp: now,
            processingTimeMillis: 0,
            recipients,
            spamVerdict: PASS,
            virusVerdict: PASS,
            spfVerdict: PASS,
            dkimVerdict: PASS,
            dmarcVerdict: PASS,
            ...verdicts,
            action: {
              type: 'Lambda',
              functionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
              invocationType: 'Event',
            },
          },
        },
      },
    ],
  };
};
