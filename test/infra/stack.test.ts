import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableStreamPoller } from '#infra/local/stack';
import { emailStreamHandler, httpRoutes, safetyRoutes, streamConsumers, streamHandler } from '#infra/routes/index';
import { ChatStack } from '#infra/stack';
import { METRIC } from '#shared/observability/metric-names';
import { testContext } from '#test/infra/support/deploy-context';
import {
  actionsOf,
  dynamoGrants,
  functionByDescription,
  lambdaFunctions,
  statementsOf,
} from '#test/infra/support/template-queries';

let stack: Stack;
let template: Template;

beforeAll(() => {
  // Skip esbuild bundling: these tests are about the template, the bench measures the bundles.
  const app = new App({ context: testContext() });
  stack = new ChatStack(app, 'Test');
  template = Template.fromStack(stack);
});

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const streamFunction = () => functionByDescription(template, streamHandler.description);
const emailStreamFunction = () => functionByDescription(template, emailStreamHandler.description);

describe('data', () => {
  it('has the single table with its stream, PITR, TTL, both indexes, retained and deletion-protected', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'GSI1', Projection: { ProjectionType: 'ALL' } }),
          Match.objectLike({
            IndexName: 'GSI2',
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['unreadCount'] },
          }),
        ],
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });
});

describe('functions', () => {
  it('routes every entry of the route list to its own Node.js 24 arm64 function', () => {
    for (const route of httpRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey(route) });
      const { resource } = functionByDescription(template, routeKey(route));
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    }
    // HTTP routes only (the WebSocket API's route keys are $connect, sendMessage, …).
    const routes = template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: Match.stringLikeRegexp('^(GET|POST|PUT|PATCH|DELETE) /') },
    });
    expect(Object.keys(routes)).toHaveLength(httpRoutes.length);
  });

  it('gives every function its own log group with a 30-day retention', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    for (const [id, fn] of Object.entries(lambdaFunctions(template))) {
      const logGroupId = fn.Properties.LoggingConfig?.LogGroup?.Ref as string;
      expect(logGroups[logGroupId]?.Properties, id).toEqual({ RetentionInDays: 30 });
    }
  });

  it('configures tokens and metrics through the environment: audience, own issuer only, Powertools names', () => {
    for (const route of httpRoutes) {
      const variables = functionByDescription(template, routeKey(route)).resource.Properties.Environment.Variables;
      expect(variables).toMatchObject({
        TABLE_NAME: { Ref: expect.stringMatching(/^DataTable/) },
        JWT_AUDIENCE: 'product-enquiry-chat',
        SELF_TOKEN_SECRET_ARN: { Ref: expect.stringMatching(/^SelfTokenSecret/) },
        POWERTOOLS_SERVICE_NAME: 'product-enquiry-chat',
        POWERTOOLS_METRICS_NAMESPACE: 'ProductEnquiryChat',
      });
      expect(variables).not.toHaveProperty('JWT_ISSUER');
    }
  });
});

describe('least privilege', () => {
  it('grants each route function exactly the table actions and indexes its route declares', () => {
    for (const route of httpRoutes) {
      const grants = dynamoGrants(statementsOf(template, functionByDescription(template, routeKey(route)).logicalId));
      const expected: Record<string, string[]> = {};
      if (route.table.actions.length > 0) expected.table = route.table.actions.map((a) => `dynamodb:${a}`).sort();
      const indexName = { inbox: 'GSI1', unread: 'GSI2' } as const;
      for (const index of route.table.queryIndexes ?? [])
        expected[`table/index/${indexName[index]}`] = ['dynamodb:Query'];
      expect(grants, routeKey(route)).toEqual(expected);
    }
  });

  it('lets the inbox listing only Query the inbox index: it cannot PutItem, UpdateItem or read the table', () => {
    const actions = actionsOf(
      statementsOf(template, functionByDescription(template, 'GET /v1/conversations').logicalId),
    );
    for (const forbidden of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:Scan',
    ]) {
      expect(actions).not.toContain(forbidden);
    }
    expect(
      dynamoGrants(statementsOf(template, functionByDescription(template, 'GET /v1/conversations').logicalId)),
    ).toEqual({
      'table/index/GSI1': ['dynamodb:Query'],
    });
  });

  it('keeps trust and safety narrow: the moderation queue reads the index only, the erasure may close connections but not post, and no new route may Scan', () => {
    const grantsOf = (key: string) =>
      dynamoGrants(statementsOf(template, functionByDescription(template, key).logicalId));
    expect(grantsOf('GET /v1/moderation/reports')).toEqual({ 'table/index/GSI1': ['dynamodb:Query'] });
    expect(grantsOf('GET /v1/policy')).toEqual({ table: ['dynamodb:GetItem'] });
    const erase = statementsOf(template, functionByDescription(template, 'DELETE /v1/users/{userId}').logicalId);
    const connections = erase.filter((s) => actionsOf([s]).includes('execute-api:ManageConnections'));
    expect(connections).toHaveLength(1);
    expect(JSON.stringify(connections[0]!.Resource)).toMatch(/\/v1\/DELETE\/@connections\/\*/);
    expect(JSON.stringify(connections[0]!.Resource)).not.toMatch(/POST/);
    for (const route of safetyRoutes)
      expect(
        actionsOf(statementsOf(template, functionByDescription(template, routeKey(route)).logicalId)),
      ).not.toContain('dynamodb:Scan');
  });

  it.each(streamConsumers)(
    'lets the stream consumer $name read the stream and the table actions it declares, nothing else of the table',
    (consumer) => {
      const grants = dynamoGrants(
        statementsOf(template, functionByDescription(template, consumer.description).logicalId),
      );
      const indexName = { inbox: 'GSI1', unread: 'GSI2' } as const;
      expect(grants).toEqual({
        table: consumer.table.actions.map((a) => `dynamodb:${a}`).sort(),
        ...Object.fromEntries(
          (consumer.table.queryIndexes ?? []).map((index) => [`table/index/${indexName[index]}`, ['dynamodb:Query']]),
        ),
        'table stream': [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
      });
    },
  );

  it('lets the chat consumer only update items and query the log (read receipts): it cannot send email, get or put', () => {
    const actions = actionsOf(statementsOf(template, streamFunction().logicalId));
    expect(actions.filter((a) => a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a))).toEqual([
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
  });

  it('lets the HTTP functions read the signing secret (GetSecretValue on it only), and not the stream consumer', () => {
    for (const route of httpRoutes) {
      const secretStatements = statementsOf(
        template,
        functionByDescription(template, routeKey(route)).logicalId,
      ).filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
      expect(secretStatements).toEqual([
        expect.objectContaining({
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: expect.stringMatching(/^SelfTokenSecret/) },
        }),
      ]);
    }
    for (const fn of [streamFunction(), emailStreamFunction()]) {
      expect(actionsOf(statementsOf(template, fn.logicalId)).filter((a) => a.startsWith('secretsmanager:'))).toEqual(
        [],
      );
    }
  });

  it('uses no managed policies, no wildcard actions and no wildcard resources in any role', () => {
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
    for (const [id, fn] of Object.entries(lambdaFunctions(template))) {
      for (const statement of statementsOf(template, id)) {
        expect(
          actionsOf([statement]).filter((a) => a.includes('*')),
          `${fn.Properties.Description}`,
        ).toEqual([]);
        // The one exception: posting to (and closing) connections, whose ids API Gateway issues at run time (scoped to
        // this API's stage and POST or DELETE).
        if (actionsOf([statement]).join() === 'execute-api:ManageConnections') {
          for (const resource of [statement.Resource].flat())
            expect(JSON.stringify(resource)).toMatch(/\/v1\/(POST|DELETE)\/@connections\/\*"\]\]\}$/);
          continue;
        }
        // And attachments, whose object keys are made at run time: one key prefix of the attachments bucket each.
        if (actionsOf([statement]).every((a) => ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].includes(a))) {
          for (const resource of [statement.Resource].flat())
            expect(JSON.stringify(resource)).toMatch(
              /^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["AttachmentsBucket\w+","Arn"\]\},"\/(uploads|files)\/\*"\]\]\}$/,
            );
          continue;
        }
        expect(JSON.stringify(statement.Resource), `${fn.Properties.Description}`).not.toMatch(/"\*"|\/\*"/);
      }
    }
  });

  it("writes each function's logs with CreateLogStream/PutLogEvents on its own log group only", () => {
    for (const [id, fn] of Object.entries(lambdaFunctions(template))) {
      const logStatements = statementsOf(template, id).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logStatements).toEqual([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] },
        }),
      ]);
    }
  });
});

describe('the HTTP API stage', () => {
  it('throttles the stage (200/s, burst 400) and the conversation-opening route tighter (20/s, burst 40)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      RouteSettings: { 'POST /v1/conversations': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } },
    });
  });

  it('deploys the stage after its routes, so per-route settings find them', () => {
    const [stage] = Object.values(
      template.findResources('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } }),
    );
    const routeIds = Object.keys(
      template.findResources('AWS::ApiGatewayV2::Route', {
        Properties: { RouteKey: Match.stringLikeRegexp('^(GET|POST|PUT|PATCH|DELETE) /') },
      }),
    );
    expect(stage!.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('writes JSON access logs with the request id, and no query strings, to a log group with retention', () => {
    const [stage] = Object.values(
      template.findResources('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } }),
    );
    const { DestinationArn, Format } = stage!.Properties.AccessLogSettings;
    const fields = JSON.parse(Format);
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
    expect(Format).not.toMatch(/querystring|authorization/i);
    const logGroupId = DestinationArn['Fn::GetAtt'][0];
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]!.Properties).toEqual({ RetentionInDays: 30 });
  });

  it('has no CORS configuration unless origins are given', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });
});

describe('stream processing', () => {
  const mappingOf = (logicalId: string) => {
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: logicalId } } }),
    );
    expect(mappings).toHaveLength(1);
    return mappings[0]!.Properties;
  };
  const common = {
    EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'StreamArn'] },
    StartingPosition: 'TRIM_HORIZON',
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BisectBatchOnFunctionError: true,
    MaximumRecordAgeInSeconds: 21600,
    ParallelizationFactor: 1,
  };

  it('has two readers of the table stream, each with its own mapping and dead-letter queue', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    const queues = [streamFunction(), emailStreamFunction()].map(
      (fn) => mappingOf(fn.logicalId).DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0],
    );
    expect(queues).toEqual([
      expect.stringMatching(/^StreamDeadLetterQueue/),
      expect.stringMatching(/^EmailStreamDeadLetterQueue/),
    ]);
  });

  const filtersOf = (logicalId: string) =>
    mappingOf(logicalId).FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));

  it('feeds the chat consumer message inserts, redactions and reads only, with partial batch failures, bisection, 10 retries and a 6 h age limit', () => {
    expect(mappingOf(streamFunction().logicalId)).toMatchObject({ ...common, MaximumRetryAttempts: 10 });
    expect(filtersOf(streamFunction().logicalId)).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['message'] } } } },
      {
        eventName: ['MODIFY'],
        dynamodb: { NewImage: { entity: { S: ['message'] }, redacted: { BOOL: [true] } } },
      },
      {
        eventName: ['MODIFY'],
        dynamodb: { NewImage: { entity: { S: ['member'] }, receiptDue: { BOOL: [true] } } },
      },
    ]);
  });

  it('feeds the side-effect consumer conversation, message and erasure-step inserts and redactions, retrying until records are 6 h old (an SES outage waits)', () => {
    expect(mappingOf(emailStreamFunction().logicalId)).toMatchObject({ ...common, MaximumRetryAttempts: 10000 });
    expect(filtersOf(emailStreamFunction().logicalId)).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['conversation', 'message', 'erasure-step'] } } } },
      {
        eventName: ['MODIFY'],
        dynamodb: { NewImage: { entity: { S: ['message'] }, redacted: { BOOL: [true] } } },
      },
    ]);
  });

  it.each(streamConsumers)(
    "gives $name's mapping and function exactly the route list's settings (batch, window, bisection, retries, age, timeout)",
    (consumer) => {
      const fn = functionByDescription(template, consumer.description);
      const { mapping } = consumer;
      expect(mappingOf(fn.logicalId)).toMatchObject({
        StartingPosition: mapping.startingPosition,
        BatchSize: mapping.batchSize,
        MaximumBatchingWindowInSeconds: mapping.maxBatchingWindowSeconds,
        BisectBatchOnFunctionError: mapping.bisectBatchOnError,
        MaximumRetryAttempts: mapping.retryAttempts,
        MaximumRecordAgeInSeconds: mapping.maxRecordAgeSeconds,
        ParallelizationFactor: mapping.parallelizationFactor,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(JSON.parse(mappingOf(fn.logicalId).FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { entity: { S: [...consumer.inserts] } } },
      });
      expect(fn.resource.Properties.Timeout).toBe(consumer.timeoutSeconds);
    },
  );

  it('runs the local stream poller with the same consumers and the same settings as the deployed mappings', () => {
    const poller = tableStreamPoller('http://127.0.0.1:1', 'unused');
    const deployed = streamConsumers.map((consumer) => {
      const { logicalId } = functionByDescription(template, consumer.description);
      const m = mappingOf(logicalId);
      const modifies = filtersOf(logicalId).filter((f: { eventName: string[] }) => f.eventName[0] === 'MODIFY');
      return {
        name: consumer.name,
        entry: consumer.entry,
        inserts: JSON.parse(m.FilterCriteria.Filters[0].Pattern).dynamodb.NewImage.entity.S,
        redactions: modifies.some((f: { dynamodb: { NewImage: object } }) => 'redacted' in f.dynamodb.NewImage),
        readReceipts: modifies.some((f: { dynamodb: { NewImage: object } }) => 'receiptDue' in f.dynamodb.NewImage),
        settings: {
          startingPosition: m.StartingPosition,
          batchSize: m.BatchSize,
          maxBatchingWindowSeconds: m.MaximumBatchingWindowInSeconds,
          bisectBatchOnError: m.BisectBatchOnFunctionError,
          retryAttempts: m.MaximumRetryAttempts,
          maxRecordAgeSeconds: m.MaximumRecordAgeInSeconds,
          parallelizationFactor: m.ParallelizationFactor,
        },
      };
    });
    expect(
      poller.loops.map((loop) => ({
        name: loop.consumer.name,
        entry: loop.consumer.entry,
        inserts: [...loop.consumer.inserts],
        redactions: loop.consumer.redactions === true,
        readReceipts: loop.consumer.readReceipts === true,
        settings: loop.settings,
      })),
    ).toEqual(deployed);
  });

  it('gives the email settings to the email consumer only', () => {
    expect(emailStreamFunction().resource.Properties.Environment.Variables).toHaveProperty('EMAIL_FROM');
    expect(
      Object.keys(streamFunction().resource.Properties.Environment.Variables).filter(
        (k) => k.includes('EMAIL') || k.includes('INBOX'),
      ),
    ).toEqual([]);
  });

  it('keeps failed batches in an encrypted queue that refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('monitoring', () => {
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const alarmNamed = (suffix: string) => {
    const found = alarms().filter((a) => a.AlarmName === `Test-${suffix}`);
    expect(found, suffix).toHaveLength(1);
    return found[0]!;
  };

  it('alarms on errors and throttles of every function', () => {
    for (const [id] of Object.entries(lambdaFunctions(template))) {
      for (const metric of ['Errors', 'Throttles']) {
        const matching = alarms().filter((a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.Ref === id);
        expect(matching, `${metric} of ${id}`).toHaveLength(1);
        expect(matching[0]).toMatchObject({
          Namespace: 'AWS/Lambda',
          Statistic: 'Sum',
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
  });

  it('alarms on the HTTP 5xx rate as a share of requests', () => {
    const alarm = alarmNamed('Http5xxRate');
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toBe('100 * FILL(errors, 0) / requests');
    const names = alarm.Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => m.MetricStat.Metric.MetricName)
      .sort();
    expect(names).toEqual(['5xx', 'Count']);
  });

  it('alarms when either stream consumer falls a minute behind, and on the first dead letter of either', () => {
    for (const [name, fn] of [
      ['Stream', streamFunction()],
      ['EmailStream', emailStreamFunction()],
    ] as const) {
      expect(alarmNamed(`${name}IteratorAge`)).toMatchObject({
        MetricName: 'IteratorAge',
        Statistic: 'Maximum',
        Threshold: 60000,
        EvaluationPeriods: 3,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn.logicalId } }],
      });
      expect(alarmNamed(`${name}DeadLetters`)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${name}DeadLetterQueue`)), 'QueueName'] },
          },
        ],
      });
    }
  });

  it("alarms on the account's SES bounce and complaint rates before SES reviews the account", () => {
    expect(alarmNamed('SesBounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.04,
    });
    expect(alarmNamed('SesComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0008,
    });
  });

  it('sends every alarm and its recovery to one KMS-encrypted, TLS-only SNS topic CloudWatch may publish to', () => {
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
      expect(alarm.AlarmDescription, alarm.AlarmName).toEqual(expect.any(String));
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('has a dashboard with the API, the stream, the functions and the business metrics', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const text of [
      'HTTP requests and errors',
      'Stream iterator age',
      'EmailStream iterator age',
      'Function errors',
      'SES bounce rate',
      ...Object.values(METRIC),
    ]) {
      expect(body).toContain(text);
    }
  });
});

describe('outputs', () => {
  it('gives the HTTP and WebSocket API URLs, the table name, both dead-letter queue URLs and the alarm topic', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual([
      'AlarmTopicArn',
      'DeadLetterQueueUrl',
      'EmailDeadLetterQueueUrl',
      'HttpApiUrl',
      'TableName',
      'WebSocketUrl',
    ]);
    expect(outputs.HttpApiUrl!.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] });
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AWS Solutions rules, errors and warnings alike', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });

  it('acknowledges only with a concrete reason', () => {
    const acknowledged = stack.node
      .findAll()
      .flatMap((c: IConstruct) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, string>)),
      );
    // Rules acknowledged as a whole; IAM5 only for the findings it is about (posting to and closing run-time connection
    // ids; the attachments bucket's two key prefixes, whose object keys are made at run time).
    const ids = new Set(acknowledged.map(([id]) => id.replace(/^annotation::/i, '')));
    const iam5 = [...ids].filter((id) => id.startsWith('AwsSolutions-IAM5'));
    expect(iam5.sort()).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<AttachmentsBucket\w+\.Arn>\/files\/\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<AttachmentsBucket\w+\.Arn>\/uploads\/\*\]$/),
      ...['DELETE', 'POST'].map((method) =>
        expect.stringMatching(
          new RegExp(
            `^AwsSolutions-IAM5\\[Resource::arn:<AWS::Partition>:execute-api:.*/v1/${method}/@connections/\\*\\]$`,
          ),
        ),
      ),
    ]);
    expect(new Set([...ids].filter((id) => !iam5.includes(id)))).toEqual(
      new Set(['AwsSolutions-APIG4', 'AwsSolutions-SQS3', 'AwsSolutions-SMG4', 'AwsSolutions-S1']),
    );
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(80);
  });
});
