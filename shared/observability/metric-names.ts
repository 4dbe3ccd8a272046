/**
 * The business metrics: emitted by the functions (./metrics.ts), charted by CloudWatch
 * (infra/constructs/monitoring.ts). No imports here, so the CDK app can read the names cheaply.
 */
export const METRICS_NAMESPACE = 'ProductEnquiryChat';
/** Powertools adds it as the `service` dimension of every metric. */
export const SERVICE_NAME = 'product-enquiry-chat';

export const METRIC = {
  /** A message was stored (a retry with the same clientMessageId does not count again). */
  messagesSent: 'MessagesSent',
  /** An email was accepted by SES. */
  emailsSent: 'EmailsSent',
  /** A push found its WebSocket connection gone and dropped the connection. */
  stalePushes: 'StalePushes',
  /** A reply by email became a message (a redelivery of the same email does not count again). */
  inboundRepliesPosted: 'InboundRepliesPosted',
  /** A received email was not posted: unknown or revoked address, verdicts, automatic, wrong sender, empty, … */
  inboundRepliesRejected: 'InboundRepliesRejected',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];
