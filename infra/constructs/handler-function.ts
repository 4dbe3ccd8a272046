import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { join } from 'node:path';
import type { Construct } from 'constructs';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Every Lambda of the app: Node.js 22 on arm64, one ESM bundle per entry file, minified by the local esbuild
 * (no Docker). The AWS SDK v3 is left out of the bundle: the runtime ships it.
 */
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
      bundling: {
        minify: true,
        sourceMap: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        ...props.bundling,
      },
    });
  }
}
