import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** A DynamoDB Streams API record in the shape Lambda delivers it (epoch seconds, eventSourceARN). */
export const toLambdaRecord = (record: _Record, streamArn: string): DynamoDBRecord => {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'local',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(rest as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime && {
        ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000),
      }),
    },
  };
};

/** The event source mapping's filter, locally: an INSERT of one of `entities`. */
export const isInsertOf = (entities: readonly string[]) => (record: DynamoDBRecord) =>
  record.eventName === 'INSERT' && entities.includes(record.dynamodb?.NewImage?.entity?.S ?? '');
