import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { join } from 'node:path';
import type { Construct } from 'constructs';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * How every handler is bundled: one minified ESM file per entry by the local esbuild (no Docker), with the
 * AWS SDK v3 left out because the runtime ships it. Exported so the bench builds exactly what CDK deploys.
 */
export const HANDLER_BUNDLING = {
  minify: true,
  sourceMap: false,
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
} satisfies BundlingOptions;

/** Every Lambda of the app: Node.js 22 on arm64, bundled with HANDLER_BUNDLING. */
export class HandlerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, entry: string, props: Omit<NodejsFunctionProps, 'entry'> = {}) {
    super(scope, id, {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      ...props,
      entry: join(REPO_ROOT, entry),
      bundling: { ...HANDLER_BUNDLING, ...props.bundling },
    });
  }
}
