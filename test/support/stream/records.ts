import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

let counter = 0;

/** A stream INSERT record of `item`, as Lambda receives it (replaying what the table stream delivered). */
export const insertRecord = (item: object, sequenceNumber = String(++counter).padStart(21, '0')): DynamoDBRecord => ({
  eventID: `replay-${sequenceNumber}`,
  eventName: 'INSERT',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  dynamodb: {
    Keys: marshall({ PK: (item as { PK: string }).PK, SK: (item as { SK: string }).SK }) as never,
    NewImage: marshall(item, { removeUndefinedValues: true }) as never,
    SequenceNumber: sequenceNumber,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** A stream MODIFY record of an item that changed from `before` to `after`, as Lambda receives it. */
export const modifyRecord = (
  before: object,
  after: object,
  sequenceNumber = String(++counter).padStart(21, '0'),
): DynamoDBRecord => ({
  ...insertRecord(after, sequenceNumber),
  eventID: `replay-${sequenceNumber}`,
  eventName: 'MODIFY',
  dynamodb: {
    ...insertRecord(after, sequenceNumber).dynamodb,
    OldImage: marshall(before, { removeUndefinedValues: true }) as never,
  },
});
