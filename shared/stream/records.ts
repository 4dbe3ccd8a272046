import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

/** The new image of an INSERT of the given entity, unmarshalled; undefined for anything else. */
export const insertedEntity = <T>(record: DynamoDBRecord, entity: string): T | undefined => {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue> as never);
  return item.entity === entity ? (item as T) : undefined;
};
