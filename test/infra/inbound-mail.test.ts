import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChatConfig } from '#infra/config';
import { emailStreamHandler, inboundMailHandler } from '#infra/routes/index';
import { ChatStack } from '#infra/stack';
import { testContext } from '#test/infra/support/deploy-context';
import { actionsOf, dynamoGrants, functionByDescription, statementsOf } from '#test/infra/support/template-queries';

const synth = (context: Record<string, unknown>) => {
  const stack = new ChatStack(new App({ context: testContext(context) }), 'Test');
  return { stack, template: Template.fromStack(stack) };
};

let stack: Stack;
let template: Template;
let off: Template;
beforeAll(() => {
  ({ stack, template } = synth({ replyDomain: 'reply.shop.example' }));
  off = synth({}).template;
});

const inboundFunction = () => functionByDescription(template, inboundMailHandler.description);
const bucketId = () => Object.keys(template.findResources('AWS::S3::Bucket'))[0]!;

describe('reply by email is off by default', () => {
  it('has no receipt rule, no raw-mail bucket, no inbound function, and no reply domain in any environment', () => {
    off.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    off.resourceCountIs('AWS::SES::ReceiptRule', 0);
    // Only the attachments bucket and its access-log bucket: no raw-mail bucket.
    off.resourceCountIs('AWS::S3::Bucket', 2);
    expect(JSON.stringify(off.toJSON())).not.toContain('REPLY_DOMAIN');
    expect(JSON.stringify(off.toJSON())).not.toContain(inboundMailHandler.description);
  });

  it('refuses a reply domain that is not a lower-case domain name', () => {
    expect(() => readChatConfig((key) => (key === 'replyDomain' ? 'Reply.Example.COM' : undefined))).toThrow(
      /replyDomain must be a lower-case domain name/,
    );
    expect(readChatConfig((key) => (key === 'replyDomain' ? 'reply.shop.example' : undefined)).email.replyDomain).toBe(
      'reply.shop.example',
    );
  });
});

describe('reply by email with a reply domain', () => {
  it('keeps raw mail in a private, encrypted, TLS-only bucket whose objects expire after 30 days', () => {
    // The attachments bucket, its access-log bucket, and the raw-mail bucket.
    template.resourceCountIs('AWS::S3::Bucket', 3);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('"aws:SecureTransport":"false"');
  });

  it('lets only SES of this account put objects, under the prefix', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/inbound/*']] },
          }),
        ]),
      },
    });
  });

  it('has one receipt rule set with one rule for the domain: scanning on, store in S3, then invoke the handler', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.resourceCountIs('AWS::SES::ReceiptRule', 1);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['reply.shop.example'],
        ScanEnabled: true,
        Actions: [
          { S3Action: { BucketName: { Ref: bucketId() }, ObjectKeyPrefix: 'inbound/' } },
          {
            LambdaAction: {
              FunctionArn: { 'Fn::GetAtt': [inboundFunction().logicalId, 'Arn'] },
              InvocationType: 'Event',
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [inboundFunction().logicalId, 'Arn'] },
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('gives the handler least privilege: its table actions, GetObject under the prefix, posting to connections', () => {
    const statements = statementsOf(template, inboundFunction().logicalId);
    expect(dynamoGrants(statements)).toEqual({
      table: inboundMailHandler.table.actions.map((a) => `dynamodb:${a}`).sort(),
    });
    const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    expect(s3).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/inbound/*']] },
      }),
    ]);
    const actions = actionsOf(statements);
    expect(actions.filter((a) => a.startsWith('ses:') || a.startsWith('secretsmanager:'))).toEqual([]);
    expect(actions).toContain('execute-api:ManageConnections');
    // Its failure destination (CDK's grant for a Lambda destination), on that queue only.
    const sqs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(sqs).toEqual([
      expect.objectContaining({
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^InboundMailFailedInvocations/), 'Arn'] },
      }),
    ]);
  });

  it('tells the handler where raw mail is and the reply domain; the email consumer gets the domain too', () => {
    expect(inboundFunction().resource.Properties.Environment.Variables).toMatchObject({
      REPLY_DOMAIN: 'reply.shop.example',
      INBOUND_MAIL_BUCKET: { Ref: bucketId() },
      INBOUND_MAIL_PREFIX: 'inbound/',
      WS_MANAGEMENT_ENDPOINT: expect.anything(),
    });
    expect(
      functionByDescription(template, emailStreamHandler.description).resource.Properties.Environment.Variables,
    ).toMatchObject({ REPLY_DOMAIN: 'reply.shop.example' });
  });

  it('retries a failed invocation twice, then keeps its event in an encrypted queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: inboundFunction().logicalId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('alarms on bursts of rejected mail and on the first mail whose handling failed', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-InboundMailRejected',
      MetricName: 'InboundRepliesRejected',
      Namespace: 'ProductEnquiryChat',
      Threshold: 20,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-InboundMailFailedDeadLetters',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
  });

  it('outputs the rule set to activate and the failure queue', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ReceiptRuleSetName', 'InboundMailFailedQueueUrl']),
    );
  });

  it('finds nothing unacknowledged in the AWS Solutions rules', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});
