import { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';

let powertools: Logger | undefined;

/**
 * The Powertools Logger, built at the first log line rather than at import: building it costs about 3 ms of CPU
 * (its own console opens stdout, and its many methods compile), which every cold start would pay, while most
 * invocations log nothing (HTTP and WebSocket handlers log failures and refusals only).
 */
const instance = () =>
  (powertools ??= new Logger({
    serviceName: 'product-enquiry-chat',
    logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  }));

/** Structured JSON logs with the Lambda request id; quiet in tests unless LOG_LEVEL says otherwise. */
export const logger = {
  info: (message: string, attributes: LogAttributes) => instance().info(message, attributes),
  warn: (message: string, attributes: LogAttributes) => instance().warn(message, attributes),
  error: (message: string, attributes: LogAttributes) => instance().error(message, attributes),
};
