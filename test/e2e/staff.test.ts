import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { emailsTo, waitFor } from '../support/local-outboxes';
import { tokenScriptEnv } from '../support/tokens';

const run = promisify(execFile);

/**
 * The README's staff walk on `npm start`: Sleman's admin invites an operator, the operator signs
 * in through the emulator with the temporary password from the invitation email (in the local
 * SES inbox), files a promotion, is demoted, and the very next request with the token they hold
 * is refused: no waiting for the token to run out.
 */
let stack: LocalStack;
const SRI = '199007222015012001';
const PROMOTION = {
  serviceType: 'KENAIKAN_PANGKAT',
  nip: SRI,
  payload: { jenisKenaikanPangkat: 'REGULER', golonganSaatIni: 'III/b', golonganUsulan: 'III/c', tmtGolonganSaatIni: '2022-04-01', periode: '2027-02-01', predikatSkp: [{ tahun: 2025, predikat: 'BAIK' }, { tahun: 2026, predikat: 'SANGAT_BAIK' }] },
};

const token = async (...args: string[]) => (await run('npx', ['tsx', 'infra/local/token.ts', ...args], { env: tokenScriptEnv(stack) })).stdout.trim();
const http = (method: string, path: string, bearer: string, body?: unknown, headers: Record<string, string> = {}) =>
  checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  // Inside the February 2027 promotion window (1 November to 31 December 2026).
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
});

afterAll(() => stack?.stop());

describe('an agency admin manages an operator on the local stack', () => {
  it('invites, the operator signs in from the email and files; demoted, their next request is refused', async () => {
    const admin = await token('admin.sleman');
    const invited = await http('POST', '/organisations/PEMKAB-SLEMAN/staff', admin, { username: 'op.baru', name: 'Operator Baru', email: 'op.baru@slemankab.go.id', roles: ['OPERATOR'] }, { 'idempotency-key': 'e2e-invite-op-baru-1' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body).toMatchObject({ username: 'op.baru', roles: ['OPERATOR'], status: 'ACTIVE', version: 1 });

    // The invitation, Indonesian first, as the newcomer reads it in the SES inbox.
    const [invitation] = await waitFor(() => emailsTo(stack, 'op.baru@slemankab.go.id'), (emails) => emails.length > 0);
    const temporary = /Kata sandi sementara: (\S+)/.exec(invitation!.body.text ?? '')?.[1];
    expect(temporary, invitation!.body.text).toBeDefined();

    // The first sign-in answers NEW_PASSWORD_REQUIRED with the local password; from then on it is a plain sign-in.
    const first = await token('op.baru', '--temporary-password', temporary!);
    const operator = await token('op.baru');
    expect(first.split('.')).toHaveLength(3);
    const me = await http('GET', '/me', operator);
    expect(me.body).toMatchObject({ username: 'op.baru', roles: ['OPERATOR'], organisation: { id: 'PEMKAB-SLEMAN' }, staffProfile: { contact: { email: 'op.baru@slemankab.go.id' } } });

    const filed = await http('POST', '/proposals', operator, PROMOTION, { 'idempotency-key': 'e2e-op-baru-kp-0001' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);

    const demoted = await http('PUT', '/organisations/PEMKAB-SLEMAN/staff/op.baru/roles', admin, { roles: ['VERIFIKATOR'] }, { 'if-match': '"1"', 'idempotency-key': 'e2e-demote-op-baru-1' });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    // The very next request, with the token they already hold (valid for another hour).
    const refused = await http('POST', '/proposals', operator, PROMOTION, { 'idempotency-key': 'e2e-op-baru-kp-0002' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NO_ACTIVE_ROLE');
    // A new token carries what the directory says; as a verifier they file nothing.
    const fresh = await token('op.baru');
    expect((await http('GET', '/me', fresh)).body.roles).toEqual(['VERIFIKATOR']);
    expect((await http('POST', '/proposals', fresh, PROMOTION, { 'idempotency-key': 'e2e-op-baru-kp-0003' })).status).toBe(403);

    const log = await http('GET', '/organisations/PEMKAB-SLEMAN/staff-changes', admin);
    expect(log.body.items.slice(0, 2).map((e: { action: string; username: string }) => `${e.username} ${e.action}`)).toEqual(['op.baru roles', 'op.baru invite']);
  });
});
