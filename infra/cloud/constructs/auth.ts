import { Duration } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  StringAttribute,
  UserPool,
  type ICustomAttribute,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIM } from '../../../shared/http/claims';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';

// The custom attributes are the claims shared/http/claims.ts reads, minus Cognito's `custom:` prefix.
const customName = (claim: `custom:${string}`) => claim.slice('custom:'.length);

// Lengths only bound what Cognito stores; claims.ts validates the exact shapes on every request.
const customAttributes: Record<string, ICustomAttribute> = {
  [customName(CLAIM.roles)]: new StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
  [customName(CLAIM.org)]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
  [customName(CLAIM.nip)]: new StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
  [customName(CLAIM.onBehalfOf)]: new StringAttribute({ minLen: 1, maxLen: 200, mutable: true }),
};

export interface AuthProps {
  config: StageConfig;
}

/**
 * Who may call the API: a user pool whose accounts the agencies' and BKN's admins create (no
 * self sign-up), carrying role, organisation and NIP as custom attributes, and one public app
 * client for the web and mobile front ends.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The token issuer API Gateway's JWT authorizer trusts. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, { config }: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `pantau-${config.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: false, mutable: true },
        fullname: { required: false, mutable: true },
        locale: { required: false, mutable: true },
      },
      customAttributes,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP for whoever wants it; SMS codes would share the notifications' narrow SMS pipe.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    acknowledge(this.userPool, 'AwsSolutions-COG2', 'MFA is optional TOTP: the pool signs in millions of employees on basic phones, and SMS codes would share the notifications\' SMS pipe; requiring it for staff roles is an open decision');
    acknowledge(this.userPool, 'AwsSolutions-COG8', 'the Plus feature plan (threat protection) bills every monthly active user, for millions of employees: a budget decision for the owner, not a default');

    this.client = this.userPool.addClient('WebClient', {
      // A browser or phone cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // The ID token carries these claims; the API reads roles and organisation from it.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true })
        .withCustomAttributes(...Object.keys(customAttributes)),
      // Users may change their language, never their roles, organisation or NIP: those are set by
      // admins. The list must not be empty: Cognito reads an empty list as "everything writable".
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });

    // ProviderURL comes without a scheme; JWT issuers are https URLs.
    this.issuerUrl = `https://${this.userPool.userPoolProviderUrl}`;
  }
}
