import type { Usage } from './dynamo-meter';

/**
 * DynamoDB on-demand list prices, us-east-1, Standard table class, as published on
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ since the November 2024 price cut (cross-checked against
 * several secondary sources when this was written; not fetched live by the bench).
 */
export const PRICES = {
  region: 'us-east-1',
  usdPerMillionWriteUnits: 0.625,
  usdPerMillionReadUnits: 0.125,
  source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (us-east-1, Standard table class)',
} as const;

/** USD for one million operations that each consume `usage`. */
export const usdPerMillion = (usage: Pick<Usage, 'readUnits' | 'writeUnits'>) =>
  usage.writeUnits * PRICES.usdPerMillionWriteUnits + usage.readUnits * PRICES.usdPerMillionReadUnits;

/** Amazon SES outbound email, list price (https://aws.amazon.com/ses/pricing/): the emails a message mix sends. */
export const SES_PRICE = {
  usdPerThousandEmails: 0.1,
  source: 'https://aws.amazon.com/ses/pricing/',
} as const;
