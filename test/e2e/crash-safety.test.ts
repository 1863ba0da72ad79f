import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { localClient } from '../../infra/local/dynamodb-local';
import { findUser } from '../../infra/local/seed-data';
import { stripStorage } from '../../shared/adapters/dynamo/keys';
import { verifyChain } from '../../shared/domain/proposal/history';
import type { HistoryEvent, Proposal } from '../../shared/domain/proposal/types';
import type { Timer } from '../../shared/domain/proposal/timer';
import { checkedFetch, ContractViolation } from '../support/contract';
import { groupProcesses, startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';

/**
 * Crash safety: the local stack with DynamoDB Local keeping its data on disk takes a burst of
 * concurrent creates (with Idempotency-Key) and transitions from seeded users; mid-burst its whole
 * process group, Java included, gets SIGKILL. Started again on the same data, every request that
 * was answered 2xx is there, every proposal's history chain is unbroken, and nothing half-written
 * shows: each transition's proposal, event and SLA timer were one transaction, and so they stay.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'pantau-crash-'));
// Monday 2 November 2026, 09:00 WIB: a working day, six weeks before the leave the burst asks for.
const env = { LOCAL_DATA_DIR: dataDir, PANTAU_NOW: '2026-11-02T09:00:00+07:00', LOCAL_SCHEDULER: 'off' };
const stacks: LocalStack[] = [];

afterAll(async () => {
  for (const stack of stacks) await stack.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Employees of two agencies, each with the verifier and the approver who handle their leave. */
const CHAINS = [
  { employee: 'budi', verifier: 'ver.sleman', approver: 'appr.sleman' },
  { employee: 'sri', verifier: 'ver.sleman', approver: 'appr.sleman' },
  { employee: 'rina', verifier: 'ver.jogja', approver: 'appr.jogja' },
  { employee: 'agus', verifier: 'ver.jogja', approver: 'appr.jogja' },
];
const LANES = 12;
// SIGKILL once this many requests were acknowledged (or the time is up): well inside the burst.
const KILL_AFTER_ACKS = 150;
const KILL_AFTER_MS = 20_000;
// How long before the kill an acknowledged write may still be lost by DynamoDB Local (see below).
const EMULATOR_WINDOW_MS = 250;

const leave = (lane: number, n: number) => ({
  serviceType: 'CUTI',
  payload: { jenisCuti: 'TAHUNAN', tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-15', alasan: `Keperluan keluarga (${lane}/${n})`, alamatSelamaCuti: 'Sleman, DI Yogyakarta' },
  documents: [{ code: 'FORMULIR_CUTI', reference: `dms://cuti/${lane}-${n}.pdf` }],
});

interface Sent {
  kind: 'create' | 'transition';
  as: string;
  path: string;
  body: unknown;
  key?: string;
  /** Filled when an answer came: its status and body. */
  status?: number;
  answer?: Record<string, unknown>;
  /** Set when no answer came (the connection died with the stack, or never opened). */
  error?: string;
  /** When the answer came (ms since the epoch). */
  answeredAt?: number;
}

// Per stack: the issuer is the user pool emulator's address, which each start picks anew.
const tokens = new Map<string, string>();
async function token(stack: LocalStack, username: string): Promise<string> {
  const key = `${stack.cognito} ${username}`;
  if (!tokens.has(key)) tokens.set(key, await stackToken(stack, username));
  return tokens.get(key)!;
}

/** Every answer is held to the OpenAPI document on the way (test/support/contract.ts), as in every e2e test. */
async function http(stack: LocalStack, method: string, path: string, as: string, body?: unknown, headers: Record<string, string> = {}) {
  const answer = await checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${await token(stack, as)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: answer.status, headers: answer.headers, body: answer.body as Record<string, unknown> };
}

async function scanAll(doc: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('a crash in the middle of a burst', () => {
  it('loses no acknowledged request, breaks no history chain and leaves nothing half-written', async () => {
    const first = await startLocalStack(env, []);
    stacks.push(first);

    // --- the burst ---------------------------------------------------------------------------
    const sent: Sent[] = [];
    let acked = 0;
    let inFlight = 0;
    let killing = false;
    const violations: string[] = [];
    const burstStarted = Date.now();

    async function send(request: Omit<Sent, 'status' | 'answer' | 'error'>): Promise<Sent | undefined> {
      if (killing) return undefined; // after the kill nothing more is sent
      const record: Sent = { ...request };
      sent.push(record);
      inFlight++;
      try {
        const answer = await http(first, 'POST', request.path, request.as, request.body, request.key ? { 'idempotency-key': request.key } : {});
        record.status = answer.status;
        record.answer = answer.body;
        record.answeredAt = Date.now();
        if (answer.status >= 200 && answer.status < 300) acked++;
      } catch (error) {
        // An answer that breaks the contract is a failure, not a lost connection.
        if (error instanceof ContractViolation) violations.push(error.message);
        else record.error = String((error as { cause?: { code?: string } }).cause?.code ?? error);
      } finally {
        inFlight--;
      }
      return record;
    }
    const ok = (r: Sent | undefined): r is Sent & { answer: Record<string, unknown> } => r?.status !== undefined && r.status >= 200 && r.status < 300;

    async function lane(index: number): Promise<void> {
      const chain = CHAINS[index % CHAINS.length]!;
      for (let n = 0; !killing; n++) {
        const key = `crash-${index}-${n}-${burstStarted}`;
        const created = await send({ kind: 'create', as: chain.employee, path: '/proposals', body: leave(index, n), key });
        if (!ok(created)) continue;
        const id = created.answer.id as string;
        let version = created.answer.version as number;
        const act = (as: string, body: Record<string, unknown>) => send({ kind: 'transition', as, path: `/proposals/${id}/transitions`, body });
        const submitted = await act(chain.employee, { action: 'submit', expectedVersion: version });
        if (!ok(submitted)) continue;
        version = submitted.answer.version as number;
        // Every third proposal, two verifiers' answers race for the same version: one wins, one gets 409.
        const race = n % 3 === 0;
        const [forwarded] = await Promise.all([
          act(chain.verifier, { action: 'forward', expectedVersion: version }),
          ...(race ? [act(chain.verifier, { action: 'return', expectedVersion: version, reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['Formulir cuti'] })] : []),
        ]);
        if (!ok(forwarded)) continue;
        await act(chain.approver, { action: 'approve', expectedVersion: forwarded.answer.version as number });
      }
    }

    const lanes = Array.from({ length: LANES }, (_, i) => lane(i));
    const deadline = Date.now() + KILL_AFTER_MS;
    while (acked < KILL_AFTER_ACKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const inFlightAtKill = inFlight;
    const killed = groupProcesses(first.child.pid!);
    killing = true;
    const killedAt = Date.now();
    await first.kill();
    const burstSeconds = (Date.now() - burstStarted) / 1000;
    await Promise.all(lanes);
    expect(violations).toEqual([]);
    expect(inFlightAtKill, 'the kill came mid-burst, with requests in flight').toBeGreaterThan(0);
    expect(acked, 'the burst got going before the kill').toBeGreaterThan(20);
    // DynamoDB Local's Java was in the group the kill took down (where /proc can tell).
    if (killed) expect(killed).toContain('java');

    // --- after the restart -------------------------------------------------------------------
    const second = await startLocalStack(env, []);
    stacks.push(second);
    const doc = DynamoDBDocumentClient.from(localClient(`http://127.0.0.1:${second.ports.DYNAMODB_PORT}`));
    const items = await scanAll(doc, 'pantau-local');
    const proposals = new Map<string, Proposal>();
    const events = new Map<string, HistoryEvent[]>();
    const timers = new Map<string, Timer>();
    const idempotency: { pk: string; proposalId: string }[] = [];
    for (const item of items) {
      const pk = String(item.pk);
      if (item.entity === 'PROPOSAL') proposals.set(pk, stripStorage<Proposal>(item));
      else if (item.entity === 'EVENT') events.set(pk, [...(events.get(pk) ?? []), stripStorage<HistoryEvent>(item)]);
      else if (item.entity === 'TIMER' && pk.startsWith('PROPOSAL#')) timers.set(pk, stripStorage<Timer>(item));
      else if (item.entity === 'IDEMPOTENCY') idempotency.push({ pk, proposalId: String(item.proposalId) });
    }
    const stored = (id: string) => ({ proposal: proposals.get(`PROPOSAL#${id}`), history: (events.get(`PROPOSAL#${id}`) ?? []).sort((a, b) => a.seq - b.seq) });

    // Every acknowledged create is there, and the API serves it. DynamoDB Local answers a
    // transaction a moment before its SQLite commit is on disk (reproduced without Pantau: a
    // TransactWriteItems acknowledged 9 ms before SIGKILL, gone after the restart, both items);
    // DynamoDB proper answers only once the write is durable. So a request answered in the last
    // EMULATOR_WINDOW_MS may be lost, but only whole: nothing of it visible. Anything else fails.
    const late = (r: Sent) => killedAt - r.answeredAt! < EMULATOR_WINDOW_MS;
    const lostByEmulator: Sent[] = [];
    const ackedCreates = sent.filter((r) => r.kind === 'create' && ok(r));
    for (const create of ackedCreates) {
      const id = create.answer!.id as string;
      if (!stored(id).proposal) {
        expect(late(create), `acknowledged create ${id} lost, answered ${killedAt - create.answeredAt!} ms before the kill`).toBe(true);
        expect(items.filter((i) => i.pk === `PROPOSAL#${id}`), `anything of lost create ${id}`).toEqual([]);
        expect(items.filter((i) => i.entity === 'IDEMPOTENCY' && String(i.pk).endsWith(`#${create.key}`))).toEqual([]);
        lostByEmulator.push(create);
        continue;
      }
      expect((await http(second, 'GET', `/proposals/${id}`, create.as)).status).toBe(200);
    }

    // Every acknowledged transition's event is there, the very one that was answered (same seq,
    // same hash), and the proposal is at its version or past it.
    const ackedTransitions = sent.filter((r) => r.kind === 'transition' && ok(r));
    for (const transition of ackedTransitions) {
      const answer = transition.answer!;
      const id = answer.id as string;
      const { proposal, history } = stored(id);
      const last = (answer.history as { seq: number; hash: string }[]).at(-1)!;
      const event = history.find((e) => e.seq === last.seq);
      if (event?.hash !== last.hash) {
        expect(late(transition), `acknowledged ${(transition.body as { action: string }).action} of ${id} lost, answered ${killedAt - transition.answeredAt!} ms before the kill`).toBe(true);
        // Lost whole: the proposal (if its creation survived) never reached that version.
        expect(event, `event ${last.seq} of ${id}`).toBeUndefined();
        if (proposal) expect(proposal.version).toBeLessThan(answer.version as number);
        lostByEmulator.push(transition);
        continue;
      }
      expect(proposal!.version).toBeGreaterThanOrEqual(answer.version as number);
      if (proposal!.version === answer.version) expect(proposal!.status).toBe(answer.status);
    }

    // Every history chain is unbroken: seq 1..lastSeq without gaps, each hash recomputed, each
    // prevHash the hash before it, and the proposal pointing at the last one.
    for (const [pk, proposal] of proposals) {
      const history = (events.get(pk) ?? []).sort((a, b) => a.seq - b.seq);
      expect(verifyChain(history, proposal), `chain of ${proposal.id}`).toEqual({ valid: true, events: history.length });
      expect(history.map((e) => e.seq)).toEqual(Array.from({ length: proposal.lastSeq }, (_, i) => i + 1));
      expect(proposal.lastHash).toBe(history.at(-1)!.hash);
      expect(proposal.version).toBe(proposal.lastSeq);
      // The SLA clock was written with the transition that set it: there exactly when someone is
      // waited on, and started by the same event.
      const timer = timers.get(pk);
      expect(Boolean(timer), `timer of ${proposal.id} (${proposal.status})`).toBe(Boolean(proposal.assignment));
      if (timer && proposal.assignment) expect(timer.startedBySeq).toBe(proposal.assignment.startedBySeq);
    }

    // Nothing half-written: no event, timer or idempotency record without its proposal.
    for (const pk of events.keys()) expect(proposals.has(pk), `events without a proposal under ${pk}`).toBe(true);
    for (const pk of timers.keys()) expect(proposals.has(pk), `a timer without a proposal under ${pk}`).toBe(true);
    for (const record of idempotency) expect(proposals.has(`PROPOSAL#${record.proposalId}`), `idempotency record ${record.pk}`).toBe(true);

    // Unanswered creates, retried as a client on a weak network would: each key files one
    // proposal, whether the first attempt made it before the crash or not; answered ones replay.
    const committedBefore = new Set(idempotency.map((r) => r.proposalId));
    let replayedUnanswered = 0;
    const creates = sent.filter((r) => r.kind === 'create');
    for (const create of creates) {
      const retry = await http(second, 'POST', '/proposals', create.as, create.body, { 'idempotency-key': create.key! });
      expect(retry.status, `retry of ${create.key}: ${JSON.stringify(retry.body)}`).toBe(201);
      if (lostByEmulator.includes(create)) {
        expect(retry.headers.get('idempotent-replayed')).toBeNull();
      } else if (ok(create)) {
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(retry.body).toMatchObject({ id: create.answer.id, pin: create.answer.pin });
      } else if (retry.headers.get('idempotent-replayed') === 'true') {
        expect(committedBefore.has(retry.body.id as string)).toBe(true);
        replayedUnanswered++;
      }
    }
    const after = await scanAll(doc, 'pantau-local');
    const proposalIds = after.filter((i) => i.entity === 'PROPOSAL').map((i) => String(i.id));
    const keys = after.filter((i) => i.entity === 'IDEMPOTENCY');
    expect(new Set(keys.map((k) => String(k.proposalId))).size).toBe(keys.length);
    expect(proposalIds.sort()).toEqual(keys.map((k) => String(k.proposalId)).sort());
    expect(keys).toHaveLength(new Set(creates.map((c) => c.key)).size);
    doc.destroy();

    // --- the figures -------------------------------------------------------------------------
    const answered = sent.filter((r) => r.status !== undefined);
    const unanswered = sent.filter((r) => r.status === undefined);
    const refused = answered.filter((r) => !ok(r));
    const unansweredTransitionsCommitted = unanswered.filter((r) => {
      if (r.kind !== 'transition') return false;
      const id = r.path.split('/')[2]!;
      const version = (r.body as { expectedVersion: number }).expectedVersion;
      return stored(id).history.some((e) => e.seq === version + 1 && e.type === (r.body as { action: string }).action && e.actor.name === findUser(r.as)!.name);
    }).length;
    const byStatus = new Map<number, number>();
    for (const r of refused) byStatus.set(r.status!, (byStatus.get(r.status!) ?? 0) + 1);
    const statusCounts = [...byStatus].map(([status, n]) => `${n}×${status}`).join(', ');
    console.log(
      `crash safety: ${sent.length} requests sent in ${burstSeconds.toFixed(1)} s by ${LANES} clients ` +
        `(${creates.length} creates, ${sent.length - creates.length} transitions); ${acked} acknowledged (2xx), ` +
        `${refused.length} refused (${statusCounts || 'none'}), ${unanswered.length} unanswered (${inFlightAtKill} in flight at SIGKILL to ${killed ? `${killed.length} processes: ${[...new Set(killed)].join(', ')}` : 'the process group'}); ` +
        `after restart ${acked - lostByEmulator.length}/${acked} acknowledged found ` +
        `(${ackedCreates.length - lostByEmulator.filter((r) => r.kind === 'create').length} creates, ${ackedTransitions.length - lostByEmulator.filter((r) => r.kind === 'transition').length} transitions at or past their version)` +
        `${lostByEmulator.length ? `, ${lostByEmulator.length} lost whole by DynamoDB Local (answered ${lostByEmulator.map((r) => `${killedAt - r.answeredAt!} ms`).join(', ')} before the kill)` : ''}; ` +
        `of the unanswered, ${replayedUnanswered} creates and ${unansweredTransitionsCommitted} transitions had committed; ` +
        `${proposals.size} proposals and ${[...events.values()].reduce((n, e) => n + e.length, 0)} events checked: chains unbroken, nothing half-written; ` +
        `every create retried: ${keys.length} keys, ${proposalIds.length} proposals`,
    );
  }, 300_000);
});
