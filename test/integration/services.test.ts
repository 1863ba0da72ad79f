import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { applyTransition } from '../../shared/domain/proposal/lifecycle';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { mutasi } from '../../shared/domain/catalog/mutasi';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, context, employee } from '../support/fixtures';
import { freshTable } from '../support/table';

/** Services whose completion changes the employee's record, walked through the API on DynamoDB Local. */
let api: (request: TestRequest) => ReturnType<typeof call>;
let directory: DirectoryRepository;
let proposals: ProposalRepository;
const documents = (codes: readonly { code: string }[]) => codes.map((d) => ({ code: d.code, reference: `dms://${d.code}` }));

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  directory = new DirectoryRepository(doc, tableName);
  proposals = new ProposalRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const e of Object.values(EMPLOYEES)) await directory.putEmployee(e);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const handler = createApiHandler({ doc, tableName, clock: { now: () => new Date('2026-11-02T02:00:00.000Z') } }) as unknown as Handler;
  api = (request) => call(handler, request);
});

async function walk(id: string, steps: [typeof ACTORS[keyof typeof ACTORS], Record<string, unknown>][]) {
  let last;
  for (const [as, body] of steps) {
    last = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as, body });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
  }
  return last!;
}

describe('a transfer between agencies (MUTASI)', () => {
  it('both agencies see it and act on their stage; completion moves the employee to the destination', async () => {
    const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.budi.nip, payload: mutasi.examplePayload, documents: documents(mutasi.requiredDocuments) } });
    expect(created.status).toBe(201);
    const { id } = created.body;
    await walk(id, [[ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }], [ACTORS.apprSleman, { action: 'forward', expectedVersion: 2 }]]);
    // The destination's approver finds it in their own queue, and reads it.
    const inbox = await api({ path: '/inbox', as: ACTORS.apprYogya });
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const done = await walk(id, [
      [ACTORS.apprYogya, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 4 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 5 }],
      [ACTORS.opYogya, { action: 'complete', expectedVersion: 6, output: mutasi.exampleOutput }],
    ]);
    expect(done.body.status).toBe('COMPLETED');
    const record = await api({ path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.opYogya });
    expect(record.body).toMatchObject({ agencyId: 'PEMKOT-YOGYAKARTA', jabatan: mutasi.examplePayload.jabatanTujuan, version: EMPLOYEES.budi.version + 1 });
    // The origin no longer reads the record, but both still read the proposal.
    expect((await api({ path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.opSleman })).status).toBe(404);
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.opSleman })).status).toBe(200);
    // Another Kanreg's staff see nothing.
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.verKanreg8 })).status).toBe(404);
  });

  it('a transfer to one’s own agency, or to an unknown one, is refused with the reason', async () => {
    const own = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.sari.nip, payload: { ...mutasi.examplePayload, instansiTujuan: 'PEMKAB-SLEMAN' } } });
    expect(own.status).toBe(422);
    const unknown = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.sari.nip, payload: { ...mutasi.examplePayload, instansiTujuan: 'PEMKAB-ATLANTIS' } } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toContain('PEMKAB-ATLANTIS');
  });

  it('if the record changed after completion read it, the completion is refused and nothing of it is written', async () => {
    const cpnsFree = employee('199105052016032009', ORGS.sleman!);
    await directory.putEmployee(cpnsFree);
    const { body } = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: cpnsFree.nip, payload: mutasi.examplePayload, documents: documents(mutasi.requiredDocuments) } });
    await walk(body.id, [
      [ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }],
      [ACTORS.apprSleman, { action: 'forward', expectedVersion: 2 }],
      [ACTORS.apprYogya, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 4 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 5 }],
    ]);
    // Someone edits the record after the completion read it: the transaction checks the version
    // it read, so the completion loses and nothing of it is written.
    const stale = (await directory.getEmployee(cpnsFree.nip))!;
    await directory.putEmployee({ ...stale, version: stale.version + 1, contact: { ...stale.contact, phone: '+6281299990000' } });
    const found = (await proposals.getWithHistory(body.id))!;
    const change = applyTransition(found.proposal, { action: 'complete', expectedVersion: 6, output: mutasi.exampleOutput }, context(ACTORS.opYogya, mutasi, '2026-11-02T02:00:00.000Z', stale));
    await expect(proposals.save(change, 6, null)).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { resource: 'employee' } });
    expect((await proposals.get(body.id))!.status).toBe('APPROVED');
    expect((await directory.getEmployee(cpnsFree.nip))!.agencyId).toBe('PEMKAB-SLEMAN');
  });
});
