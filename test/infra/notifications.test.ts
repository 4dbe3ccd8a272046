import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatStack } from '#infra/stack';
import { testContext } from '#test/infra/support/deploy-context';

const synth = (context: Record<string, unknown>) =>
  Template.fromStack(new ChatStack(new App({ context: testContext(context) }), 'Test'));

const sesArn = (resource: string, name: unknown) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}/`,
      ...(typeof name === 'string' ? [] : [name]),
    ],
  ],
});
const identityArn = (identity: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:identity/${identity}`,
    ],
  ],
});

/** The keys README "Deploy" documents, as an operator sets them. */
const context = {
  sesSender: 'Shop Chat <chat@shop.example>',
  replyTo: 'help@shop.example',
  sellerInboxUrl: 'https://shop.example/seller/inbox',
  customerInboxUrl: 'https://shop.example/messages',
  emailWindowMinutes: '10',
};

/** The one IAM statement of the template that allows anything of SES, and the roles its policy is attached to. */
const sesGrant = (template: Template) => {
  const sending = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p).includes('ses:'),
  );
  expect(sending).toHaveLength(1);
  const policy = sending[0] as {
    Properties: { Roles: unknown[]; PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> } };
  };
  return {
    roles: policy.Properties.Roles,
    statements: policy.Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Action).includes('ses:')),
  };
};

const emailEnvironment = (template: Template) => {
  const withEmail = Object.values(template.findResources('AWS::Lambda::Function'))
    .map((f) => f.Properties.Environment?.Variables as Record<string, unknown> | undefined)
    .filter((v) => v?.EMAIL_FROM !== undefined);
  expect(withEmail).toHaveLength(1);
  return withEmail[0]!;
};

let configured: Template;
beforeAll(() => {
  configured = synth(context);
});

describe('notifications in the synthesized stack', () => {
  it('has one SES configuration set with reputation metrics, suppressing bounces and complaints', () => {
    configured.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    configured.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('lets only the email stream consumer send, only as the sender’s domain identity and through the configuration set', () => {
    const configurationSet = Object.keys(configured.findResources('AWS::SES::ConfigurationSet'))[0]!;
    const { roles, statements } = sesGrant(configured);
    expect(roles).toEqual([{ Ref: expect.stringMatching(/^EmailStreamHandlerRole/) }]);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [identityArn('shop.example'), sesArn('configuration-set', { Ref: configurationSet })],
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain('"*"');
  });

  it('gives the sending function the email settings of the Deploy context keys: sesSender split into address and name', () => {
    expect(emailEnvironment(configured)).toMatchObject({
      EMAIL_FROM: 'chat@shop.example',
      EMAIL_FROM_NAME: 'Shop Chat',
      EMAIL_REPLY_TO: 'help@shop.example',
      SELLER_INBOX_URL: 'https://shop.example/seller/inbox',
      CUSTOMER_INBOX_URL: 'https://shop.example/messages',
      EMAIL_NOTIFY_WINDOW_MINUTES: '10',
      EMAIL_CONFIGURATION_SET: { Ref: expect.stringMatching(/^NotificationsConfigurationSet/) },
    });
  });

  it('grants an address identity when sesIdentity names one; a bare sender has no display name, the window 15 minutes by default', () => {
    const template = synth({ sesSender: 'chat@mail.shop.example', sesIdentity: 'chat@mail.shop.example' });
    expect(sesGrant(template).statements[0]!.Resource).toEqual([
      identityArn('chat@mail.shop.example'),
      expect.anything(),
    ]);
    const environment = emailEnvironment(template);
    expect(environment).toMatchObject({ EMAIL_FROM: 'chat@mail.shop.example', EMAIL_NOTIFY_WINDOW_MINUTES: '15' });
    expect(environment).not.toHaveProperty('EMAIL_FROM_NAME');
    expect(environment).not.toHaveProperty('EMAIL_REPLY_TO');
    expect(environment).not.toHaveProperty('CUSTOMER_INBOX_URL');
  });

  it('synthesizes without a sender or a seller inbox, with a warning on the stack that says what to set and why', () => {
    const stack = new ChatStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Unconfigured');
    const warnings = Annotations.fromStack(stack);
    warnings.hasWarning(
      '/Unconfigured',
      Match.stringLikeRegexp('sesSender is not set: the From of notification emails, verified in SES'),
    );
    warnings.hasWarning('/Unconfigured', Match.stringLikeRegexp('sellerInboxUrl is not set'));
  });
});
