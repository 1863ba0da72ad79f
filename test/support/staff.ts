import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../shared/domain/actors';
import type { StaffMember } from '../../shared/domain/directory/staff';
import { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import type { IdentityProvider } from '../../shared/adapters/identity/ports';
import { ACTORS } from './fixtures';

/**
 * The directory entries behind the test actors. The API counts a token's roles only where the
 * directory holds them too, so a world whose staff call the API has them in its table. One person
 * under several test actors (Sari as employee, operator, verifier...) is one member holding all.
 */
export function staffMembersOf(actors: readonly Actor[] = Object.values(ACTORS)): StaffMember[] {
  const byUser = new Map<string, StaffMember>();
  for (const actor of actors) {
    const known = byUser.get(actor.userId);
    const roles = [...new Set([...(known?.roles ?? []), ...actor.roles])];
    byUser.set(actor.userId, {
      userId: actor.userId,
      username: actor.username,
      name: actor.name,
      orgId: actor.org.id,
      roles,
      status: 'ACTIVE',
      ...(actor.nip ? { nip: actor.nip } : {}),
      timeZone: actor.org.timeZone,
      contact: {},
      preferences: { language: 'id', channels: { email: true, sms: false } },
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  // Employees without a staff role have no entry: their account speaks for them by its NIP.
  return [...byUser.values()].filter((member) => member.roles.some((role) => role !== 'PEGAWAI'));
}

/** Writes the test actors' directory entries (memberships and admin counts with them). */
export async function seedStaff(doc: DynamoDBDocumentClient, tableName: string, actors: readonly Actor[] = Object.values(ACTORS)): Promise<void> {
  const repository = new StaffRepository(doc, tableName);
  const kinds = new Map(actors.map((actor) => [actor.org.id, actor.org.kind]));
  for (const member of staffMembersOf(actors)) await repository.seedMember(member, kinds.get(member.orgId)!);
}

/**
 * For API handlers in tests that manage no staff: any call to Cognito fails the test loudly.
 * Tests of staff management use a real pool on cognito-local (test/support/identity.ts).
 */
const refuse = (): never => {
  throw new Error('this test manages no staff: use createTestUserPool() from test/support/identity.ts');
};
export const noIdentity: IdentityProvider = { createAccount: refuse, setClaims: refuse, disable: refuse, enable: refuse, getAccount: refuse };
