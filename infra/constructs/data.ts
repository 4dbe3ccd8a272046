import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEXES, STREAM_VIEW_TYPE, TABLE_KEY, TTL_ATTRIBUTE, UNREAD_INDEX_ATTRIBUTES } from '#shared/table/definition';

/** The single table, from the same definition the local stack creates. Retained, with PITR and its stream. */
export class ChatData extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const string = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: string(TABLE_KEY.partitionKey),
      sortKey: string(TABLE_KEY.sortKey),
      billing: Billing.onDemand(),
      dynamoStream: StreamViewType[STREAM_VIEW_TYPE],
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: INDEXES.inbox.name,
          partitionKey: string(INDEXES.inbox.partitionKey),
          sortKey: string(INDEXES.inbox.sortKey),
          projectionType: ProjectionType.ALL,
        },
        {
          indexName: INDEXES.unread.name,
          partitionKey: string(INDEXES.unread.partitionKey),
          sortKey: string(INDEXES.unread.sortKey),
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: UNREAD_INDEX_ATTRIBUTES,
        },
      ],
    });
  }
}
