import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../../shared/http/claims';
import { resourcesOf, STAGES, synthStages, type Stage, type SynthesizedStage } from './stacks';

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

  it('nobody can sign themselves up: accounts are created by admins', () => {
    template().hasResourceProperties(POOL, { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
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
