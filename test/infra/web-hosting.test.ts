import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChatConfig } from '#infra/config';
import { ROUTE_PAGES } from '#infra/constructs/web-hosting';
import { ChatStack } from '#infra/stack';
import { testContext } from '#test/infra/support/deploy-context';
import { buildWebSync } from '#web/build';

let stack: ChatStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: testContext({ webHosting: 'true', corsOrigins: 'https://shop.example.com' }) });
  stack = new ChatStack(app, 'Web');
  template = Template.fromStack(stack);
  // It builds the web front and bundles every function: minutes on a loaded machine.
}, 180_000);

const distributionDomain = () => {
  const [id] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
  return { 'Fn::GetAtt': [id, 'DomainName'] };
};

describe('the web front hosting (context webHosting)', () => {
  it('keeps the assets in a private, encrypted, TLS-only bucket that only the distribution reads (origin access control)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    expect(template.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
  });

  it('serves HTTPS only, index.html at the root, the pages below /inbox and /support, CORS for the widget', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CorsConfig: Match.objectLike({
          AccessControlAllowOrigins: { Items: ['*'] },
          AccessControlAllowCredentials: false,
        }),
        SecurityHeadersConfig: Match.objectLike({ ContentTypeOptions: { Override: true } }),
      }),
    });
    const route = new Function(`${ROUTE_PAGES}; return handler;`)() as (e: { request: { uri: string } }) => {
      uri: string;
    };
    const uri = (path: string) => route({ request: { uri: path } }).uri;
    expect([
      uri('/inbox'),
      uri('/inbox/abc_1-2'),
      uri('/support'),
      uri('/support/x'),
      uri('/widget.js'),
      uri('/'),
    ]).toEqual(['/inbox.html', '/inbox.html', '/support.html', '/support.html', '/widget.js', '/']);
  });

  it('uploads the build with a config.json of the stack’s own API URLs, and invalidates the cache', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      SourceMarkers: Match.arrayWith([
        Match.objectLike({ '<<marker:0xbaba:0>>': Match.anyValue(), '<<marker:0xbaba:1>>': Match.anyValue() }),
      ]),
    });
    template.hasOutput('WebUrl', { Value: { 'Fn::Join': ['', ['https://', distributionDomain()]] } });
  });

  it('lets the hosted pages call the HTTP API: their origin joins the configured CORS origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://shop.example.com', { 'Fn::Join': ['', ['https://', distributionDomain()]] }],
      }),
    });
  });

  it('is cdk-nag clean', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('is off by default, and the flag must be true or false', () => {
    const plain = Template.fromStack(new ChatStack(new App({ context: testContext() }), 'Plain'));
    expect(plain.findResources('AWS::CloudFront::Distribution')).toEqual({});
    expect(readChatConfig((key) => (key === 'webHosting' ? true : undefined)).webHosting).toBe(true);
    expect(() => readChatConfig((key) => (key === 'webHosting' ? 'yes' : undefined))).toThrowError(
      /webHosting must be true or false/,
    );
  });
});

describe('the web build', () => {
  it('makes the widget one self-contained ES module defining one custom element, and the pages', () => {
    const { files } = buildWebSync();
    expect([...files.keys()].filter((name) => !name.endsWith('.map') && !name.endsWith('.txt')).sort()).toEqual([
      'app.js',
      'inbox.html',
      'index.html',
      'support.html',
      'widget.js',
    ]);
    const widget = new TextDecoder().decode(files.get('widget.js'));
    expect(widget).not.toMatch(/^\s*import[\s{*"']/m); // nothing else to load
    expect(widget.match(/customElements\.define\(/g)?.length).toBe(2); // <chat-widget> and the thread inside it
    expect(widget).toContain('"chat-widget"');
  });
});
