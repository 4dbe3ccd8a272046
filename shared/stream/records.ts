import type { DynamoDBRecord } from 'aws-lambda';
import { fromImage } from '#shared/table/image';

/** The new image of an INSERT of the given entity, unmarshalled; undefined for anything else. */
export const insertedEntity = <T>(record: DynamoDBRecord, entity: string): T | undefined => {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = fromImage<{ entity?: unknown }>(record.dynamodb.NewImage);
  return item.entity === entity ? (item as T) : undefined;
};

/** The new image of a MODIFY of the given entity that sets `flag` (it was not set before); undefined otherwise. */
export const flaggedEntity = <T>(record: DynamoDBRecord, entity: string, flag: string): T | undefined => {
  if (record.eventName !== 'MODIFY' || !record.dynamodb?.NewImage) return undefined;
  const item = fromImage<Record<string, unknown>>(record.dynamodb.NewImage);
  const before = record.dynamodb.OldImage ? fromImage<Record<string, unknown>>(record.dynamodb.OldImage) : {};
  return item.entity === entity && item[flag] === true && before[flag] !== true ? (item as T) : undefined;
};

/** The old and new images of a MODIFY of the given entity, unmarshalled; undefined for anything else. */
export const modifiedEntity = <T>(record: DynamoDBRecord, entity: string): { before: T; after: T } | undefined => {
  const { NewImage, OldImage } = record.dynamodb ?? {};
  if (record.eventName !== 'MODIFY' || !NewImage || !OldImage) return undefined;
  const after = fromImage<{ entity?: unknown }>(NewImage);
  return after.entity === entity ? { before: fromImage<T>(OldImage), after: after as T } : undefined;
};
