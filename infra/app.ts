import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { chatConfig } from './config';
import { ChatStack } from './stack';

const app = new App();
// cdk-nag AWS Solutions rules: any unacknowledged finding (error or warning) fails the synth.
// Acknowledgements sit next to the resource they concern, each with its reason, and are copied into the template.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
new ChatStack(app, chatConfig(app).stackName, {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
