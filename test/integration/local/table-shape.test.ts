import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatData } from '#infra/constructs/data';

const client = new DynamoDBClient({});
afterAll(() => client.destroy());

interface IndexShape {
  IndexName?: string;
  KeySchema?: Array<{ AttributeName?: string; KeyType?: string }>;
  Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
}
const shapeOf = (index: IndexShape) => ({
  name: index.IndexName,
  keys: index.KeySchema?.map((k) => [k.AttributeName, k.KeyType]),
  projection: index.Projection?.ProjectionType,
  included: index.Projection?.NonKeyAttributes ?? [],
});

/**
 * The deployed table (the CDK construct) and the local stack's (infra/local/create-table.ts) are built from one
 * definition (shared/table/definition.ts); this holds them to it: same keys, indexes, projections, stream and TTL.
 */
describe('the local table', () => {
  it('has the shape of the deployed one: keys, both indexes with their projections, the stream and the TTL attribute', async () => {
    const template = Template.fromStack(
      (() => {
        const stack = new Stack(new App(), 'TableOnly');
        new ChatData(stack, 'Data');
        return stack;
      })(),
    );
    const [deployed] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).map(
      (r) => (r as { Properties: Record<string, any> }).Properties,
    );
    const { Table: local } = await client.send(new DescribeTableCommand({ TableName: process.env.TABLE_NAME! }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: process.env.TABLE_NAME! }));

    expect(local!.KeySchema).toEqual(deployed!.KeySchema);
    const byName = (indexes: IndexShape[]) =>
      indexes.map(shapeOf).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(byName(local!.GlobalSecondaryIndexes ?? [])).toEqual(byName(deployed!.GlobalSecondaryIndexes));
    expect(local!.StreamSpecification?.StreamViewType).toBe(deployed!.StreamSpecification.StreamViewType);
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(deployed!.TimeToLiveSpecification.AttributeName);
    // What the unread index carries, by design: the owner's own count and nothing else.
    expect(shapeOf(local!.GlobalSecondaryIndexes!.find((i) => i.IndexName === 'GSI2')!).included).toEqual([
      'unreadCount',
    ]);
  });
});
