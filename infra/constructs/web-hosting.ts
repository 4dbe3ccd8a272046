import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Policy } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWebSync, writeWebSync } from '#web/build';
import { nagRendering } from './nag-rendering';

/** The pages are routed in the browser below /inbox and /support: CloudFront answers them with their page. */
export const ROUTE_PAGES = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/inbox' || uri.indexOf('/inbox/') === 0) request.uri = '/inbox.html';
  else if (uri === '/support' || uri.indexOf('/support/') === 0) request.uri = '/support.html';
  return request;
}`;

/**
 * Optional hosting of the web front (context `webHosting`): a private, encrypted S3 bucket read only by CloudFront
 * through origin access control, the production build of web/ (widget.js, app.js, the pages) uploaded at deploy,
 * and config.json written from the stack's own API URLs. Assets are public (a storefront loads widget.js from any
 * origin: module scripts are fetched with CORS, so every answer allows GET from any origin), HTTPS only, with
 * security headers. Without a custom domain it is served on the distribution's *.cloudfront.net name.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the origin the HTTP API must allow (CORS) for the inbox and console. */
  readonly origin: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the public build of the web front, written by the deployment; reads go through CloudFront, whose requests the distribution would log, not the bucket.',
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Web front: CORS for the embeddable widget (any origin may load it), security headers',
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        originOverride: true,
      },
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.SAMEORIGIN, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Product-enquiry chat: widget, inbox and support console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'RoutePages', { code: FunctionCode.fromInline(ROUTE_PAGES) }),
          },
        ],
      },
    });
    for (const [rule, reason] of [
      ['AwsSolutions-CFR1', 'A storefront widget is for shoppers anywhere: no geographic restriction.'],
      [
        'AwsSolutions-CFR2',
        'Static public assets only (no forms, no API behind this distribution); put a WAF web ACL on it if your shop has one.',
      ],
      [
        'AwsSolutions-CFR3',
        'Static public assets; CloudFront standard logs cost a logging bucket with ACLs, off by default.',
      ],
      [
        'AwsSolutions-CFR4',
        'Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose TLS policy is fixed by AWS and cannot be set; browsers negotiate TLS 1.2 or 1.3 with it.',
      ],
    ] as const)
      Validations.of(this.distribution).acknowledge({ id: rule, reason });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(scope, 'WebUrl', {
      value: this.origin,
      description: 'The web front: storefront demo, /inbox, /support',
    });
  }

  /** Uploads the production build and a config.json pointing at the stack's APIs; invalidates the cache. */
  deploy(config: { apiUrl: string; wsUrl: string; tenant?: string }) {
    const folder = mkdtempSync(join(tmpdir(), 'chat-web-'));
    writeWebSync(buildWebSync(), folder);
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(folder),
        Source.jsonData('config.json', {
          apiUrl: config.apiUrl,
          wsUrl: config.wsUrl,
          tenant: config.tenant ?? 'default',
          devSignIn: false,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeUploader(deployment);
    return deployment;
  }

  /**
   * The upload runs in CDK's own custom resource (one function per stack, made by BucketDeployment): its
   * findings are acknowledged one by one, named as cdk-nag names them, so a new grant would still be reported.
   */
  private acknowledgeUploader(deployment: BucketDeployment) {
    const stack = Stack.of(this);
    const role = deployment.handlerRole;
    const policy = role.node.tryFindChild('DefaultPolicy') as Policy | undefined;
    const statements = (stack.resolve(policy?.document) as { Statement?: PolicyStatementJson[] })?.Statement ?? [];
    const wildcards = new Set<string>();
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) if (action.includes('*')) wildcards.add(`Action::${action}`);
      for (const resource of [statement.Resource].flat().map(nagRendering))
        if (resource.includes('*')) wildcards.add(`Resource::${resource}`);
    }
    for (const finding of wildcards)
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "CDK's BucketDeployment: read the build from the CDK asset bucket, sync (put/delete) the web bucket's objects, invalidate this distribution; object-level wildcards are inherent to a sync.",
      });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's BucketDeployment upload function logs through the AWS-managed basic execution policy.",
    });
    for (const uploader of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment')))
      Validations.of(uploader).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'CDK pins the runtime of its BucketDeployment upload function; it runs only at deploy time.',
      });
  }
}

interface PolicyStatementJson {
  Action: string | string[];
  Resource: unknown;
}
