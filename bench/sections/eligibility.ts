import { randomUUID } from 'node:crypto';
import { createApiHandler } from '../../functions/api/app';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { seed } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { testDocumentStore } from '../../test/support/documents';
import { loadEmployees } from '../../test/support/employee-load';
import { noIdentity } from '../../test/support/staff';
import { testTrackingLinks } from '../../test/support/tracking-links';
import { checkMinimum, type MinimumCheck } from '../minimums';
import { expectStatus, type ApiHandler } from '../support/api-calls';
import { CapacityMeter, totals, type DynamoCall } from '../support/capacity-meter';
import { round } from '../support/stats';
import { BENCH_NOW } from '../support/world';

export interface EligibilityWalk {
  /** The agency's employee records (the seeded few included), and the table's. */
  agency: number;
  table: number;
  /** The walk: every page of the agency's February 2027 promotion list, 100 records a page. */
  pages: number;
  requests: number;
  /** Read units: as DynamoDB Local reported them, and as DynamoDB on demand would bill them. */
  rcu: number;
  billedRru: number;
  rows: number;
  eligible: number;
  ms: number;
}

export interface EligibilityResults {
  method: string;
  walks: EligibilityWalk[];
  /** One page of the list beside the operation's minimum (bench/minimums.ts). */
  operations: { name: string; route: string; calls: DynamoCall[]; minimum: MinimumCheck }[];
  /** Billed read units of the large agency's walk over the small one's, in the smaller table. */
  growthWithAgency: number | undefined;
  /** Whether each agency's walk cost the same in the larger table (within one read unit). */
  flatWithTable: boolean;
  /** How long filling the tables took (not part of the figures). */
  loadSeconds: number[];
}

const ROUTE = 'GET /organisations/{orgId}/eligibility/{serviceType}';
const count = (n: number) => n.toLocaleString('en-US');
const PAGE = '100';

/**
 * Eligibility lists (issue 16): the February 2027 promotion list of an agency of `small` and of
 * `large` employee records (Pemkab Sleman, Pemkot Yogyakarta), walked to its end through the real
 * API handler, in a table of both and again once `others` records of a third agency are added
 * (ten times the table). Records are batch-written as an import writes them (employeeItem); each
 * walk in a warm container (organisations, calendars and windows cached), its requests and read
 * units from ReturnConsumedCapacity.
 */
export async function measureEligibility(endpoint: string, sizes: { small: number; large: number; others: number }, log: (line: string) => void): Promise<EligibilityResults> {
  const tableName = `bench-eligibility-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const doc = createDocumentClient({ endpoint });
  const report = await seed(doc, tableName, BENCH_NOW.slice(0, 10));
  const seeded = report.employees.created;
  const meter = CapacityMeter.attach(doc);
  const api = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(BENCH_NOW) } }) as unknown as ApiHandler;
  const agencies = [
    { id: 'PEMKAB-SLEMAN', as: 'op.sleman', from: 0, records: sizes.small },
    { id: 'PEMKOT-YOGYAKARTA', as: 'op.jogja', from: sizes.small, records: sizes.large },
  ] as const;
  const loadSeconds: number[] = [];
  const timed = async (load: () => Promise<void>) => {
    const started = performance.now();
    await load();
    loadSeconds.push(round((performance.now() - started) / 1000, 1));
  };
  await timed(async () => {
    for (const a of agencies) await loadEmployees(doc, tableName, { agencyId: a.id, from: a.from, to: a.from + a.records });
  });

  const walks: EligibilityWalk[] = [];
  const operations: EligibilityResults['operations'] = [];
  let table = seeded + sizes.small + sizes.large;
  const walk = async (agency: (typeof agencies)[number]) => {
    const path = `/organisations/${agency.id}/eligibility/KENAIKAN_PANGKAT`;
    // Warm: this agency's organisation, the calendars and the windows cached, as in a container that served a request.
    await expectStatus(api, { as: agency.as, path, query: { periode: '2027-02-01', limit: '1' } }, 200);
    meter.take();
    const started = performance.now();
    let cursor: string | undefined;
    let pages = 0;
    let rows = 0;
    let eligible = 0;
    const calls: DynamoCall[] = [];
    do {
      const answer = await expectStatus(api, { as: agency.as, path, query: { periode: '2027-02-01', limit: PAGE, ...(cursor ? { cursor } : {}) } }, 200);
      const page = meter.take();
      if (pages === 0 && operations.length === 0) operations.push({ name: ROUTE, route: ROUTE, calls: page, minimum: checkMinimum(ROUTE, page) });
      calls.push(...page);
      pages += 1;
      rows += answer.body.items.length;
      eligible += (answer.body.items as { eligible: boolean }[]).filter((row) => row.eligible).length;
      cursor = answer.body.nextCursor ?? undefined;
    } while (cursor);
    const ms = round(performance.now() - started, 1);
    // The seed's own employees of the agency are in its partition too.
    const records = calls.filter((c) => c.command === 'Query').reduce((sum, c) => sum + c.items, 0);
    const t = totals(calls.filter((c) => c.command === 'Query'));
    walks.push({ agency: records, table, pages, requests: t.requests, rcu: round(t.rcu, 1), billedRru: round(t.billedRru, 1), rows, eligible, ms });
    log(`  agency of ${records} records in a table of ${table}: ${pages} pages, ${t.requests} Queries, ${round(t.billedRru, 1)} RRU (${round(t.rcu, 1)} as DynamoDB Local counts), ${rows} on the list, ${eligible} eligible, ${ms} ms`);
  };

  for (const agency of agencies) await walk(agency);
  await timed(() => loadEmployees(doc, tableName, { agencyId: 'PEMPROV-KALSEL', from: sizes.small + sizes.large, to: sizes.small + sizes.large + sizes.others, timeZone: 'Asia/Makassar' }));
  table += sizes.others;
  for (const agency of agencies) await walk(agency);
  doc.destroy();

  const [smallBefore, largeBefore, smallAfter, largeAfter] = walks;
  return {
    method: `the February 2027 promotion list (KENAIKAN_PANGKAT, periode 2027-02-01) walked to its end, ${PAGE} records a page, by each agency's operator through the real API handler; agencies of ${count(sizes.small)} and ${count(sizes.large)} generated records (plus the seed's), in a table of both and then with ${count(sizes.others)} records of a third agency added; DynamoDB Local, ReturnConsumedCapacity TOTAL, a warm container. Requests and units are the walk's Queries (each page also reads the caller's directory entry, 0.5 RRU, the actor check)`,
    walks,
    operations,
    growthWithAgency: smallBefore && largeBefore && smallBefore.billedRru > 0 ? round(largeBefore.billedRru / smallBefore.billedRru, 2) : undefined,
    flatWithTable: Boolean(smallBefore && largeBefore && smallAfter && largeAfter && Math.abs(smallAfter.billedRru - smallBefore.billedRru) <= 1 && Math.abs(largeAfter.billedRru - largeBefore.billedRru) <= 1),
    loadSeconds,
  };
}
