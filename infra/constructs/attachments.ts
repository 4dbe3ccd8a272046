import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type CorsRule,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StorageAccess } from '#infra/routes/index';
import { FILES_PREFIX, UPLOADS_PREFIX } from '#shared/storage/object-keys';
import { nagRendering } from './nag-rendering';

export interface AttachmentStorageProps {
  /** Browser origins that upload (presigned POST) and download (presigned GET) directly; none: no CORS. */
  corsOrigins: string[];
}

/** The S3 actions and key prefixes each declared use of the bucket needs (infra/routes/types.ts `StorageAccess`). */
export const STORAGE_GRANTS: Record<StorageAccess, ReadonlyArray<{ action: string; prefix: string }>> = {
  presignUpload: [{ action: 's3:PutObject', prefix: UPLOADS_PREFIX }],
  verifyUpload: [
    { action: 's3:GetObject', prefix: UPLOADS_PREFIX },
    { action: 's3:PutObject', prefix: FILES_PREFIX },
  ],
  presignDownload: [{ action: 's3:GetObject', prefix: FILES_PREFIX }],
  deleteFiles: [{ action: 's3:DeleteObject', prefix: FILES_PREFIX }],
};

/**
 * The attachments bucket. Clients never hold a permission on it: they upload with a presigned POST for one key,
 * type and size, and download with presigned GETs, both signed by functions whose roles allow exactly what their
 * route declares (`grant`). Private (Block Public Access, bucket-owner-enforced ownership), encrypted (SSE-S3),
 * TLS only, access-logged, retained on stack removal. Its lifecycle deletes every upload a day after it was made
 * (a sent one was copied to files/ first, shared/storage/object-keys.ts) and aborts incomplete multipart uploads.
 */
export class AttachmentStorage extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AttachmentStorageProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the attachments bucket’s server access logs; logging its own accesses would only log the log delivery itself.',
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      ...(props.corsOrigins.length > 0 && { cors: [corsFor(props.corsOrigins)] }),
      lifecycleRules: [
        { id: 'DeleteUploadsAfterADay', prefix: UPLOADS_PREFIX, expiration: Duration.days(1) },
        { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logAccessTo(accessLogs, 'attachments/');
  }

  /**
   * Server access logs, delivered under a bucket policy for the logging service (this bucket only, this account):
   * the ACL-based delivery CDK sets up by default needs ACLs, which bucket-owner-enforced ownership turns off.
   */
  private logAccessTo(target: Bucket, prefix: string) {
    target.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [target.arnForObjects(`${prefix}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    (this.bucket.node.defaultChild as CfnBucket).loggingConfiguration = {
      destinationBucketName: target.bucketName,
      logFilePrefix: prefix,
    };
  }

  /**
   * Gives `fn` exactly the bucket access `access` declares, on the key prefixes it concerns (never the whole
   * bucket, never s3:*), and the bucket's name in ATTACHMENTS_BUCKET. No access, nothing.
   */
  grant(fn: LambdaFunction, access: readonly StorageAccess[] = []) {
    if (access.length === 0) return;
    fn.addEnvironment('ATTACHMENTS_BUCKET', this.bucket.bucketName);
    const byPrefix = new Map<string, Set<string>>();
    for (const { action, prefix } of access.flatMap((a) => STORAGE_GRANTS[a]))
      byPrefix.set(prefix, (byPrefix.get(prefix) ?? new Set()).add(action));
    for (const [prefix, actions] of byPrefix) {
      const objects = this.bucket.arnForObjects(`${prefix}*`);
      fn.addToRolePolicy(new PolicyStatement({ actions: [...actions].sort(), resources: [objects] }));
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(this).resolve(objects))}]`,
        reason: `${[...actions].sort().join(', ')} on ${prefix}* of the attachments bucket: each attachment's key is made at run time (tenant, conversation, attachment id), so the last segments cannot be named; the grant is limited to this bucket, this prefix and these actions.`,
      });
    }
  }
}

/** Uploads are multipart form POSTs and downloads GETs, straight from the browser; no credentials, no cookies. */
const corsFor = (origins: string[]): CorsRule => ({
  allowedOrigins: origins,
  allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
  allowedHeaders: ['content-type', 'range'],
  exposedHeaders: ['etag'],
  maxAge: 3600,
});
