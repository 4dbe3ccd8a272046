import type { SESReceipt } from 'aws-lambda';

const CHECKS = ['spfVerdict', 'dkimVerdict', 'dmarcVerdict', 'spamVerdict', 'virusVerdict'] as const;

/**
 * The first of SES's verdicts on a received email that refuses it, as a rejection reason (`spf-failed`,
 * `virus-failed`, …), or undefined. Refused: any FAIL (the sender's domain does not vouch for it, or SES found spam
 * or a virus), and a virus scan that could not run. GRAY (no policy published, e.g. an unsigned mail) and DISABLED
 * pass: the unguessable reply address and the sender check are what authorize a reply, the verdicts only refuse.
 */
export const failedVerdict = (receipt: Pick<SESReceipt, (typeof CHECKS)[number]>): string | undefined => {
  for (const check of CHECKS) {
    const status = receipt[check]?.status;
    if (status === 'FAIL' || (check === 'virusVerdict' && status === 'PROCESSING_FAILED'))
      return `${check.replace('Verdict', '')}-failed`;
  }
  return undefined;
};
