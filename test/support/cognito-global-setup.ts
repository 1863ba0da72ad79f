import type { TestProject } from 'vitest/node';
import { sesEmailSender, startCognitoEmulator } from '../../infra/local/cognito-local';
import { startSesLocal } from '../../infra/local/ses-local';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    /** cognito-local for the whole run; each test file makes its own pool (test/support/identity.ts). */
    cognitoEndpoint: string;
    /** The local SES the emulator sends invitations to: GET for { emails } as aws-ses-v2-local keeps them. */
    cognitoSesStore: string;
  }
}

/** One cognito-local per run on a free port, its pools in a scratch directory, its invitations in a local SES of its own. */
export default async function setup(project: TestProject) {
  const ses = await startSesLocal({ port: await freePort() });
  const cognito = await startCognitoEmulator({ port: await freePort(), sendEmail: sesEmailSender(ses.url) });
  project.provide('cognitoEndpoint', cognito.endpoint);
  project.provide('cognitoSesStore', ses.storeUrl);
  return async () => {
    await cognito.stop();
    await ses.close();
  };
}
