import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { InboundMailHandlerDef } from '#infra/routes/index';
import { HandlerFunction } from './handler-function';
import { nagRendering } from './nag-rendering';
import { grantTableAccess } from './table-access';

/** Where the receipt rule stores raw mail in the bucket; the handler reads `<prefix><SES message id>`. */
export const INBOUND_MAIL_PREFIX = 'inbound/';
/** Raw mail is needed only until the handler has read it (and for a look when a reply went missing). */
export const INBOUND_MAIL_RETENTION_DAYS = 30;

export interface InboundMailProps {
  /** The reply domain: its MX record points at SES receiving in this region (README "Deploy"). */
  replyDomain: string;
  handler: InboundMailHandlerDef;
  table: ITableV2;
  environment: Record<string, string>;
}

/**
 * Reply by email, receiving side: an SES receipt rule set with one rule for the reply domain (spam and virus
 * scanning on) whose actions store the raw mail in an encrypted, TLS-only, private bucket (expiring after
 * INBOUND_MAIL_RETENTION_DAYS), then invoke the inbound handler asynchronously. The handler's role may read
 * objects under the prefix and nothing else of the bucket; an invocation that still fails after Lambda's two
 * retries lands in an encrypted queue (monitoring alarms on it). SES allows one active rule set per account and
 * region: the set is created inactive and activated by hand (README "Deploy").
 */
export class InboundMail extends Construct {
  readonly bucket: Bucket;
  readonly function: HandlerFunction;
  readonly ruleSet: ReceiptRuleSet;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'RawMail', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          expiration: Duration.days(INBOUND_MAIL_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only SES writes to this bucket (its receipt rule, by bucket policy) and only the inbound function reads it (one object per received email, by its SES message id); objects expire after 30 days. Access logs would need a second bucket holding copies of the same addresses.',
    });

    this.failures = new Queue(this, 'FailedInvocations', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the failure destination of the inbound function's asynchronous invocations (after Lambda's two retries); it has its own depth alarm and nothing consumes it automatically.",
    });

    this.function = new HandlerFunction(this, 'Handler', props.handler.entry, {
      description: props.handler.description,
      environment: {
        ...props.environment,
        REPLY_DOMAIN: props.replyDomain,
        INBOUND_MAIL_BUCKET: this.bucket.bucketName,
        INBOUND_MAIL_PREFIX,
      },
      timeout: Duration.seconds(props.handler.timeoutSeconds),
      retryAttempts: 2,
      onFailure: new SqsDestination(this.failures),
    });
    grantTableAccess(this.function, props.table, props.handler.table);
    const objects = this.bucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`);
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    Validations.of(this.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(this).resolve(objects))}]`,
      reason: `s3:GetObject on <raw mail bucket>/${INBOUND_MAIL_PREFIX}*: each object is named by the SES message id of one received email, known only when SES invokes the function; the grant is read-only, this bucket and this prefix.`,
    });

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', {
      rules: [
        {
          recipients: [props.replyDomain],
          scanEnabled: true,
          actions: [
            new S3Action({ bucket: this.bucket, objectKeyPrefix: INBOUND_MAIL_PREFIX }),
            new LambdaAction({ function: this.function, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
  }
}
