import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser, users } from '../../infra/local/seed-data';
import { CATALOG } from '../../shared/domain/catalog';
import { checkedFetch } from '../support/contract';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';
import { PNG_BYTES, pdfBytes, sha256Hex } from '../support/documents';
import { waitFor } from '../support/local-outboxes';

/**
 * Issue 5's proof on the local stack: each of the nine services is filed with the example its
 * catalog entry publishes (GET /service-types/{code}), walked through its stages by the seeded
 * users its assignments name, completed with the published output example, and its effect read
 * back from the employee's record.
 */
let stack: LocalStack;

/** Every answer is checked against the OpenAPI document on the way (test/support/contract.ts). */
async function http(method: string, path: string, as: string, body?: unknown) {
  const user = findUser(as);
  if (!user) throw new Error(`no seeded user ${as}`);
  return checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${await stackToken(stack, user.username)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** A grant, the bytes PUT to the presigned URL with the headers it names, the registration: as a client gives a file. */
async function upload(id: string, code: string, bytes: Buffer, contentType: string, as: string) {
  const grant = await http('POST', `/proposals/${id}/documents/${code}/uploads`, as, { contentType, size: bytes.length, sha256: sha256Hex(bytes) });
  expect(grant.status, grant.text).toBe(201);
  const { 'content-length': _length, ...headers } = grant.body.upload.headers as Record<string, string>;
  const put = await fetch(grant.body.upload.url as string, { method: 'PUT', headers, body: bytes });
  expect(put.status, await put.text()).toBe(200);
  const registered = await http('POST', `/proposals/${id}/documents/${code}/versions`, as, { grantId: grant.body.grantId });
  expect(registered.status, registered.text).toBe(201);
}

/** The seeded user who works a queue: the organisation's holder of the role. */
function userFor(orgId: string, role: string): string {
  const found = users.find((u) => u.orgId === orgId && u.roles.includes(role as never) && !u.roles.includes('PEGAWAI'));
  if (!found) throw new Error(`no seeded ${role} at ${orgId}`);
  return found.username;
}

interface Case {
  /** Who files: the employee themselves, or their agency's operator. */
  filer: string;
  /** The employee, when an operator files for one (a candidate has none). */
  nip?: string;
  /** Who acts where a person, not a role, is assigned (SKP's direct supervisor). */
  person?: string;
  /** What the record shows once it is done, read as a BKN admin. */
  effect(done: { nip: string; output: Record<string, unknown> }): Promise<void>;
}

const record = async (nip: string) => {
  const found = await http('GET', `/employees/${nip}`, 'admin.bkn');
  expect(found.status, JSON.stringify(found.body)).toBe(200);
  return found.body;
};

const CASES: Record<string, Case> = {
  PENETAPAN_NIP: {
    filer: 'op.sleman',
    effect: async ({ nip, output }) => {
      expect(output.nip).toBe('199909052026032001');
      expect(nip).toBe(output.nip);
      expect(await record(nip)).toMatchObject({ kind: 'CPNS', name: 'Nadia Putri Ramadhani', agencyId: 'PEMKAB-SLEMAN', tmtCpns: '2026-03-01' });
    },
  },
  PENETAPAN_NI_PPPK: {
    filer: 'op.jogja',
    effect: async ({ nip, output }) => {
      expect(output.niPppk).toBe('199304122026211001');
      expect(await record(nip)).toMatchObject({ kind: 'PPPK', name: 'Yohanes Kristianto', agencyId: 'PEMKOT-YOGYAKARTA', pangkat: { golongan: 'IX' } });
    },
  },
  PENGANGKATAN_PNS: {
    filer: 'op.sleman',
    nip: '199811052025011002',
    effect: async ({ nip }) => expect(await record(nip)).toMatchObject({ kind: 'PNS', tmtPns: '2026-02-01' }),
  },
  KENAIKAN_PANGKAT: {
    filer: 'op.sleman',
    nip: '199007222015012001',
    effect: async ({ nip }) => expect((await record(nip)).pangkat).toEqual({ golongan: 'III/c', tmt: '2027-02-01' }),
  },
  MUTASI: {
    filer: 'op.sleman',
    nip: '198503142010031004',
    effect: async ({ nip }) => expect(await record(nip)).toMatchObject({ agencyId: 'PEMKOT-YOGYAKARTA', jabatan: 'Analis Sumber Daya Manusia Aparatur Ahli Pertama' }),
  },
  PENSIUN: {
    filer: 'op.jogja',
    nip: '196809171993031001',
    effect: async ({ nip }) => expect(await record(nip)).toMatchObject({ status: 'PENSIUN', retirementDate: '2026-10-01' }),
  },
  CUTI: {
    filer: 'rina',
    effect: async ({ nip }) => {
      const leave = await http('GET', `/employees/${nip}/leave`, 'rina');
      expect(leave.status).toBe(200);
      // 14–18 December 2026: five working days of the 2026 annual leave.
      expect(JSON.stringify(leave.body.taken)).toContain('2026-12-14');
      // A full year's 12 working days, less the five taken.
      expect(leave.body.balances.find((b: { kind: string }) => b.kind === 'TAHUNAN')).toMatchObject({ remainingWorkingDays: 7 });
    },
  },
  PEMUTAKHIRAN_DATA: {
    filer: 'rina',
    effect: async ({ nip }) => expect(await record(nip)).toMatchObject({ contact: { email: 'sari.rahayu@slemankab.go.id' }, address: { kodePos: '55581' } }),
  },
  SKP: {
    filer: 'sri',
    person: 'budi',
    effect: async ({ nip }) => expect((await record(nip)).skp).toEqual([{ tahun: 2027, predikat: 'BAIK' }]),
  },
};

beforeAll(async () => {
  // Monday 2 November 2026, 09:00 WIB.
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
});

afterAll(() => stack?.stop());

describe('each of the nine services on the local stack, from its published example to its effect on the record', () => {
  it('covers the whole catalog', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CATALOG.keys()].sort());
  });

  it.each(Object.keys(CASES))('%s: filed with its example, moved through its stages, completed', async (code) => {
    const c = CASES[code]!;
    const { body: type } = await http('GET', `/service-types/${code}`, c.filer);
    type Requirement = { code: string; externalIn?: unknown; contentTypes: string[] };
    const requirements: Requirement[] = type.requiredDocuments;
    // References where the catalog lets a document live in a records system; the rest uploaded.
    const documents = requirements.filter((d) => d.externalIn).map((d) => ({ code: d.code, reference: `dms://${code}/${d.code}.pdf` }));
    const created = await http('POST', '/proposals', c.filer, { serviceType: code, ...(c.nip ? { nip: c.nip } : {}), payload: type.examplePayload, documents });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    for (const d of requirements.filter((r) => !r.externalIn)) {
      const contentType = d.contentTypes.includes('application/pdf') ? 'application/pdf' : 'image/png';
      await upload(id, d.code, contentType === 'image/png' ? PNG_BYTES : pdfBytes(`${code} ${d.code}`), contentType, c.filer);
    }
    const ready = await waitFor(
      async () => (await http('GET', `/proposals/${id}/documents`, c.filer)).body as { version: number; documents: { state: string }[] },
      (list) => list.documents.every((d) => d.state === 'CLEAN' || d.state === 'EXTERNAL'),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    let current = await http('POST', `/proposals/${id}/transitions`, c.filer, { action: 'submit', expectedVersion: ready.version });
    const stagesSeen: string[] = [];
    while (current.body.status === 'IN_PROGRESS' || current.body.status === 'APPROVED') {
      expect(current.status, JSON.stringify(current.body)).toBe(200);
      const { orgId, role } = current.body.assignment;
      const actor = role === 'PEGAWAI' ? c.person! : userFor(orgId, role);
      const seen = await http('GET', `/proposals/${id}`, actor);
      const allowed: string[] = seen.body.allowedActions;
      const action = allowed.includes('complete') ? 'complete' : allowed.includes('forward') ? 'forward' : 'approve';
      stagesSeen.push(`${current.body.stage.code}:${actor}`);
      current = await http('POST', `/proposals/${id}/transitions`, actor, {
        action,
        expectedVersion: current.body.version,
        ...(action === 'complete' ? { output: type.exampleOutput } : {}),
      });
    }
    expect(current.status, JSON.stringify(current.body)).toBe(200);
    expect(current.body.status).toBe('COMPLETED');
    // Every stage of the catalog entry was passed, then the completion.
    expect(stagesSeen.map((s) => s.split(':')[0])).toEqual([...type.stages.map((s: { code: string }) => s.code), 'COMPLETION']);
    await c.effect({ nip: current.body.nip, output: current.body.output });
  });
});
