import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs with the Lambda request id; quiet in tests unless LOG_LEVEL says otherwise. */
export const logger = new Logger({
  serviceName: 'product-enquiry-chat',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
