import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMembers, startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';

/**
 * `npm start` with DynamoDB Local frozen (SIGSTOP: the port still accepts connections, nothing
 * answers, as an overloaded or partitioned dependency looks from the client): the API answers 503
 * with Retry-After within 5 s instead of hanging 30 s into a 500, and is itself again at SIGCONT.
 */
let stack: LocalStack;
let javaPid: number;
let authorization: string;
const leave = {
  serviceType: 'CUTI',
  payload: { jenisCuti: 'TAHUNAN', tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18', alasan: 'Keperluan keluarga', alamatSelamaCuti: 'Sleman' },
  documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }],
};

beforeAll(async () => {
  stack = await startLocalStack({ AWS_CALL_BUDGET: '', LOCAL_SCHEDULER: 'off', PANTAU_NOW: '2026-12-01T02:00:00Z' });
  const java = groupMembers(stack.child.pid!)?.find((member) => member.name === 'java');
  if (!java) throw new Error('no DynamoDB Local (java) in the local stack’s process group');
  javaPid = java.pid;
  authorization = `Bearer ${await stackToken(stack, 'sri')}`;
});

afterAll(async () => {
  if (javaPid) process.kill(javaPid, 'SIGCONT');
  await stack?.stop();
});

async function timed(path: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(`${stack.api}${path}`, { ...init, headers: { authorization, ...init.headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
}

describe('DynamoDB Local paused under npm start', () => {
  it('answers 503 within 5 s while it is stopped, and the next request succeeds once it runs again', async () => {
    expect((await timed('/me')).status).toBe(200);
    process.kill(javaPid, 'SIGSTOP');
    try {
      const me = await timed('/me', { headers: { 'accept-language': 'en' } });
      expect(me.status).toBe(503);
      expect(me.headers.get('content-type')).toBe('application/problem+json');
      expect(me.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', title: 'The service is unavailable; try again later', details: { reason: 'timeout' } });
      expect(Number(me.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(me.ms).toBeLessThan(5_000);
    } finally {
      process.kill(javaPid, 'SIGCONT');
    }
    expect((await timed('/me')).status).toBe(200);
  });

  it('a filing refused while it is stopped is filed once by its retry: the Idempotency-Key finds it if it landed', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'frozen-dynamodb-01' }, body: JSON.stringify(leave) };
    process.kill(javaPid, 'SIGSTOP');
    let refused;
    try {
      refused = await timed('/proposals', init);
    } finally {
      process.kill(javaPid, 'SIGCONT');
    }
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(5_000);
    // The frozen server may still read the request it was sent once it runs again, and commit it.
    const retried = await timed('/proposals', init);
    expect(retried.status).toBe(201);
    const mine = await timed('/proposals?limit=100');
    // Sri's only proposal on this fresh stack: one filing, whatever the frozen server did with the first.
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([retried.body.id]);
  });
});
