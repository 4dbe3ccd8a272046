import { Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { EmailSettings } from '#infra/config';

/**
 * SES sending for notification emails: a configuration set with reputation metrics (and the account's
 * suppression list for bounces and complaints), the environment the email code reads (shared/email/email-config.ts),
 * built from the `email` settings of infra/config.ts, and a grant to send only as the configured identity
 * through that configuration set.
 */
export class Notifications extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly environment: Record<string, string>;
  private readonly sendResources: string[];

  constructor(scope: Construct, id: string, settings: EmailSettings) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const stack = Stack.of(this);
    this.sendResources = [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.senderIdentity }),
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
    ];
    this.environment = {
      EMAIL_FROM: settings.sender.address,
      ...(settings.sender.name && { EMAIL_FROM_NAME: settings.sender.name }),
      ...(settings.replyTo && { EMAIL_REPLY_TO: settings.replyTo }),
      ...(settings.replyDomain && { REPLY_DOMAIN: settings.replyDomain }),
      SELLER_INBOX_URL: settings.sellerInboxUrl,
      ...(settings.customerInboxUrl && { CUSTOMER_INBOX_URL: settings.customerInboxUrl }),
      EMAIL_NOTIFY_WINDOW_MINUTES: String(settings.windowMinutes),
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
