import type { DynamoDBRecord } from 'aws-lambda';
import { fromImage } from '#shared/table/image';

/** The new image of an INSERT of the given entity, unmarshalled; undefined for anything else. */
export const insertedEntity = <T>(record: DynamoDBRecord, entity: string): T | undefined => {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = fromImage<{ entity?: unknown }>(record.dynamodb.NewImage);
  return item.entity === entity ? (item as T) : undefined;
};
