import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local';
import { subjectOf } from '../../infra/local/auth';
import { employees, organisations, seed, staffMembers } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { freePort } from '../support/free-port';

let dynamo: DynamoDbLocal;
const tableName = 'pantau-seed-test';

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  await ensureTable(dynamo.endpoint, tableName);
});
afterAll(() => dynamo?.stop());

describe('seeding the demo data', () => {
  it('writes everything once, and on a restart keeps what was changed since', async () => {
    const doc = createDocumentClient({ endpoint: dynamo.endpoint });
    try {
      const first = await seed(doc, tableName);
      expect(first).toEqual({
        organisations: { created: organisations.length, kept: 0 },
        employees: { created: employees.length, kept: 0 },
        calendars: { created: 1, kept: 0 },
        users: { created: staffMembers().length, kept: 0 },
      });

      // Someone changes their contact preferences through the API...
      const directory = new DirectoryRepository(doc, tableName, 0);
      const budi = (await directory.getEmployee('198503142010031004'))!;
      await directory.putEmployee({ ...budi, preferences: { language: 'en', channels: { email: true, sms: false } }, version: 2 });
      // ...and so does an operator.
      const operator = (await directory.getUser(subjectOf('op.sleman')))!;
      await directory.saveUser({ ...operator, preferences: { language: 'en', channels: { email: true, sms: true } } });

      // ...and the stack restarts on the kept data.
      const second = await seed(doc, tableName);
      expect(second).toEqual({
        organisations: { created: 0, kept: organisations.length },
        employees: { created: 0, kept: employees.length },
        calendars: { created: 0, kept: 1 },
        users: { created: 0, kept: staffMembers().length },
      });
      expect(await directory.getEmployee('198503142010031004')).toMatchObject({ version: 2, preferences: { language: 'en', channels: { sms: false } } });
      expect(await directory.getOrganisation('PEMPROV-KALSEL')).toMatchObject({ kanregId: 'KANREG-VIII', timeZone: 'Asia/Makassar' });
      expect(await directory.getUser(subjectOf('op.sleman'))).toMatchObject({ username: 'op.sleman', preferences: { language: 'en' } });
      // A staff user is reachable under the subject their token carries, in their office's time zone.
      expect(await directory.getUser(subjectOf('appr.kanreg8'))).toEqual({
        userId: subjectOf('appr.kanreg8'),
        username: 'appr.kanreg8',
        name: 'Muhammad Iqbal',
        orgId: 'KANREG-VIII',
        roles: ['APPROVER'],
        status: 'ACTIVE',
        version: 1,
        createdAt: '2026-01-05T01:00:00.000Z',
        updatedAt: '2026-01-05T01:00:00.000Z',
        timeZone: 'Asia/Makassar',
        contact: { email: 'muhammad.iqbal@example.com', phone: '+6281349270586' },
        preferences: { language: 'id', channels: { email: true, sms: true } },
      });
    } finally {
      doc.destroy();
    }
  });
});
