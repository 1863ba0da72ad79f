import { testDocumentStore } from '../../test/support/documents';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createApiHandler } from '../../functions/api/app';
import { seed } from '../../infra/local/seed-data';
import { fixedClock } from '../../shared/adapters/clock';
import { cuti } from '../../shared/domain/catalog/cuti';
import { statusChangedEvent } from '../../shared/domain/notifications/events';
import type { StatusChangedEvent } from '../../shared/domain/notifications/types';
import type { HistoryEvent } from '../../shared/domain/proposal/types';
import { expectStatus, type ApiHandler } from './api-calls';
import { inProcessDocumentClient, sendStubDocumentClient } from './aws-stub';
import { MemoryDynamo } from './memory-dynamo';
import { testKeyRing, testTrackingLinks } from '../../test/support/tracking-links';
import type { KeyRing } from '../../shared/domain/tracking/link-token';
import { noIdentity } from '../../test/support/staff';

/** Monday 2 November 2026, 09:00 WIB: a working day, inside SMS hours. */
export const BENCH_NOW = '2026-11-02T02:00:00.000Z';
export const BENCH_TABLE = 'bench';

/** Sri Wahyuni's leave, as the catalog's example files it. */
export const leaveBody = (payload: Record<string, unknown> = cuti.examplePayload) => ({
  serviceType: 'CUTI',
  payload,
  documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }],
});

/** Files a leave as `as` (a seeded employee) and submits it; answers its id, PIN and the submit's view. */
export async function fileAndSubmit(api: ApiHandler, as: string, headers: Record<string, string> = {}) {
  const created = await expectStatus(api, { method: 'POST', path: '/proposals', as, body: leaveBody(), headers }, 201);
  const id = created.body.id as string;
  const submitted = await expectStatus(api, { method: 'POST', path: `/proposals/${id}/transitions`, as, body: { action: 'submit', expectedVersion: 1 } }, 200);
  return { id, pin: created.body.pin as string, view: submitted.body };
}

export interface MemoryWorld {
  memory: MemoryDynamo;
  doc: DynamoDBDocumentClient;
  api: ApiHandler;
  proposalId: string;
  /** The leave's tracking PIN, and the ring its handler signs tracking links with. */
  pin: string;
  ring: KeyRing;
  /** The submit's history item as the table holds it (DynamoDB JSON), and its domain event. */
  submitItem: Record<string, Record<string, unknown>>;
  statusChanged: StatusChangedEvent;
}

/**
 * The local stack's demo data (organisations, employees, users, calendars) in the in-memory stub,
 * and one leave filed and submitted by Sri through the real API handler. `answer`: where the stub
 * takes over, behind the SDK's request path (`sdk`) or at `send` (`send`).
 */
export async function memoryWorld(answer: 'sdk' | 'send' = 'sdk'): Promise<MemoryWorld> {
  const memory = new MemoryDynamo();
  const doc = answer === 'sdk' ? inProcessDocumentClient(memory) : sendStubDocumentClient(memory);
  await seed(doc, BENCH_TABLE, BENCH_NOW.slice(0, 10));
  const ring = testKeyRing();
  const api = createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName: BENCH_TABLE, clock: fixedClock(BENCH_NOW) }) as unknown as ApiHandler;
  const { id, pin } = await fileAndSubmit(api, 'sri');
  const submitItem = memory.dump().find((item) => item.pk?.S === `PROPOSAL#${id}` && item.sk?.S === 'EVENT#000002');
  if (!submitItem) throw new Error('the submit left no history event in the stub');
  const statusChanged = statusChangedEvent(unmarshall(submitItem as never) as HistoryEvent);
  if (!statusChanged) throw new Error('a submit is a status change');
  return { memory, doc, api, proposalId: id, pin, ring, submitItem, statusChanged };
}
