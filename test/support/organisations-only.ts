import type { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ORGS } from './fixtures';

/**
 * A document client with no database behind it for unit tests of the API's edges: organisations
 * are known (so a token makes an actor), anything else fails, which is how a 500 is made there.
 */
export const organisationsOnly = {
  send: async (command: GetCommand) => {
    const pk = String(command.input.Key?.pk ?? '');
    const org = Object.values(ORGS).find((o) => pk === `ORG#${o.id}`);
    return org ? { Item: { ...command.input.Key, ...org } } : Promise.reject(new Error('no database in this test'));
  },
} as unknown as DynamoDBDocumentClient;
