import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { eventFor, lambdaContext, type ApiHandler, type BenchRequest } from '../support/api-calls';
import { percentile, ratio, round } from '../support/stats';
import { memoryWorld } from '../support/world';

export interface LoopFigures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface OverheadFigures {
  route: string;
  /** What the route reads from the stub per request. */
  note: string;
  status: number;
  /** DynamoDB answered at `send` (as aws-sdk-client-mock would): Pantau's own code. */
  handler: LoopFigures;
  /** DynamoDB answered behind the SDK's request path (serialise, sign, parse): what a container does but the network. */
  handlerWithSdk: LoopFigures;
  bare: LoopFigures;
  /** How many times slower than the bare handler (its requests per second over the handler's). */
  ratio: number | undefined;
  ratioWithSdk: number | undefined;
}

export interface OverheadResults {
  method: string;
  routes: OverheadFigures[];
}

/** One request after another for `seconds`, after a warm-up: how fast one container answers. */
export async function loop(handler: ApiHandler, event: APIGatewayProxyEventV2WithJWTAuthorizer, seconds: number): Promise<LoopFigures> {
  const warmUntil = performance.now() + Math.min(500, seconds * 200);
  while (performance.now() < warmUntil) await handler(event, lambdaContext);
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  for (let now = started; now < until; ) {
    const before = now;
    await handler(event, lambdaContext);
    now = performance.now();
    latencies.push(now - before);
  }
  const elapsed = (performance.now() - started) / 1000;
  return { requests: latencies.length, perSecond: round(latencies.length / elapsed, 0), p50Ms: round(percentile(latencies, 50), 3), p99Ms: round(percentile(latencies, 99), 3) };
}

/**
 * The API handler (functions/api/app.ts, wired as in Lambda) in this process with the DynamoDB
 * client answered by the in-memory stub, twice: at `send`, and behind the SDK's request path;
 * beside a bare handler that parses the event and serialises the same answer.
 */
export async function measureHandlerOverhead(seconds: number, log: (line: string) => void): Promise<OverheadResults> {
  const world = await memoryWorld('send');
  const sdkWorld = await memoryWorld('sdk');
  const cases: { request: BenchRequest; note: string }[] = [
    { request: { path: '/health' }, note: 'no DynamoDB' },
    { request: { path: `/proposals/${world.proposalId}`, as: 'sri' }, note: 'the proposal partition (1 Query; the organisation cached)' },
    { request: { path: '/inbox', as: 'ver.sleman' }, note: 'a queue page (1 Query)' },
    { request: { path: '/me', as: 'sri' }, note: 'the employee record (1 GetItem)' },
  ];
  const routes: OverheadFigures[] = [];
  for (const { request, note } of cases) {
    const event = eventFor(request);
    // Both worlds filed the same leave under their own number.
    const sdkEvent = eventFor({ ...request, path: request.path.replace(world.proposalId, sdkWorld.proposalId) });
    const sample = await world.api(event, lambdaContext);
    // The same answer, serialised afresh each time as the real handler does.
    const fixed: unknown = JSON.parse(sample.body ?? 'null');
    const headers = sample.headers;
    const bare: ApiHandler = async (e) => {
      if (e.body !== undefined) JSON.parse(e.body);
      return { statusCode: 200, headers, body: JSON.stringify(fixed) };
    };
    const real = await loop(world.api, event, seconds);
    const withSdk = await loop(sdkWorld.api, sdkEvent, seconds);
    const base = await loop(bare, event, seconds);
    const figures: OverheadFigures = {
      route: `${request.method ?? 'GET'} ${request.path.replace(world.proposalId, '{id}')}`,
      note,
      status: sample.statusCode ?? 200,
      handler: real,
      handlerWithSdk: withSdk,
      bare: base,
      ratio: ratio(base.perSecond, real.perSecond),
      ratioWithSdk: ratio(base.perSecond, withSdk.perSecond),
    };
    routes.push(figures);
    log(`  ${figures.route} (${figures.status}): ${real.perSecond}/s p50 ${real.p50Ms} ms p99 ${real.p99Ms} ms (with the SDK's request path ${withSdk.perSecond}/s); bare ${base.perSecond}/s; ×${figures.ratio} (×${figures.ratioWithSdk})`);
  }
  world.doc.destroy();
  sdkWorld.doc.destroy();
  return { method: `one request after another for ${seconds} s per route and variant after a warm-up, in one process; DynamoDB answered from memory at \`send\`, and behind the SDK's request path`, routes };
}
