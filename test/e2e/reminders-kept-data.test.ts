import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { tokenScriptEnv } from '../support/tokens';

const run = promisify(execFile);

/**
 * Kept data and a clock set back: a first session ran the reminder job on 1 December 2026 (as the
 * scheduler does with the real clock), then the README's demo starts on the same data with
 * PANTAU_NOW in March. The job's mark from December would have every run read from December on,
 * so the March leave would never be chased; the stack moves the mark back to its clock's start.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'pantau-kept-'));
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function http(s: LocalStack, method: string, path: string, as?: string, body?: unknown) {
  const token = as ? (await run('npx', ['tsx', 'infra/local/token.ts', as], { env: tokenScriptEnv(s) })).stdout.trim() : undefined;
  return checkedFetch(`${s.api}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

describe('a demo on kept data whose jobs ran under a later clock', () => {
  it('a first session runs the reminder job in December', async () => {
    stack = await startLocalStack({ LOCAL_DATA_DIR: dataDir, PANTAU_NOW: '2026-12-01T02:00:00Z', LOCAL_SCHEDULER: 'off' }, []);
    expect(stack.output()).toContain('a first run reads the timers due since 2026-12-01');
    const answer = await http(stack, 'POST', `/_local/jobs/reminders?now=${encodeURIComponent('2026-12-01T02:00:00Z')}`);
    expect(answer.status).toBe(200);
    await stack.stop();
    stack = undefined;
  });

  it('the next session starts in March: the mark goes back to its clock, and the kept table’s epoch is 2026-01-01', async () => {
    stack = await startLocalStack({ LOCAL_DATA_DIR: dataDir, PANTAU_NOW: '2026-03-17T02:00:00Z', LOCAL_SCHEDULER: 'off' }, []);
    expect(stack.output()).toContain("a first run reads the timers due since 2026-01-01; reminders read again from the clock's start (their marks were later)");
  });

  it('a leave submitted in March is chased by a run as of 30 April', async () => {
    const s = stack!;
    const created = await http(s, 'POST', '/proposals', 'sri', { serviceType: 'CUTI', payload: { jenisCuti: 'TAHUNAN', tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18', alasan: 'Keperluan keluarga', alamatSelamaCuti: 'Sleman' }, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] });
    expect(created.status).toBe(201);
    expect((await http(s, 'POST', `/proposals/${created.body.id}/transitions`, 'sri', { action: 'submit', expectedVersion: 1 })).status).toBe(200);
    const answer = await http(s, 'POST', `/_local/jobs/reminders?now=${encodeURIComponent('2026-04-30T01:00:00Z')}`);
    expect(answer.body.days).toEqual({ from: '2026-03-17', count: 45 });
    expect(answer.body).toMatchObject({ published: 1, escalated: 1 });
  });
});
