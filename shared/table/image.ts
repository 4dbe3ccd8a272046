import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * An item DynamoDB hands back in its wire format, as the plain item the document client would have given: a
 * stream record's image, or the ALL_OLD item of a failed condition or of a transaction's cancellation reason
 * (the document client unmarshalls neither). The item type is the caller's knowledge of what it asked for.
 */
export const fromImage = <T>(image: Record<string, unknown>): T =>
  unmarshall(image as Record<string, AttributeValue>) as T;
