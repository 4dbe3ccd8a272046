import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_GRANTS } from '#infra/constructs/attachments';
import {
  emailStreamHandler,
  httpRoutes,
  type StorageAccess,
  streamConsumers,
  webSocketRoutes,
} from '#infra/routes/index';
import { ChatStack } from '#infra/stack';
import { testContext } from '#test/infra/support/deploy-context';
import { actionsOf, functionByDescription, lambdaFunctions, statementsOf } from '#test/infra/support/template-queries';

const synth = (context: Record<string, unknown> = {}) =>
  Template.fromStack(new ChatStack(new App({ context: testContext(context) }), 'Test'));

let template: Template;
beforeAll(() => {
  template = synth({ corsOrigins: 'https://shop.example.com,https://sellers.example.com' });
});

const bucketId = () => {
  const buckets = Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => /^AttachmentsBucket/.test(id));
  expect(buckets).toHaveLength(1);
  return buckets[0]!;
};

/** A function's S3 grants as { "<prefix>": [actions] } (resources are `<attachments bucket ARN>/<prefix>*`). */
const s3Grants = (logicalId: string) => {
  const grants: Record<string, string[]> = {};
  for (const statement of statementsOf(template, logicalId)) {
    const actions = actionsOf([statement]).filter((a) => a.startsWith('s3:'));
    if (actions.length === 0) continue;
    for (const resource of [statement.Resource].flat() as any[]) {
      const [arn, suffix] = resource['Fn::Join'][1];
      expect(arn).toEqual({ 'Fn::GetAtt': [bucketId(), 'Arn'] });
      grants[suffix.replace(/^\//, '')] = [...(grants[suffix.replace(/^\//, '')] ?? []), ...actions].sort();
    }
  }
  return grants;
};

const expectedGrants = (access: readonly StorageAccess[] = []) => {
  const grants: Record<string, string[]> = {};
  for (const { action, prefix } of access.flatMap((a) => STORAGE_GRANTS[a]))
    grants[`${prefix}*`] = [...new Set([...(grants[`${prefix}*`] ?? []), action])].sort();
  return grants;
};

const functions = [
  ...httpRoutes.map((r) => ({ description: `${r.method} ${r.path}`, storage: r.storage })),
  ...webSocketRoutes.map((r) => ({ description: `WebSocket ${r.routeKey}`, storage: r.storage })),
  ...streamConsumers.map((c) => ({ description: c.description, storage: c.storage })),
];

describe('the attachments bucket', () => {
  it('is private, encrypted, bucket-owner-enforced, access-logged and retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: Match.stringLikeRegexp('^AttachmentsAccessLogs') },
          LogFilePrefix: 'attachments/',
        },
      }),
    });
    expect(template.findResources('AWS::S3::Bucket')[bucketId()]!.Properties.VersioningConfiguration).toBeUndefined();
  });

  it('refuses plain HTTP and TLS below 1.2 in its bucket policy', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === bucketId(),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Principal: { AWS: '*' },
        }),
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        }),
      ]),
    );
  });

  it('deletes every upload a day after it was made (sent ones were copied first) and aborts incomplete multipart uploads', () => {
    expect(template.findResources('AWS::S3::Bucket')[bucketId()]!.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'DeleteUploadsAfterADay', Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' },
        {
          Id: 'AbortIncompleteMultipartUploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
      ],
    });
  });

  it('allows browser uploads (POST) and downloads (GET) from the configured origins only, and no CORS without them', () => {
    expect(template.findResources('AWS::S3::Bucket')[bucketId()]!.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: ['https://shop.example.com', 'https://sellers.example.com'],
          AllowedMethods: ['POST', 'GET', 'HEAD'],
          AllowedHeaders: ['content-type', 'range'],
          ExposedHeaders: ['etag'],
          MaxAge: 3600,
        },
      ],
    });
    const plain = synth();
    const [bucket] = Object.entries(plain.findResources('AWS::S3::Bucket')).filter(([id]) =>
      /^AttachmentsBucket/.test(id),
    );
    expect(bucket![1].Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('least privilege on the bucket', () => {
  it.each(functions)(
    '$description may do exactly what its route declares, on those key prefixes only',
    ({ description, storage }) => {
      const { logicalId, resource } = functionByDescription(template, description);
      expect(s3Grants(logicalId)).toEqual(expectedGrants(storage));
      const variables = resource.Properties.Environment.Variables;
      if (storage?.length) expect(variables.ATTACHMENTS_BUCKET).toEqual({ Ref: bucketId() });
      else expect(variables.ATTACHMENTS_BUCKET).toBeUndefined();
    },
  );

  it('never lets a function write where download links point except by copying a verified upload, nor list, and delete only what redaction removes', () => {
    const deleters = functions.filter((f) => f.storage?.includes('deleteFiles')).map((f) => f.description);
    expect(deleters.sort()).toEqual([
      'DELETE /v1/conversations/{id}/messages/{messageId}',
      emailStreamHandler.description,
    ]);
    for (const [id, fn] of Object.entries(lambdaFunctions(template))) {
      const actions = actionsOf(statementsOf(template, id)).filter((a) => a.startsWith('s3:'));
      expect(
        actions.filter((a) => !['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].includes(a)),
        fn.Properties.Description,
      ).toEqual([]);
      const grants = s3Grants(id);
      // Deleting: only the kept copies (files/), only by the redaction route and the erasure's stream consumer.
      if (actions.includes('s3:DeleteObject')) {
        expect(deleters, fn.Properties.Description).toContain(fn.Properties.Description);
        expect(grants['uploads/*'] ?? [], fn.Properties.Description).not.toContain('s3:DeleteObject');
      }
      if (grants['files/*']?.includes('s3:PutObject'))
        expect(grants['uploads/*'], fn.Properties.Description).toContain('s3:GetObject');
    }
    // Nothing but function roles holds a permission on the bucket: no user, group or role for clients.
    expect(Object.keys(template.findResources('AWS::IAM::User'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::IAM::Group'))).toEqual([]);
  });
});
