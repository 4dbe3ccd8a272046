import { logger } from '#shared/observability/logger';
import { countMetric, METRIC } from '#shared/observability/metrics';
import { type ClaimRequest, claimEmail, settleClaim } from './email-claims';
import type { EmailContent } from './email-content';
import type { sendEmail } from './send-email';
import { isTransientSesError } from './ses-errors';

export type SendOutcome = 'sent' | 'rejected' | 'not-sent';

const POLL_MS = 200;

/**
 * The MIME composer and the SES client, loaded by the first email a process sends: most stream records send none
 * (the recipient is online, or was mailed within the window), and a cold start need not parse them.
 */
const sender = async (): Promise<typeof sendEmail> => (await import('./send-email')).sendEmail;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the email unless its claim says it went out already (or the window is closed), under at-least-once
 * delivery: claim with a conditional write, compose (only once claimed: composing may issue a reply address),
 * send, mark sent.
 * - A transient SES failure marks the claim `failed` and throws, so the stream record is reported failed and its
 *   retry claims and sends again. A permanent rejection is marked `rejected` and not retried.
 * - Once SES accepted, the claim is marked `sent` (with the SDK's retries); a redelivery then sends nothing.
 * - Residual risk, stated honestly: if the process dies after SES accepted and before `sent` is written (the
 *   window is one DynamoDB write), the claim stays `sending`; a redelivery waits out the lease and sends again,
 *   so that email goes out twice. We prefer that rare duplicate to losing a seller's enquiry. If the `sent`
 *   write itself fails, we log it and still report success, so no redelivery is asked for.
 * - A claim in flight elsewhere (`busy`) is waited for, up to its lease, instead of failing the record.
 */
export const sendOnce = async (
  request: ClaimRequest,
  compose: () => Promise<EmailContent>,
  context: Record<string, unknown> & { kind: EmailContent['kind'] },
): Promise<SendOutcome> => {
  for (;;) {
    const claim = await claimEmail(request);
    if (claim.outcome === 'done') return 'not-sent';
    if (claim.outcome === 'busy') {
      await sleep(Math.min(POLL_MS, claim.retryInMs + 1));
      continue;
    }
    let email: EmailContent;
    try {
      email = await compose();
    } catch (error) {
      // Composing reads the table (the reply address): a failure there is retried like a transient SES one.
      await settleClaim(request.key, claim.attemptId, 'failed').catch((e: unknown) =>
        logger.warn('Could not release an email claim; its lease will expire', { error: e as Error, ...context }),
      );
      throw error;
    }
    let messageId: string;
    try {
      messageId = await (await sender())(email);
    } catch (error) {
      const transient = isTransientSesError(error);
      await settleClaim(request.key, claim.attemptId, transient ? 'failed' : 'rejected').catch((e: unknown) =>
        logger.warn('Could not release an email claim; its lease will expire', { error: e as Error, ...context }),
      );
      if (transient) throw error;
      logger.error('SES rejected an email; it will not be retried', { error: error as Error, ...context });
      return 'rejected';
    }
    countMetric(METRIC.emailsSent); // SES accepted it: counted once per email that went out
    try {
      await settleClaim(request.key, claim.attemptId, 'sent', messageId);
    } catch (error) {
      logger.error('Email sent but not marked sent; a redelivery after the lease would send it again', {
        error: error as Error,
        messageId,
        ...context,
      });
    }
    logger.info('Email sent', { messageId, ...context });
    return 'sent';
  }
};
