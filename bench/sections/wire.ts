import { randomUUID } from 'node:crypto';
import { stackToken } from '../../test/support/tokens';
import { notificationsSettled } from '../../test/support/local-outboxes';
import type { LocalStack } from '../../test/support/local-stack';
import { LINK_MODEL, LINKS, modelledSeconds, roundTrips } from '../support/link-model';
import { round, sum } from '../support/stats';
import { AFTER, APP, BEFORE, WireClient, type ClientBehaviour, type Exchange } from '../support/wire-client';

/** One scenario's traffic as one client made it, and its time on each modelled link. */
export interface WireFigures {
  /** Requests on the network. */
  requests: number;
  /** Reads the client answered from what it held, without a request. */
  fromCache: number;
  /** 304s: re-reads answered without a body. */
  notModified: number;
  /** Answers that came compressed. */
  compressed: number;
  /** Connections the client actually opened (the model assumes one per scenario). */
  connectionsOpened: number;
  /** By the model: requests + 2 for the one connection (TCP, TLS 1.3). */
  roundTrips: number;
  bytesUp: number;
  /** Bodies decoded: what the client read. */
  bytesDownPlain: number;
  /** Status lines, headers and bodies as the socket carried them. */
  bytesDownSent: number;
  /** The bodies alone, as sent (compressed or not): bytesDownSent less the status lines and headers. */
  bodiesSent: number;
  /** Up + down as sent. */
  bytesOnWire: number;
  /** Modelled seconds per link profile (EDGE, 3G, 4G). */
  seconds: Record<string, number>;
}

/** One step of a scenario, by each client: a step may take more than one request (the phone app's catalog takes two). */
export interface WireStep {
  step: string;
  /** Today's routes, as the clients before and after ask them (' + ' between the requests of one step). */
  request: string;
  before: StepFigures;
  after: StepFigures;
  /** The phone app's routes, where it has its own. */
  appRequest?: string;
  app?: StepFigures;
}

/** A step's requests by one client, added up. */
export interface StepFigures {
  /** Requests on the network, and from the cache. */
  requests: number;
  /** Each request's status, ' + ' between them. */
  status: string;
  bytesUp: number;
  bytesDown: number;
  bodySent: number;
  bodyPlain: number;
  /** The request carried If-None-Match. */
  conditional: boolean;
  /** Each request's content coding (identity where none), ' + ' between them; absent when none came compressed. */
  encoding?: string;
  cacheControl?: string;
}

/**
 * A scenario run by today's client (before), by a client that asks for compression and
 * revalidates on today's routes (after), and, where it reads otherwise, by the phone app on its
 * lean routes (app).
 */
export interface WireScenario {
  name: string;
  what: string;
  before: WireFigures;
  after: WireFigures;
  app?: WireFigures;
  /** What the phone app reads instead, or why it reads as `after` does. */
  appReads: string;
  steps: WireStep[];
}

export interface WireResults {
  method: string;
  model: string;
  /** The bearer token's header line up, on every signed-in request (a local token; Cognito's are longer). */
  authorizationBytes: number;
  scenarios: WireScenario[];
  /** Scenario (a)'s status re-read when nothing had changed, by each client. */
  unchangedReread: Record<'before' | 'after' | 'app', Reread>;
}

export type Reread = StepFigures & { headerLines: [string, number][] };

/**
 * Monday 2 November 2026 is the stack's clock (startBenchStack): these leaves are ahead of it, on
 * working days. The phone app's is one day: Sri's twelve days of the year cannot hold three weeks,
 * and a leave's length changes no byte of its requests or answers (the dates are as long).
 */
const LEAVE_WEEKS = { before: ['2026-12-14', '2026-12-18'], after: ['2026-12-07', '2026-12-11'], app: ['2026-11-27', '2026-11-27'] } as const;
/** The morning's leaves: one day, so Sri's two weeks above leave her balance enough for them. */
const MORNING_DAY = '2026-11-20';
const UNCHANGED = 'status, unchanged';

const leave = ([from, to]: readonly [string, string]) => ({
  serviceType: 'CUTI',
  payload: { jenisCuti: 'TAHUNAN', tanggalMulai: from, tanggalSelesai: to, alasan: 'Keperluan keluarga', alamatSelamaCuti: 'Sleman' },
  documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }],
});

// Signed in to the stack's user pool, as the phone app and the staff's browser are.
const bearer = async (stack: LocalStack, username: string) => `Bearer ${await stackToken(stack, username)}`;

/** The staff's and seeding's requests: other clients, on other connections, not counted. */
async function uncounted(stack: LocalStack, method: string, path: string, authorization: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.api}${path}`, {
    method,
    headers: { authorization, ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function expectVersion(answer: { body: { version?: unknown } }, version: number, step: string) {
  if (answer.body?.version !== version) throw new Error(`${step}: the client read version ${String(answer.body?.version)}, not ${version} (a stale answer)`);
}

/**
 * (a) An employee's leave as a phone app does it: the catalog once, file, submit, the status read
 * after each change (the staff's actions are other clients) and once when nothing changed, then
 * the public tracking page. Minutes on the client's clock are the scenario's: they decide what a
 * max-age lets the app reuse. `lean`: the phone app's own reads, the catalog's summaries and then
 * the one service it files (one step, two requests), and a proposal's status instead of its view.
 */
async function employeeLeave(stack: LocalStack, behaviour: ClientBehaviour, staff: Record<'verifier' | 'approver' | 'operator', string>, lean = false): Promise<Exchange[]> {
  // The view lists the notifications' deliveries, which the pipeline records after a change
  // without a new version: the app reads minutes or hours later, when they are all in.
  const settled = () => notificationsSettled(stack);
  const app = new WireClient(stack.api, behaviour, await bearer(stack, 'sri'));
  try {
    app.at(0);
    if (lean) {
      await app.get('catalog', '/service-types?view=summary');
      await app.get('catalog', '/service-types/CUTI', { continuesStep: true });
    } else {
      await app.get('catalog', '/service-types');
    }
    const created = await app.send('file', 'POST', '/proposals', leave(LEAVE_WEEKS[behaviour.name]), { 'idempotency-key': `wire-${randomUUID()}` });
    const id = created.body.id as string;
    const pin = created.body.pin as string;
    const proposal = `/proposals/${id}`;
    // What the status reads ask for: the whole view, or the lean status.
    const status = lean ? `${proposal}/status` : proposal;
    await app.send('submit', 'POST', `${proposal}/transitions`, { action: 'submit', expectedVersion: 1 });
    await settled();
    app.at(1);
    expectVersion(await app.get('status after submit', status), 2, 'status after submit');
    app.at(20);
    expectVersion(await app.get(UNCHANGED, status), 2, UNCHANGED);

    await uncounted(stack, 'POST', `${proposal}/transitions`, staff.verifier, { action: 'forward', expectedVersion: 2 });
    await settled();
    app.at(4 * 60);
    expectVersion(await app.get('status after forward', status), 3, 'status after forward');
    await uncounted(stack, 'POST', `${proposal}/transitions`, staff.approver, { action: 'approve', expectedVersion: 3 });
    await settled();
    app.at(24 * 60);
    expectVersion(await app.get('status after approve', status), 4, 'status after approve');
    await uncounted(stack, 'POST', `${proposal}/transitions`, staff.operator, { action: 'complete', expectedVersion: 4, output: { nomorSuratCuti: '800/123/2026', tanggalSurat: '2026-12-01' } });
    await settled();
    app.at(48 * 60);
    expectVersion(await app.get('status after complete', status), 5, 'status after complete');
    app.at(48 * 60 + 5);
    await app.get('tracking', `/track/${id}?pin=${pin}`, { public: true });
    return app.exchanges;
  } finally {
    app.close();
  }
}

/** How many proposals the verifier opens in the morning, and on how many of them acts. */
export interface MorningSize {
  opened: number;
  acted: number;
}

/**
 * (b) The verifier's morning (the agency's first stage for a leave): the inbox, ten proposals
 * opened, five of them forwarded (every other one). The submitted leaves, by Budi and Sri, are
 * filed through the API first, uncounted; afterwards the ones left are withdrawn, so the next
 * client's inbox holds its own only.
 */
async function verifierMorning(stack: LocalStack, behaviour: ClientBehaviour, size: MorningSize): Promise<Exchange[]> {
  const employees = { budi: await bearer(stack, 'budi'), sri: await bearer(stack, 'sri') };
  // Filed side by side: the seeding is not what is measured, and each leave's two requests are its own.
  const filed = await Promise.all(
    Array.from({ length: size.opened }, async (_, i) => {
      const by = i % 2 ? employees.sri : employees.budi;
      const created = await uncounted(stack, 'POST', '/proposals', by, leave([MORNING_DAY, MORNING_DAY]));
      const id = created.id as string;
      await uncounted(stack, 'POST', `/proposals/${id}/transitions`, by, { action: 'submit', expectedVersion: 1 });
      return { id, by };
    }),
  );
  // The morning comes after the night's emails and SMS: each view lists its deliveries.
  await notificationsSettled(stack);
  const app = new WireClient(stack.api, behaviour, await bearer(stack, 'ver.sleman'));
  try {
    app.at(0);
    const inbox = await app.get('inbox', '/inbox');
    const waiting = new Set(((inbox.body.items ?? []) as { id: string }[]).map((item) => item.id));
    const missing = filed.filter((f) => !waiting.has(f.id));
    if (missing.length || waiting.size !== filed.length) throw new Error(`the verifier's inbox holds ${waiting.size} proposals, not the ${filed.length} filed (missing ${missing.map((m) => m.id).join(', ') || 'none'})`);
    for (const [i, { id }] of filed.entries()) {
      app.at(1 + i * 3);
      expectVersion(await app.get('open', `/proposals/${id}`), 2, 'open');
      if (i < size.acted * 2 && i % 2 === 0) await app.send('forward', 'POST', `/proposals/${id}/transitions`, { action: 'forward', expectedVersion: 2 });
    }
  } finally {
    app.close();
  }
  const left = filed.filter((_, i) => !(i < size.acted * 2 && i % 2 === 0));
  await Promise.all(left.map(({ id, by }) => uncounted(stack, 'POST', `/proposals/${id}/transitions`, by, { action: 'withdraw', expectedVersion: 2 })));
  return app.exchanges;
}

function figures(exchanges: readonly Exchange[]): WireFigures {
  const onWire = exchanges.filter((e) => e.network);
  const traffic = { requests: onWire.length, connections: onWire.length ? 1 : 0, bytesUp: sum(onWire.map((e) => e.bytesUp)), bytesDown: sum(onWire.map((e) => e.bytesDown)) };
  return {
    requests: traffic.requests,
    fromCache: exchanges.length - onWire.length,
    notModified: onWire.filter((e) => e.status === 304).length,
    compressed: onWire.filter((e) => e.contentEncoding && e.contentEncoding !== 'identity').length,
    connectionsOpened: onWire.filter((e) => e.newConnection).length,
    roundTrips: roundTrips(traffic),
    bytesUp: traffic.bytesUp,
    bytesDownPlain: sum(onWire.map((e) => e.bodyPlain)),
    bytesDownSent: traffic.bytesDown,
    bodiesSent: sum(onWire.map((e) => e.bodySent)),
    bytesOnWire: traffic.bytesUp + traffic.bytesDown,
    seconds: Object.fromEntries(LINKS.map((link) => [link.name, round(modelledSeconds(link, traffic), 2)])),
  };
}

/** A step's exchanges (one or more, in order) added up. */
function stepFigures(exchanges: readonly Exchange[]): StepFigures {
  const joined = (values: readonly string[]) => values.join(' + ');
  const encodings = exchanges.map((e) => e.contentEncoding ?? 'identity');
  const cacheControls = [...new Set(exchanges.flatMap((e) => (e.cacheControl ? [e.cacheControl] : [])))];
  return {
    requests: exchanges.length,
    status: joined(exchanges.map((e) => String(e.status))),
    bytesUp: sum(exchanges.map((e) => e.bytesUp)),
    bytesDown: sum(exchanges.map((e) => e.bytesDown)),
    bodySent: sum(exchanges.map((e) => e.bodySent)),
    bodyPlain: sum(exchanges.map((e) => e.bodyPlain)),
    conditional: exchanges.some((e) => e.conditional),
    ...(encodings.some((e) => e !== 'identity') ? { encoding: joined(encodings) } : {}),
    ...(cacheControls.length ? { cacheControl: cacheControls.join('; ') } : {}),
  };
}

/** The exchanges step by step, in order: a request that continues the step before joins its group. */
function bySteps(exchanges: readonly Exchange[]): [string, Exchange[]][] {
  const steps: [string, Exchange[]][] = [];
  for (const e of exchanges) {
    const last = steps.at(-1);
    if (e.continuesStep && last) last[1].push(e);
    else steps.push([e.step, [e]]);
  }
  return steps;
}

const requestOf = (exchanges: readonly Exchange[]) => exchanges.map((e) => `${e.method} ${e.path.replace(/USL-[^/?]+/, '{id}').replace(/pin=\d+/, 'pin=…')}`).join(' + ');

function scenario(name: string, what: string, runs: { before: Exchange[]; after: Exchange[]; app?: Exchange[] }, appReads: string): WireScenario {
  const before = bySteps(runs.before);
  const after = bySteps(runs.after);
  const app = runs.app && bySteps(runs.app);
  const names = (steps: [string, Exchange[]][]) => steps.map(([step]) => step).join(', ');
  for (const other of [after, ...(app ? [app] : [])]) {
    if (names(other) !== names(before)) throw new Error(`${name}: the clients took different steps (${names(before)}; and ${names(other)})`);
  }
  return {
    name,
    what,
    before: figures(runs.before),
    after: figures(runs.after),
    ...(runs.app ? { app: figures(runs.app) } : {}),
    appReads,
    steps: before.map(([step, b], i) => ({
      step,
      request: requestOf(b),
      before: stepFigures(b),
      after: stepFigures(after[i]![1]),
      ...(app ? { appRequest: requestOf(app[i]![1]), app: stepFigures(app[i]![1]) } : {}),
    })),
  };
}

function describe(log: (line: string) => void, s: WireScenario) {
  for (const side of ['before', 'after', 'app'] as const) {
    const f = s[side];
    if (!f) continue;
    log(
      `  ${s.name}, ${side}: ${f.requests} requests${f.fromCache ? ` (+${f.fromCache} from cache)` : ''}, ${f.roundTrips} round trips, ` +
        `${f.bytesUp} B up, ${f.bytesDownPlain} B down plain, ${f.bytesDownSent} B as sent (${f.compressed} compressed, ${f.notModified} × 304); ` +
        `${LINKS.map((l) => `${l.name} ${f.seconds[l.name]} s`).join(', ')}`,
    );
  }
}

/**
 * The wire as a phone sees it, before and after: each scenario run by today's client and by a
 * phone app that asks for compression, revalidates and honours max-age, over real HTTP against
 * the local stack, bytes counted at the client's socket.
 */
export async function measureWire(stack: LocalStack, morning: MorningSize, log: (line: string) => void): Promise<WireResults> {
  if (morning.acted * 2 - 1 > morning.opened) throw new Error(`the morning acts on every other proposal opened: ${morning.acted} need ${morning.acted * 2 - 1} opened`);
  const staff = { verifier: await bearer(stack, 'ver.sleman'), approver: await bearer(stack, 'appr.sleman'), operator: await bearer(stack, 'op.sleman') };
  const employee = await bearer(stack, 'sri');
  const leaveRuns = { before: await employeeLeave(stack, BEFORE, staff), after: await employeeLeave(stack, AFTER, staff), app: await employeeLeave(stack, APP, staff, true) };
  const morningRuns = { before: await verifierMorning(stack, BEFORE, morning), after: await verifierMorning(stack, AFTER, morning) };
  const scenarios = [
    scenario(
      '(a) an employee\'s leave',
      'the catalog once, file, submit, the status read after the submit, once more 20 minutes later with nothing changed, after the verifier\'s forward, the approval and the completion (those made by staff on other connections, not counted), then the public tracking page',
      leaveRuns,
      'the catalog\'s summaries, then the one service it files (GET /service-types?view=summary, then GET /service-types/CUTI: one step), and each status read from GET /proposals/{id}/status, the unchanged one included',
    ),
    scenario(
      '(b) the verifier\'s morning',
      `the inbox, ${morning.opened} submitted leaves (by Budi and Sri) opened one after another, ${morning.acted} of them forwarded`,
      morningRuns,
      'the same requests as after: a verifier reads the payload and the documents, which only the full view has',
    ),
  ];
  for (const s of scenarios) describe(log, s);

  const reread = (exchanges: Exchange[]): Reread => {
    const e = exchanges.find((x) => x.step === UNCHANGED)!;
    return { ...stepFigures([e]), headerLines: e.headerLines };
  };
  const unchangedReread = { before: reread(leaveRuns.before), after: reread(leaveRuns.after), app: reread(leaveRuns.app) };
  const rereadLine = (side: keyof typeof unchangedReread) => `${side} ${unchangedReread[side].status}, ${unchangedReread[side].bytesDown} B down (${unchangedReread[side].bytesUp} up)`;
  log(`  the unchanged status re-read: ${(['before', 'after', 'app'] as const).map(rereadLine).join('; ')}`);
  // The transitions' emails and SMS go out in the background: let them finish before the next section times anything.
  await notificationsSettled(stack);
  return {
    method:
      'Each scenario run over HTTP/1.1 against npm start\'s gateway on 127.0.0.1 (real handlers, DynamoDB Local): by today\'s client on today\'s routes (no Accept-Encoding, no If-None-Match, no cache); by a client that asks for compression and revalidates, on the same routes (Accept-Encoding: br, gzip; If-None-Match with the ETag it kept from an earlier GET of the same URL; an answer held within its Cache-Control max-age reused without a request); and, in (a), by the phone app, which does the same on its lean reads (the catalog\'s summaries and the one service it files, a proposal\'s status instead of its whole view). ' +
      'Bytes are counted at the client\'s socket (node:http, one keep-alive connection per scenario, socket.bytesWritten and bytesRead per request): request line, headers and body up; status line, headers and body as sent down; "plain" is the bodies decoded. ' +
      'The local gateway\'s own headers (date, connection, keep-alive, apigw-requestid) stand in for API Gateway\'s, and the local token (HS256) for Cognito\'s longer one; HTTP/2 would compress the headers further',
    model: LINK_MODEL,
    authorizationBytes: Buffer.byteLength(`authorization: ${employee}\r\n`),
    scenarios,
    unchangedReread,
  };
}
