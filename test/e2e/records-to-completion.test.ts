import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components, PantauClient } from '../../client';
import { generateRows, rowsAsCsv } from '../../infra/local/records-generator';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { typedClientAs, type TransitionBody } from '../support/typed-client';

const run = promisify(execFile);

/**
 * Issue 16's walk, as a newcomer does it on a fresh clone: `npm start`, a generated file of 1,000
 * Pemkab Sleman employees (some rows broken) imported with `npm run import` as the agency's admin,
 * the February 2027 promotion list asked for as the operator, a proposal filed from one of its
 * rows, and walked to completion through the typed client by the agency and Kanreg I.
 */
let stack: LocalStack;
const dir = mkdtempSync(join(tmpdir(), 'pantau-e2e-import-'));
const clients = new Map<string, PantauClient>();
const as = async (username: string) => {
  if (!clients.has(username)) clients.set(username, await typedClientAs(stack, username));
  return clients.get(username)!;
};
type Row = components['schemas']['EligibilityPage']['items'][number];

function ok<T>(answer: { data?: T; error?: unknown; response: Response }, status = 200): T {
  expect({ status: answer.response.status, error: answer.error }).toEqual({ status, error: undefined });
  return answer.data!;
}
const act = async (username: string, id: string, action: TransitionBody['action'], expectedVersion: number, extra: Omit<TransitionBody, 'action' | 'expectedVersion'> = {}) =>
  ok(await (await as(username)).POST('/proposals/{id}/transitions', { params: { path: { id } }, body: { action, expectedVersion, ...extra } }));

beforeAll(async () => {
  // Thursday 3 December 2026, 09:00 WIB: inside the February 2027 period's submission window.
  stack = await startLocalStack({ PANTAU_NOW: '2026-12-03T09:00:00+07:00', QUEUE_VISIBILITY_SECONDS: '2' });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('from a SIASN file to a completed promotion', () => {
  it('imports 1,000 Sleman employees, lists who the February promotion concerns, files from a row and completes it', async () => {
    const rows = generateRows({ agencyId: 'PEMKAB-SLEMAN', count: 1000, bad: 15, seed: 1, today: '2026-12-03' });
    const file = join(dir, 'sleman.csv');
    writeFileSync(file, rowsAsCsv(rows));
    const env = { ...process.env, DYNAMODB_PORT: String(stack.ports.DYNAMODB_PORT), PANTAU_NOW: '2026-12-03T09:00:00+07:00', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

    // An operator may not import; the agency's admin may, and the bad rows come back by line.
    await expect(run('npx', ['tsx', 'scripts/import.ts', file, '--as', 'op.sleman'], { env })).rejects.toMatchObject({ code: 2 });
    const imported = await run('npx', ['tsx', 'scripts/import.ts', file, '--as', 'admin.sleman'], { env });
    expect(imported.stdout).toContain('baru/created 985 · berubah/updated 0 · sama/unchanged 0 · ditolak/rejected 15');
    const rejects = parse(readFileSync(`${file}.rejects.csv`), { columns: true }) as Record<string, string>[];
    expect(new Set(rejects.map((r) => r['line'])).size).toBe(15);

    const operator = await as('op.sleman');
    const listed: Row[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(await operator.GET('/organisations/{orgId}/eligibility/{serviceType}', {
        params: { path: { orgId: 'PEMKAB-SLEMAN', serviceType: 'KENAIKAN_PANGKAT' }, query: { periode: '2027-02-01', ...(cursor ? { cursor } : {}) } },
      }));
      listed.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const fromFile = new Set(rows.map((r) => r.nip));
    const eligible = listed.filter((r) => r.eligible && fromFile.has(r.nip));
    const notYet = listed.filter((r) => !r.eligible && fromFile.has(r.nip));
    // The generator puts about a third of its PNS 4 years in rank by the period.
    expect(eligible.length).toBeGreaterThan(50);
    expect(notYet.length).toBeGreaterThan(50);
    for (const row of notYet) expect(row.issues.length, row.nip).toBeGreaterThan(0);
    expect(notYet.some((r) => r.issues.some((i) => i.path === 'payload.periode' && i.message.includes('4 years')))).toBe(true);

    const row = eligible[0]!;
    expect(row.toFill).toEqual([]);
    const service = ok(await operator.GET('/service-types/{code}', { params: { path: { code: 'KENAIKAN_PANGKAT' } } }));
    const created = ok(await operator.POST('/proposals', {
      body: {
        serviceType: 'KENAIKAN_PANGKAT',
        nip: row.nip,
        payload: row.payload,
        // Each of the promotion's documents by reference to the records system that keeps it (SIASN's DMS, e-Kinerja).
        documents: service.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://siasn/${row.nip}/${d.code}.pdf` })),
      },
    }), 201);
    const { id } = created;
    await act('op.sleman', id, 'submit', 1);
    await act('appr.sleman', id, 'forward', 2);
    await act('ver.kanreg1', id, 'forward', 3);
    await act('appr.kanreg1', id, 'approve', 4);
    const payload = row.payload as { golonganUsulan: string };
    const done = await act('op.sleman', id, 'complete', 5, { output: { nomorPertek: 'PERTEK-KP/I/2027/00456', nomorSk: '823.3/101/2027', tanggalSk: '2027-01-20', tmtGolonganBaru: '2027-02-01' } });
    expect(done.status).toBe('COMPLETED');

    // The record moved on, and the list now says so.
    const record = ok(await operator.GET('/employees/{nip}', { params: { path: { nip: row.nip } } }));
    expect(record.pangkat).toEqual({ golongan: payload.golonganUsulan, tmt: '2027-02-01' });
    // Imported again, the file does not undo the promotion Pantau completed (its rank TMT is later).
    const again = await run('npx', ['tsx', 'scripts/import.ts', file, '--as', 'admin.sleman'], { env });
    expect(again.stdout).toContain('baru/created 0 · berubah/updated 0 · sama/unchanged 985 · ditolak/rejected 15');
    expect(ok(await operator.GET('/employees/{nip}', { params: { path: { nip: row.nip } } })).pangkat?.golongan).toBe(payload.golonganUsulan);
  });
});
