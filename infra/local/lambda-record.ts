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

/**
 * The event source mapping's filter, locally (infra/constructs/stream-processing.ts builds the same): an INSERT of
 * one of `inserts`, or, with `redactions`, a MODIFY whose new image is a message marked `redacted`, or, with
 * `readReceipts`, a MODIFY whose new image is a member item with a read to copy (`receiptDue`).
 */
export const acceptedBy =
  (consumer: { inserts: readonly string[]; redactions?: true | undefined; readReceipts?: true | undefined }) =>
  (record: DynamoDBRecord) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName === 'INSERT') return consumer.inserts.includes(image?.entity?.S ?? '');
    if (record.eventName !== 'MODIFY') return false;
    return (
      (consumer.redactions === true && image?.entity?.S === 'message' && image.redacted?.BOOL === true) ||
      (consumer.readReceipts === true && image?.entity?.S === 'member' && image.receiptDue?.BOOL === true)
    );
  };
