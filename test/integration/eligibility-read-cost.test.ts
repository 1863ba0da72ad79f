import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { call, type Handler, type TestRequest } from '../support/api';
import { testDocumentStore } from '../support/documents';
import { loadEmployees } from '../support/employee-load';
import { ACTORS, ORGS } from '../support/fixtures';
import { noIdentity, seedStaff } from '../support/staff';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';

/**
 * An eligibility list reads its agency's records and nothing else: measured with
 * ReturnConsumedCapacity against DynamoDB Local, the same page before and after 1,500 employees of
 * two other agencies join the table. (The benchmark, `npm run bench -- --only=eligibility`, takes
 * it to agencies of 1,000 and 10,000 in tables of 11,000 and 110,000.)
 */
const NOW = '2026-11-02T02:00:00.000Z';
const SLEMAN_RECORDS = 60;
const OTHERS = 1_500;
const PAGE = 20;

interface Call {
  command: string;
  index?: string;
  partition?: unknown;
  consistent: boolean;
  consumed: number;
  items: number;
}

let api: (request: TestRequest) => ReturnType<typeof call>;
let calls: Call[] = [];
let loadOthers: () => Promise<void>;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  await loadEmployees(doc, tableName, { agencyId: ORGS.sleman!.id, to: SLEMAN_RECORDS });
  // Each agency its own range of record numbers (so of NIPs).
  loadOthers = async () => {
    await loadEmployees(doc, tableName, { agencyId: ORGS.yogya!.id, from: SLEMAN_RECORDS, to: SLEMAN_RECORDS + OTHERS / 2 });
    await loadEmployees(doc, tableName, { agencyId: ORGS.kalsel!.id, from: SLEMAN_RECORDS + OTHERS / 2, to: SLEMAN_RECORDS + OTHERS, timeZone: 'Asia/Makassar' });
  };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IndexName?: string; ConsistentRead?: boolean; ExpressionAttributeValues?: Record<string, unknown> };
      const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } });
      const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number }; Items?: unknown[] };
      calls.push({
        command: (context as { commandName?: string }).commandName ?? '?',
        ...(input.IndexName ? { index: input.IndexName } : {}),
        partition: input.ExpressionAttributeValues?.[':pk'],
        consistent: input.ConsistentRead === true,
        consumed: output.ConsumedCapacity?.CapacityUnits ?? 0,
        items: output.Items?.length ?? 0,
      });
      return result;
    },
    { step: 'initialize', name: 'eligibilityReadCost' },
  );
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(NOW) } }) as unknown as Handler;
  api = (request) => call(handler, request);
}, 120_000);

const list = (cursor?: string) => api({ path: `/organisations/${ORGS.sleman!.id}/eligibility/KENAIKAN_PANGKAT`, as: ACTORS.opSleman, query: { periode: '2027-02-01', limit: String(PAGE), ...(cursor ? { cursor } : {}) } });

/** One page, in a warm container (organisations, calendars and windows cached): its reads beside the actor check's. */
async function page() {
  calls = [];
  const answer = await list();
  expect(answer.status, answer.text).toBe(200);
  const queries = calls.filter((c) => c.command === 'QueryCommand');
  return { answer, queries, consumed: queries.reduce((total, c) => total + c.consumed, 0), other: calls.filter((c) => c.command !== 'QueryCommand').map((c) => c.command) };
}

/** Every page of Sleman's list: its Queries and their units. */
async function walk() {
  calls = [];
  let cursor: string | undefined;
  let rows = 0;
  do {
    const answer = await list(cursor);
    rows += answer.body.items.length;
    cursor = answer.body.nextCursor ?? undefined;
  } while (cursor);
  const queries = calls.filter((c) => c.command === 'QueryCommand');
  return { rows, requests: queries.length, consumed: queries.reduce((total, c) => total + c.consumed, 0), items: queries.reduce((total, c) => total + c.items, 0) };
}

describe('an eligibility list page reads its agency’s partition, not the table', () => {
  let before: Awaited<ReturnType<typeof page>>;
  let after: Awaited<ReturnType<typeof page>>;
  let walkBefore: Awaited<ReturnType<typeof walk>>;
  let walkAfter: Awaited<ReturnType<typeof walk>>;
  beforeAll(async () => {
    await list(); // warm: the organisations, calendars and windows cached, as in a container that served a request
    before = await page();
    walkBefore = await walk();
    await loadOthers();
    after = await page();
    walkAfter = await walk();
    console.log(`eligibility list page of ${PAGE} over ${SLEMAN_RECORDS} Sleman records: ${before.consumed} RCU with the agency alone, ${after.consumed} RCU with ${OTHERS} other agencies' employees added; whole list ${walkBefore.requests} Queries, ${walkBefore.consumed} RCU before, ${walkAfter.requests} Queries, ${walkAfter.consumed} RCU after`);
  }, 120_000);

  it('is one eventually consistent Query of EMPLOYEES#<agency> in the byEmployee index, reading the page and no more', () => {
    expect(before.queries).toEqual([{ command: 'QueryCommand', index: 'byEmployee', partition: 'EMPLOYEES#PEMKAB-SLEMAN', consistent: false, consumed: expect.any(Number), items: PAGE }]);
    // Beside it, only the actor check's read of the caller's directory entry.
    expect(before.other).toEqual(['GetItemCommand']);
    expect(before.consumed).toBeGreaterThan(0);
    expect(before.consumed).toBeLessThanOrEqual(PAGE * 2 / 4); // 20 records of under 2 KB, eventually consistent
  });

  it('costs the same with 1,500 other agencies’ employees in the table', () => {
    expect(after.queries).toEqual(before.queries);
    expect(after.answer.body).toEqual(before.answer.body);
  });

  it('walks the whole agency in pages that grow with the agency alone', () => {
    expect(walkBefore.items).toBe(SLEMAN_RECORDS);
    expect(walkBefore.requests).toBeLessThanOrEqual(Math.ceil(SLEMAN_RECORDS / PAGE) + 1);
    expect(walkAfter).toEqual(walkBefore);
    // Sleman's PNS are on the promotion list (its CPNS are not).
    expect(walkBefore.rows).toBe(SLEMAN_RECORDS - SLEMAN_RECORDS / 20);
  });
});
