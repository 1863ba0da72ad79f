import type { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ORGS } from './fixtures';
import { staffMembersOf } from './staff';

/**
 * A document client with no database behind it for unit tests of the API's edges: organisations
 * and the test actors' directory entries are known (so a token makes an actor), anything else
 * fails, which is how a 500 is made there.
 */
const members = staffMembersOf();
export const organisationsOnly = {
  send: async (command: GetCommand) => {
    const pk = String(command.input.Key?.pk ?? '');
    const org = Object.values(ORGS).find((o) => pk === `ORG#${o.id}`);
    if (org) return { Item: { ...command.input.Key, ...org } };
    if (pk.startsWith('USER#') && command.input.Key?.sk === 'PROFILE') {
      const member = members.find((m) => pk === `USER#${m.userId}`);
      return member ? { Item: { ...command.input.Key, entity: 'USER', ...member } } : {};
    }
    return Promise.reject(new Error('no database in this test'));
  },
} as unknown as DynamoDBDocumentClient;
