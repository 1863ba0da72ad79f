import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_PROVIDER_ACTIONS } from '../../infra/cloud/constructs/auth';
import { INVITATION, PASSWORD_POLICY, TOKEN_VALIDITY } from '../../shared/adapters/identity/user-pool-definition';
import { CLAIM } from '../../shared/http/claims';
import { logicalId, resourcesOf, STAGES, synthStages, type Stage, type SynthesizedStage } from './stacks';

const POOL = 'AWS::Cognito::UserPool';
const CLIENT = 'AWS::Cognito::UserPoolClient';
const customClaims = [CLAIM.roles, CLAIM.org, CLAIM.nip, CLAIM.onBehalfOf];

let stages: Record<Stage, SynthesizedStage>;
let dispose: (() => void) | undefined;

beforeAll(() => {
  ({ stages, dispose } = synthStages());
});
afterAll(() => dispose?.());

describe.each(STAGES)('signing in to %s', (stage) => {
  const template = () => stages[stage].template;
  const client = () => Object.values(resourcesOf(template(), CLIENT))[0]!.Properties;

  const pool = () => Object.values(resourcesOf(template(), POOL))[0]!.Properties;

  it('nobody can sign themselves up: accounts are created by admins, and Cognito invites them in Indonesian first', () => {
    expect(pool().AdminCreateUserConfig).toEqual({
      AllowAdminCreateUserOnly: true,
      InviteMessageTemplate: { EmailSubject: INVITATION.emailSubject, EmailMessage: INVITATION.emailBody, SMSMessage: INVITATION.sms },
    });
    const { EmailMessage, SMSMessage, EmailSubject } = (pool().AdminCreateUserConfig as { InviteMessageTemplate: Record<string, string> }).InviteMessageTemplate;
    // Cognito refuses a template without both placeholders, an SMS over 140 characters, a subject over 140.
    for (const text of [EmailMessage!, SMSMessage!]) expect(text).toMatch(/\{username\}[^]*\{####\}|\{####\}[^]*\{username\}/);
    expect(SMSMessage!.length).toBeLessThanOrEqual(140);
    expect(EmailSubject!.length).toBeLessThanOrEqual(140);
    expect(EmailMessage!.indexOf('Kata sandi sementara')).toBeLessThan(EmailMessage!.indexOf('Temporary password'));
  });

  it('temporary passwords last as the definition says, and sign-in is by username or email, in any case', () => {
    expect((pool().Policies as { PasswordPolicy: { TemporaryPasswordValidityDays: number } }).PasswordPolicy.TemporaryPasswordValidityDays).toBe(PASSWORD_POLICY.temporaryPasswordValidityDays);
    expect(pool()).toMatchObject({ AliasAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } });
  });

  it('ID and access tokens last an hour, refresh tokens thirty days', () => {
    expect(client()).toMatchObject({
      IdTokenValidity: TOKEN_VALIDITY.idTokenMinutes,
      AccessTokenValidity: TOKEN_VALIDITY.accessTokenMinutes,
      RefreshTokenValidity: TOKEN_VALIDITY.refreshTokenDays * 24 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect(TOKEN_VALIDITY).toEqual({ idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 });
  });

  it('the API function may make exactly the identity provider\'s admin calls, on this pool only, and knows the pool', () => {
    const { stack } = stages[stage];
    const poolId = logicalId(stack, stack.auth.userPool);
    const fn = resourcesOf(template(), 'AWS::Lambda::Function')[logicalId(stack, stack.apiFunction.fn)]!;
    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.USER_POOL_ID).toEqual({ Ref: poolId });
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resourcesOf(template(), 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Effect: string }[] }).Statement);
    const onPool = statements.filter((s) => [s.Action].flat().some((action) => action.startsWith('cognito-idp:')));
    expect(onPool).toEqual([{ Effect: 'Allow', Action: [...IDENTITY_PROVIDER_ACTIONS], Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } }]);
    // No other function may touch the pool.
    const others = Object.values(resourcesOf(template(), 'AWS::IAM::Policy'))
      .filter((policy) => !(policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement)
      .filter((s) => [s.Action].flat().some((action) => action.startsWith('cognito-idp:')));
    expect(others).toEqual([]);
  });

  it('passwords are long and mixed', () => {
    template().hasResourceProperties(POOL, {
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: Match.anyValue(), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
      },
    });
    const policy = Object.values(resourcesOf(template(), POOL))[0]!.Properties.Policies as { PasswordPolicy: { MinimumLength: number } };
    expect(policy.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('the pool holds the roles, organisation, NIP and acting-for claims the API reads', () => {
    const schema = Object.values(resourcesOf(template(), POOL))[0]!.Properties.Schema as { Name: string; AttributeDataType?: string }[];
    for (const claim of customClaims) {
      expect(schema).toContainEqual(expect.objectContaining({ Name: claim.replace('custom:', ''), AttributeDataType: 'String' }));
    }
  });

  it('the app client puts those claims in the ID token', () => {
    expect(client().ReadAttributes).toEqual(expect.arrayContaining(customClaims));
  });

  it('a signed-in user cannot grant themselves a role, an organisation or a NIP', () => {
    const writable = client().WriteAttributes as string[] | undefined;
    // Absent or empty would mean "all attributes writable" to Cognito.
    expect(writable?.length).toBeGreaterThan(0);
    for (const claim of customClaims) expect(writable).not.toContain(claim);
  });

  it('the app client is public: no secret, SRP sign-in only', () => {
    template().hasResourceProperties(CLIENT, { GenerateSecret: false, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  });
});
