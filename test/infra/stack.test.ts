import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../infra/routes';
import { ChatStack } from '../../infra/stack';

let template: Template;

beforeAll(() => {
  // Skip esbuild bundling: these tests are about the template, the bench measures the bundles.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new ChatStack(app, 'Test'));
});

describe('the synthesized stack', () => {
  it('has the single table with its stream, PITR, TTL, both indexes, retained and deletion-protected', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'GSI1', Projection: { ProjectionType: 'ALL' } }),
          Match.objectLike({ IndexName: 'GSI2', Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['participants'] } }),
        ],
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      }),
    });
  });

  it('routes every entry of the route list to its own Node.js 22 arm64 function', () => {
    for (const route of httpRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
    }
    // HTTP routes only (the WebSocket API's route keys are $connect, sendMessage, …).
    const routes = template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: Match.stringLikeRegexp('^(GET|POST|PUT|PATCH|DELETE) /') } });
    expect(Object.keys(routes)).toHaveLength(httpRoutes.length);
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'] } });
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(httpRoutes.length + 1);
  });

  it('feeds the stream to its handler with partial batch failures, bounded retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('INSERT') }] },
    });
  });
});
