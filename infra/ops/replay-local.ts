import type { LocalSource, ReplayOptions } from './replay-args';
import { ReplayError, type ReplayReport } from './replay';

/**
 * `npm run replay -- --local`: the same replay against `npm start`, through its
 * POST /_local/replay route (infra/local/replay.ts does the work in the stack's process, where
 * the queues and the on-change handler live).
 */
export async function replayLocal(api: string, sources: readonly LocalSource[], options: ReplayOptions): Promise<ReplayReport[]> {
  const reports: ReplayReport[] = [];
  for (const source of sources) {
    const url = new URL('/_local/replay', api);
    url.searchParams.set('source', source);
    if (options.dryRun) url.searchParams.set('dryRun', 'true');
    if (options.limit !== undefined) url.searchParams.set('limit', String(options.limit));
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { accept: 'application/json' } });
    } catch (error) {
      throw new ReplayError(`the local stack does not answer at ${api} (${(error as Error).cause ?? (error as Error).message}); is npm start running, on PORT?`);
    }
    const text = await response.text();
    if (!response.ok) throw new ReplayError(`POST ${url.pathname}${url.search} answered ${response.status}: ${text.slice(0, 300)}`);
    reports.push(...(JSON.parse(text) as { reports: ReplayReport[] }).reports);
  }
  return reports;
}
