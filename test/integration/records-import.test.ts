import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createImportBatchHandler } from '../../functions/import-records/app';
import { generateRows, rowsAsCsv, rowsAsJsonl, type GeneratedRow } from '../../infra/local/records-generator';
import { runImport, rejectsFileOf, stateFileOf } from '../../infra/ops/import';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { EmployeeRecordsRepository } from '../../shared/adapters/dynamo/employee-records-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createRecordImporter, type RecordImporter } from '../../shared/app/records-import';
import type { ImportScope } from '../../shared/domain/records/scope';
import { TEST_BUCKET } from '../support/documents';
import { employee, ORGS } from '../support/fixtures';
import { seedStaff } from '../support/staff';
import { freshTable } from '../support/table';

/**
 * The records import against DynamoDB Local: a generated Sleman file with broken rows, run again
 * (nothing written), with changed rows (new versions with their traces), killed half way by
 * SIGKILL and resumed, in the scope of an agency admin; and the distributed map's batch Lambda
 * over the same row handler, its rejects in the S3 emulator.
 */
const NOW = '2026-12-03T02:00:00.000Z';
const TODAY = '2026-12-03';
const sleman: ImportScope = { importer: 'admin.sleman', agencyIds: ['PEMKAB-SLEMAN'] };

let doc: DynamoDBDocumentClient;
let tableName: string;
let endpoint: string;
let importer: RecordImporter;
const dir = mkdtempSync(join(tmpdir(), 'pantau-import-'));

const fileOf = (name: string, text: string) => {
  const path = join(dir, `${randomUUID().slice(0, 8)}-${name}`);
  writeFileSync(path, text);
  return path;
};
const run = (file: string, scope = sleman, restart = false) => runImport(importer, { file, format: file.endsWith('.csv') ? 'CSV' : 'JSONL', scope, batchSize: 100, restart });
const rejectsIn = (file: string) => parse(readFileSync(rejectsFileOf(file)), { columns: true }) as Record<string, string>[];

/** Everything the table holds for these NIPs' partitions, as one string: equal before and after means nothing was written. */
async function snapshot(): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.map((i) => JSON.stringify(i)).sort());
}

const employeesOfSleman = async (client = doc, table = tableName) => {
  const nips: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ TableName: table, IndexName: 'byEmployee', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.employeesOf('PEMKAB-SLEMAN') }, ExclusiveStartKey: start }));
    nips.push(...(page.Items ?? []).map((i) => String(i['nip'])));
    start = page.LastEvaluatedKey;
  } while (start);
  return nips;
};

beforeAll(async () => {
  ({ doc, tableName, endpoint } = await freshTable());
  const directory = new DirectoryRepository(doc, tableName, 0);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  importer = createRecordImporter({ records: new EmployeeRecordsRepository(doc, tableName), organisations: directory, now: () => NOW });
});

describe('importing a SIASN file', () => {
  const rows = generateRows({ agencyId: 'PEMKAB-SLEMAN', count: 300, bad: 12, seed: 7, today: TODAY });
  const csv = fileOf('sleman.csv', rowsAsCsv(rows));

  it('writes the good rows into the agency\'s records and reports every bad one by line, column and reason', async () => {
    const report = await run(csv);
    expect(report).toMatchObject({ rows: 300, created: 288, updated: 0, unchanged: 0, rejected: 12 });
    const rejects = rejectsIn(csv);
    expect(new Set(rejects.map((r) => r['line'])).size).toBe(12);
    for (const r of rejects) {
      const row = rows[Number(r['line']) - 2]!;
      expect(r['field'], JSON.stringify({ r, row })).not.toBe('');
      expect(r['alasan']).not.toBe('');
    }
    // The file's line 2 is rows[0]: the report's lines point into the file.
    const unknownAgency = rejects.find((r) => r['field'] === 'instansi_id');
    expect(rows[Number(unknownAgency?.['line']) - 2]?.instansi_id).toBe('PEMKAB-TIDAK-ADA');
    expect((await employeesOfSleman()).length).toBe(288);
  });

  it('run again, changes nothing and writes nothing', async () => {
    const before = await snapshot();
    const report = await run(csv);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 288, rejected: 12 });
    expect(await snapshot()).toBe(before);
  });

  it('writes a new version of a changed row, with the change beside it: fields old and new, importer and run', async () => {
    const rejected = new Set(rejectsIn(csv).map((r) => Number(r['line'])));
    const changed: GeneratedRow[] = rows.map((r, i) => (i < 5 ? { ...r, jabatan: 'Kepala Subbagian Umum', jenis_jabatan: 'ADMINISTRASI' } : r));
    const file = fileOf('changed.jsonl', rowsAsJsonl(changed));
    const goodChanged = rows.slice(0, 5).filter((_, i) => !rejected.has(i + 2));
    const report = await run(file);
    expect(report.updated).toBe(goodChanged.length);
    expect(report.unchanged).toBe(288 - goodChanged.length);
    const nip = goodChanged[0]!.nip;
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.employee(nip) }));
    expect(Item).toMatchObject({ jabatan: 'Kepala Subbagian Umum', version: 2, updatedAt: NOW });
    const { Item: change } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.employeeChange(nip, 2) }));
    expect(change).toMatchObject({ entity: 'EMPLOYEE_CHANGE', importer: 'admin.sleman', runId: report.runId, at: NOW, changes: expect.arrayContaining([{ field: 'jabatan', old: goodChanged[0]!.jabatan, new: 'Kepala Subbagian Umum' }]) });
  });

  it('keeps an agency admin to their agency: another agency\'s rows and records are refused, nothing of them written', async () => {
    const directory = new DirectoryRepository(doc, tableName, 0);
    const yogyaRecord = employee('199104012015031002', ORGS.yogya!, { birthDate: '1991-04-01', tmtCpns: '2015-03-01', tmtPns: '2016-03-01' });
    await directory.putEmployee(yogyaRecord);
    const [yogyaRow, ...others] = generateRows({ agencyId: 'PEMKOT-YOGYAKARTA', count: 3, bad: 0, seed: 9, today: TODAY });
    const takeOver = { ...others[0]!, nip: yogyaRecord.nip, tanggal_lahir: '1991-04-01', jenis_kelamin: 'L', tmt_cpns: '2015-03-01', tmt_pns: '2016-03-01', status_kepegawaian: 'PNS', golongan: 'III/b', tmt_golongan: '2022-04-01', instansi_id: 'PEMKAB-SLEMAN' };
    const file = fileOf('scope.csv', rowsAsCsv([yogyaRow!, takeOver]));
    const before = await snapshot();
    const report = await run(file);
    expect(report).toMatchObject({ created: 0, updated: 0, rejected: 2 });
    expect(rejectsIn(file).map((r) => [r['line'], r['field']])).toEqual([['2', 'instansi_id'], ['3', 'instansi_id']]);
    expect(await snapshot()).toBe(before);
  });
});

describe('an import stopped half way (SIGKILL) and run again', () => {
  it('resumes after the last batch it finished, and ends as one uninterrupted run would', async () => {
    // A table of its own: the counts are then exactly those of one uninterrupted run into an empty table.
    const own = await freshTable();
    const directory = new DirectoryRepository(own.doc, own.tableName, 0);
    for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
    await seedStaff(own.doc, own.tableName);
    const rows = generateRows({ agencyId: 'PEMKAB-SLEMAN', count: 1500, bad: 30, seed: 21, today: TODAY });
    const file = fileOf('kill.csv', rowsAsCsv(rows));
    const env = { ...process.env, DYNAMODB_PORT: new URL(endpoint).port, TABLE_NAME: own.tableName, PANTAU_NOW: NOW, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const cli = (onProgress?: (text: string, kill: () => void) => void) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file, '--as', 'admin.sleman', '--batch', '50'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => onProgress?.(d.toString(), () => child.kill('SIGKILL')));
        child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
      });

    let batches = 0;
    const killed = await cli((text, kill) => {
      batches += (text.match(/^ {2}line \d+/gm) ?? []).length;
      if (batches >= 6) kill();
    });
    expect(killed.signal).toBe('SIGKILL');
    const checkpoint = JSON.parse(readFileSync(stateFileOf(file), 'utf8')) as { lastLine: number };
    expect(checkpoint.lastLine).toBeGreaterThan(1);
    expect(checkpoint.lastLine).toBeLessThan(1501);

    const resumed = await cli();
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain(`resumed after line ${checkpoint.lastLine}`);
    // Rows of the batch the kill cut off that were written already read back as unchanged.
    const [, created, updated, unchanged, rejectedRows] = /created (\d+) · berubah\/updated (\d+) · sama\/unchanged (\d+) · ditolak\/rejected (\d+)/.exec(resumed.stdout)!.map(Number);
    expect({ written: created! + unchanged!, updated, rejectedRows }).toEqual({ written: 1470, updated: 0, rejectedRows: 30 });
    // The report holds each bad row once, whichever run met it.
    const rejects = rejectsIn(file);
    expect(new Set(rejects.map((r) => r['line'])).size).toBe(30);
    expect(new Set(rejects.map((r) => `${r['line']}|${r['field']}|${r['reason']}`)).size).toBe(rejects.length);
    const stored = new Set(await employeesOfSleman(own.doc, own.tableName));
    const good = rows.filter((_, i) => !rejects.some((r) => Number(r['line']) === i + 2));
    expect(good.every((r) => stored.has(r.nip))).toBe(true);
  }, 120_000);
});

describe('the distributed map\'s batch Lambda', () => {
  it('runs the same row handler on a batch and writes its rejects to S3 under the run, by the batch\'s first line', async () => {
    const s3 = createS3Client({ endpoint: inject('s3Endpoint'), budget: 'local' });
    const handler = createImportBatchHandler({
      importer,
      putObject: async (bucket, key, body) => {
        const { PutObjectCommand } = await import('@aws-sdk/client-s3');
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      },
    });
    const rows = generateRows({ agencyId: 'PEMKOT-YOGYAKARTA', count: 40, bad: 4, seed: 33, today: TODAY });
    const runId = `run-${randomUUID().slice(0, 8)}`;
    const input = { bucket: TEST_BUCKET, key: `incoming/${runId}/yogya.jsonl`, format: 'JSONL', runId, scope: { importer: 'admin.bkn', agencyIds: 'ALL' } };
    const counts = await handler({ Items: rows.slice(20).map((fields, i) => ({ index: 20 + i, fields })), BatchInput: input });
    const again = await handler({ Items: rows.slice(20).map((fields, i) => ({ index: 20 + i, fields })), BatchInput: input });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: `rejects/${runId}/` }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([`rejects/${runId}/000000021.csv`]);
    const body = await (await s3.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: `rejects/${runId}/000000021.csv` }))).Body!.transformToString();
    const rejects = parse(body, { columns: true }) as Record<string, string>[];
    expect(counts).toEqual({ created: 20 - counts.rejected, updated: 0, unchanged: 0, rejected: counts.rejected });
    expect(counts.rejected).toBe(2);
    expect(rejects.every((r) => Number(r['line']) >= 21 && Number(r['line']) <= 40)).toBe(true);
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 18, rejected: 2 });
    await expect(handler({ Items: [], BatchInput: input })).rejects.toMatchObject({ name: 'ImportBatchInvalid' });
    await expect(handler({ Items: [{ index: 0, fields: {} }], BatchInput: { ...input, key: 'elsewhere/x.csv' } })).rejects.toMatchObject({ name: 'ImportBatchInvalid' });
    s3.destroy();
  });
});
