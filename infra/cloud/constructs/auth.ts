import { Duration } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  StringAttribute,
  UserPool,
  type ICustomAttribute,
  type StandardAttributesMask,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  APP_CLIENT,
  CUSTOM_ATTRIBUTES,
  INVITATION,
  PASSWORD_POLICY,
  STANDARD_ATTRIBUTES,
  TOKEN_VALIDITY,
} from '../../../shared/adapters/identity/user-pool-definition';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';

// The pool's settings are shared/adapters/identity/user-pool-definition.ts's, which the local pool
// (cognito-local) is made from too: here they only take CDK's shape.
const customAttributes: Record<string, ICustomAttribute> = Object.fromEntries(
  CUSTOM_ATTRIBUTES.map((a) => [a.name, new StringAttribute({ minLen: a.minLength, maxLen: a.maxLength, mutable: a.mutable })]),
);

// Cognito's attribute names as CDK's masks spell them.
const STANDARD_MASK = { email: 'email', name: 'fullname', locale: 'locale', email_verified: 'emailVerified' } as const satisfies Record<string, keyof StandardAttributesMask>;
const mask = (names: readonly string[]): StandardAttributesMask =>
  Object.fromEntries(names.filter((n): n is keyof typeof STANDARD_MASK => n in STANDARD_MASK).map((n) => [STANDARD_MASK[n], true]));

const cloudFlows: readonly string[] = APP_CLIENT.cloudAuthFlows;

/**
 * The admin calls the API makes on the pool (shared/adapters/identity/cognito-identity-provider.ts),
 * and no others: no AdminDeleteUser, no AdminSetUserPassword, no AdminInitiateAuth.
 */
export const IDENTITY_PROVIDER_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
] as const;

export interface AuthProps {
  config: StageConfig;
}

/**
 * Who may call the API: a user pool whose accounts the agencies' and BKN's admins create (no
 * self sign-up; Cognito sends the invitation, Indonesian first), carrying role, organisation and
 * NIP as custom attributes, and one public app client for the web and mobile front ends.
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
      userInvitation: { emailSubject: INVITATION.emailSubject, emailBody: INVITATION.emailBody, smsMessage: INVITATION.sms },
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: Object.fromEntries(STANDARD_ATTRIBUTES.map((name) => [STANDARD_MASK[name], { required: false, mutable: true }])),
      customAttributes,
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        requireSymbols: PASSWORD_POLICY.requireSymbols,
        tempPasswordValidity: Duration.days(PASSWORD_POLICY.temporaryPasswordValidityDays),
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
      generateSecret: APP_CLIENT.generateSecret,
      // SRP (refresh comes with any flow); USER_PASSWORD_AUTH is the local pool's alone.
      authFlows: { userSrp: cloudFlows.includes('ALLOW_USER_SRP_AUTH'), userPassword: cloudFlows.includes('ALLOW_USER_PASSWORD_AUTH') },
      disableOAuth: true,
      preventUserExistenceErrors: APP_CLIENT.preventUserExistenceErrors,
      enableTokenRevocation: APP_CLIENT.enableTokenRevocation,
      idTokenValidity: Duration.minutes(TOKEN_VALIDITY.idTokenMinutes),
      accessTokenValidity: Duration.minutes(TOKEN_VALIDITY.accessTokenMinutes),
      refreshTokenValidity: Duration.days(TOKEN_VALIDITY.refreshTokenDays),
      // The ID token carries these claims; the API reads roles and organisation from it.
      readAttributes: new ClientAttributes()
        .withStandardAttributes(mask(APP_CLIENT.readAttributes))
        .withCustomAttributes(...APP_CLIENT.readAttributes.filter((n) => n.startsWith('custom:')).map((n) => n.slice('custom:'.length))),
      // Users may change their language, never their roles, organisation or NIP: those are set by
      // admins. The list must not be empty: Cognito reads an empty list as "everything writable".
      writeAttributes: new ClientAttributes().withStandardAttributes(mask(APP_CLIENT.writeAttributes)),
    });

    // ProviderURL comes without a scheme; JWT issuers are https URLs.
    this.issuerUrl = `https://${this.userPool.userPoolProviderUrl}`;
  }

  /** Lets `grantee` (the API function) make the identity provider's admin calls on this pool, and only those. */
  grantIdentityProvider(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...IDENTITY_PROVIDER_ACTIONS], resources: [this.userPool.userPoolArn] }));
  }
}
