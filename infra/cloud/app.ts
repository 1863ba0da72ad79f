import { App } from 'aws-cdk-lib';
import { checkAwsSolutions } from './nag';
import { PantauStack, stackName } from './pantau-stack';
import { StageConfigError, stageConfigFromContext } from './stage-config';

// `npx cdk synth -c stage=<name>`: one stack for the chosen stage (cdk.json's `stage` by default).
const app = new App();
// cdk-nag's AwsSolutions checks: an unacknowledged finding fails the synth (and `npm run synth`).
checkAwsSolutions(app);
try {
  const config = stageConfigFromContext(app.node);
  new PantauStack(app, stackName(config.stage), { config });
} catch (error) {
  // A configuration mistake gets its message, not a stack trace through the CDK.
  if (!(error instanceof StageConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
