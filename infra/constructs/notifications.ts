import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { DEFAULT_NOTIFY_WINDOW_MINUTES } from '../../shared/email/email-config';
import { isPlainAddress } from '../../shared/email/header-safe';

/** Email settings, from CDK context (`cdk deploy -c senderEmail=chat@shop.com …`); the defaults let `cdk synth` run. */
export interface NotificationSettings {
  /** The From address. */
  senderEmail: string;
  /** The SES identity that authorizes it: the sender's domain by default, or the address itself if that is what is verified. */
  senderIdentity: string;
  replyTo?: string;
  sellerInboxUrl: string;
  customerInboxUrl?: string;
  emailWindowMinutes: number;
}

export const notificationSettingsFromContext = (scope: Construct): NotificationSettings => {
  const context = (name: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(name);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const senderEmail = context('senderEmail') ?? 'no-reply@example.com';
  const replyTo = context('replyTo');
  for (const [name, value] of [['senderEmail', senderEmail], ['replyTo', replyTo]] as const) {
    if (value !== undefined && !isPlainAddress(value)) throw new Error(`context ${name} must be a bare email address, got ${value}`);
  }
  const emailWindowMinutes = Number(context('emailWindowMinutes') ?? DEFAULT_NOTIFY_WINDOW_MINUTES);
  if (!Number.isFinite(emailWindowMinutes) || emailWindowMinutes < 0) throw new Error('context emailWindowMinutes must be ≥ 0');
  const customerInboxUrl = context('customerInboxUrl');
  return {
    senderEmail,
    senderIdentity: context('senderIdentity') ?? senderEmail.split('@')[1]!,
    ...(replyTo && { replyTo }),
    sellerInboxUrl: context('sellerInboxUrl') ?? 'https://seller.example.com/inbox',
    ...(customerInboxUrl && { customerInboxUrl }),
    emailWindowMinutes,
  };
};

/**
 * SES sending for the stream processor: a configuration set with reputation metrics (and the account's
 * suppression list for bounces and complaints), the environment the email code reads, and a grant to send
 * only as the configured identity through that configuration set.
 */
export class Notifications extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly environment: Record<string, string>;
  private readonly sendResources: string[];

  constructor(scope: Construct, id: string, settings: NotificationSettings) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const stack = Stack.of(this);
    this.sendResources = [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.senderIdentity }),
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
    ];
    this.environment = {
      EMAIL_FROM: settings.senderEmail,
      ...(settings.replyTo && { EMAIL_REPLY_TO: settings.replyTo }),
      SELLER_INBOX_URL: settings.sellerInboxUrl,
      ...(settings.customerInboxUrl && { CUSTOMER_INBOX_URL: settings.customerInboxUrl }),
      EMAIL_NOTIFY_WINDOW_MINUTES: String(settings.emailWindowMinutes),
      EMAIL_CONFIGURATION_SET: this.configurationSet.configurationSetName,
    };
  }

  /** ses:SendEmail/SendRawEmail on the identity and the configuration set, nothing else. */
  grantSend(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: this.sendResources }),
    );
  }
}
