import { testDocumentStore } from '../../test/support/documents';
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { createApiHandler } from '../../functions/api/app';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { seed } from '../../infra/local/seed-data';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { SERVER_ERROR, startFaultyEndpoint, THROTTLED, type Fault } from '../../test/support/faulty-endpoint';
import { call, type ApiHandler, type BenchRequest } from '../support/api-calls';
import { median, round } from '../support/stats';
import { testTrackingLinks } from '../../test/support/tracking-links';
import { noIdentity } from '../../test/support/staff';

/**
 * Time to a 503: the API handler, with its own client and budget (shared/adapters/aws/client-config.ts),
 * against DynamoDB Local behind an endpoint that fails on demand. A read (GET /me) meets each
 * fault on every call; a filing (POST /proposals) meets the throttled transaction on its write.
 */
export interface FaultFigures {
  fault: string;
  request: string;
  runs: number;
  /** Every status seen; all 503 is the promise. */
  statuses: number[];
  medianMs: number;
  worstMs: number;
}

export interface FaultResults {
  budget: string;
  faults: FaultFigures[];
}

const CASES: { fault: string; make: Fault; operations?: string[]; request: BenchRequest }[] = [
  { fault: 'accepts, never answers', make: { kind: 'hang' }, request: { path: '/me', as: 'sri' } },
  { fault: 'resets the connection', make: { kind: 'reset' }, request: { path: '/me', as: 'sri' } },
  { fault: 'answers 500', make: { kind: 'error', ...SERVER_ERROR }, request: { path: '/me', as: 'sri' } },
  { fault: 'ProvisionedThroughputExceededException', make: { kind: 'error', ...THROTTLED.ProvisionedThroughputExceededException }, request: { path: '/me', as: 'sri' } },
  { fault: 'ThrottlingException', make: { kind: 'error', ...THROTTLED.ThrottlingException }, request: { path: '/me', as: 'sri' } },
  { fault: 'RequestLimitExceeded', make: { kind: 'error', ...THROTTLED.RequestLimitExceeded }, request: { path: '/me', as: 'sri' } },
  {
    fault: 'TransactionCanceled (ThrottlingError)',
    make: { kind: 'error', ...THROTTLED.TransactionCanceledThrottled },
    operations: ['TransactWriteItems'],
    request: {
      method: 'POST', path: '/proposals', as: 'sri',
      body: { serviceType: 'CUTI', payload: { jenisCuti: 'TAHUNAN', tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18', alasan: 'Keperluan keluarga', alamatSelamaCuti: 'Sleman' }, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] },
    },
  },
];

export async function measureFaults(endpoint: string, runs: number, log: (line: string) => void): Promise<FaultResults> {
  const tableName = `bench-faults-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  await seed(createDocumentClient({ endpoint, budget: 'local' }), tableName);
  const faulty = await startFaultyEndpoint(endpoint);
  try {
    // The API's own client and budget, as in Lambda; only the endpoint differs.
    const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc: createDocumentClient({ endpoint: faulty.url, budget: 'request' }), tableName, clock: systemClock(), logger: new Logger({ logLevel: 'SILENT' }) }) as unknown as ApiHandler;
    const faults: FaultFigures[] = [];
    for (const c of CASES) {
      const statuses: number[] = [];
      const times: number[] = [];
      faulty.fail(c.make, c.operations);
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const { status } = await call(handler, c.request);
        times.push(performance.now() - started);
        statuses.push(status);
      }
      faulty.heal();
      const figures = { fault: c.fault, request: `${c.request.method ?? 'GET'} ${c.request.path}`, runs, statuses, medianMs: round(median(times), 0), worstMs: round(Math.max(...times), 0) };
      log(`  ${figures.fault.padEnd(40)} ${figures.request.padEnd(16)} ${[...new Set(statuses)].join('/')}  median ${figures.medianMs} ms, worst ${figures.worstMs} ms`);
      faults.push(figures);
    }
    return { budget: 'request (1 s to connect, 1.5 s a request, 2 attempts)', faults };
  } finally {
    await faulty.close();
  }
}
