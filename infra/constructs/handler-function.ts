import { AssetHashType, DockerImage, Duration, type ILocalBundling } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { bundleHandler, REPO_ROOT } from '#infra/bundling/handler-bundle';
import { chatConfig } from '#infra/config';

/**
 * CDK's local bundling step for one entry: bundleHandler (HANDLER_BUNDLING) into the asset folder. Its own
 * enumerable fields enter the asset cache key (with the command), so two functions never share one bundle.
 */
class HandlerBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleHandler(this.entry, outputDir);
    return true;
  }
}

/**
 * Every Lambda of the app: Node.js 24 (nodejs24.x, the newest Lambda runtime) on arm64, bundled with
 * HANDLER_BUNDLING (infra/bundling/handler-bundle.ts, target node24) by the local esbuild. NodejsFunction's own
 * bundling writes a single file and our bundles are split (lazy chunks beside index.mjs), so the code is an asset
 * bundled by bundleHandler, the function the bench calls too. Each function gets its own log group (retention from
 * the `logRetentionDays` context) and its own role that may write to that log group only; callers add exactly the
 * other permissions it needs.
 */
export class HandlerFunction extends NodejsFunction {
  /** Every HandlerFunction under `scope`: monitoring watches them all, whichever construct made them. */
  static allIn(scope: IConstruct): HandlerFunction[] {
    return scope.node.findAll().filter((c): c is HandlerFunction => c instanceof HandlerFunction);
  }

  constructor(
    scope: Construct,
    id: string,
    entry: string,
    props: Omit<NodejsFunctionProps, 'entry' | 'code' | 'handler' | 'bundling'> = {},
  ) {
    const logGroup = props.logGroup ?? new LogGroup(scope, `${id}Logs`, { retention: chatConfig(scope).logRetention });
    super(scope, id, {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...props,
      role: props.role ?? executionRole(scope, `${id}Role`, logGroup.logGroupRef.logGroupArn),
      logGroup,
      handler: 'index.handler',
      code: Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: local bundling always succeeds (esbuild is a dev dependency, as NodejsFunction requires).
          image: DockerImage.fromRegistry('scratch'),
          command: ['esbuild', entry],
          local: new HandlerBundling(entry),
        },
      }),
    });
  }
}

/** Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): write access to this function's log group only. */
const executionRole = (scope: Construct, id: string, logGroupArn: string) =>
  new Role(scope, id, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: {
      Logs: new PolicyDocument({
        statements: [
          new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroupArn] }),
        ],
      }),
    },
  });
