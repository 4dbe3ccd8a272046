import { App, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { Notifications, notificationSettingsFromContext } from '../../infra/constructs/notifications';
import { ChatStack } from '../../infra/stack';

// Skip esbuild bundling: these tests are about the template.
const synth = (context: Record<string, string> = {}) =>
  Template.fromStack(new ChatStack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), 'Test'));

const sesArn = (resource: string, name: unknown) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}/`, ...(typeof name === 'string' ? [] : [name])]],
});

const context = {
  senderEmail: 'chat@shop.example',
  senderIdentity: 'shop.example',
  replyTo: 'help@shop.example',
  sellerInboxUrl: 'https://shop.example/seller/inbox',
  emailWindowMinutes: '10',
};

let configured: Template;
beforeAll(() => {
  configured = synth(context);
});

describe('notifications in the synthesized stack', () => {
  it('has one SES configuration set with reputation metrics, suppressing bounces and complaints', () => {
    const template = configured;
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('lets only the stream function send, only as the configured identity and through the configuration set', () => {
    const template = configured;
    const configurationSet = Object.keys(template.findResources('AWS::SES::ConfigurationSet'))[0]!;
    const sending = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('ses:'));
    expect(sending).toHaveLength(1);
    const policy = sending[0] as { Properties: { Roles: unknown[]; PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> } } };
    expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^StreamHandlerRole/) }]);
    const sesStatements = policy.Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Action).includes('ses:'));
    expect(sesStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/shop.example']] },
          sesArn('configuration-set', { Ref: configurationSet }),
        ],
      },
    ]);
    expect(JSON.stringify(sesStatements)).not.toContain('"*"');
  });

  it('gives the stream function its email settings from CDK context', () => {
    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          EMAIL_FROM: 'chat@shop.example',
          EMAIL_REPLY_TO: 'help@shop.example',
          SELLER_INBOX_URL: 'https://shop.example/seller/inbox',
          EMAIL_NOTIFY_WINDOW_MINUTES: '10',
          EMAIL_CONFIGURATION_SET: { Ref: Match.stringLikeRegexp('^NotificationsConfigurationSet') },
        }),
      },
    });
  });

  it('works without context, with safe defaults (the sender’s domain as identity, a 15 minute window)', () => {
    // The whole stack synthesizes without context in stack.test.ts; here, the construct alone, cheaply.
    const stack = new Stack(new App(), 'Defaults');
    const notifications = new Notifications(stack, 'Notifications', notificationSettingsFromContext(stack));
    notifications.grantSend(new Role(stack, 'Sender', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }));
    expect(notifications.environment).toMatchObject({
      EMAIL_FROM: 'no-reply@example.com', SELLER_INBOX_URL: 'https://seller.example.com/inbox', EMAIL_NOTIFY_WINDOW_MINUTES: '15',
    });
    expect(notifications.environment).not.toHaveProperty('EMAIL_REPLY_TO');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: Match.arrayWith([Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':identity/example.com'])] })]) }),
        ],
      },
    });
  });

  it('refuses a sender or reply-to that is not a bare address', () => {
    const settings = (ctx: Record<string, string>) => notificationSettingsFromContext(new App({ context: ctx }));
    expect(() => settings({ senderEmail: 'Shop <chat@shop.example>' })).toThrow(/senderEmail/);
    expect(() => settings({ replyTo: 'help@shop.example\r\nBcc: x@evil.test' })).toThrow(/replyTo/);
    expect(() => settings({ emailWindowMinutes: 'soon' })).toThrow(/emailWindowMinutes/);
    expect(settings({ senderEmail: 'chat@shop.example' })).toMatchObject({ senderIdentity: 'shop.example', emailWindowMinutes: 15 });
  });
});
