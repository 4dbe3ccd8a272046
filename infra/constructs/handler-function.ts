import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { chatConfig } from '#infra/config';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * How every handler is bundled: one minified, tree-shaken ESM file per entry by the local esbuild (no Docker),
 * the AWS SDK included. The runtime ships an SDK too, but loading its full packages from disk costs more init
 * time than the few commands a handler uses, tree-shaken into its own file (the bench measures both).
 * Exported so the bench builds exactly what CDK deploys.
 */
export const HANDLER_BUNDLING = {
  minify: true,
  sourceMap: false,
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  externalModules: [],
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
} satisfies BundlingOptions;

/**
 * Every Lambda of the app: Node.js 24 (nodejs24.x, the newest Lambda runtime) on arm64, bundled with
 * HANDLER_BUNDLING (target node24). Each function gets its own log group (retention from the `logRetentionDays`
 * context) and its own role that may write to that log group only; callers add exactly the other permissions it
 * needs.
 */
export class HandlerFunction extends NodejsFunction {
  /** Every HandlerFunction under `scope`: monitoring watches them all, whichever construct made them. */
  static allIn(scope: IConstruct): HandlerFunction[] {
    return scope.node.findAll().filter((c): c is HandlerFunction => c instanceof HandlerFunction);
  }

  constructor(scope: Construct, id: string, entry: string, props: Omit<NodejsFunctionProps, 'entry'> = {}) {
    const logGroup = props.logGroup ?? new LogGroup(scope, `${id}Logs`, { retention: chatConfig(scope).logRetention });
    super(scope, id, {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      ...props,
      role: props.role ?? executionRole(scope, `${id}Role`, logGroup.logGroupRef.logGroupArn),
      logGroup,
      entry: join(REPO_ROOT, entry),
      bundling: { ...HANDLER_BUNDLING, ...props.bundling },
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
