import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import type { LocalSource, ReplayOptions } from '../ops/replay-args';
import type { RedriveReport, StreamItem, StreamReport } from '../ops/replay';
import type { LocalBus } from './bus';
import type { FailedStreamRecord, StreamHandler, StreamPoller } from './stream-poller';

/**
 * `npm run replay -- --local` in the stack's own process (POST /_local/replay), answering the
 * reports the cloud replay gives:
 *
 * - stream: the records the poller set aside (LOCAL_DATA_DIR's failed-stream-records.jsonl, the
 *   local on-failure destination; with --in-memory, its list in memory) are handed to the
 *   on-change handler again in batches, as the poller hands them; the lines of those that go
 *   through leave the file, the others stay.
 * - email-dlq, sms-dlq: the queue's dead letters go back on it (as StartMessageMoveTask would).
 *
 * The same idempotency as in the cloud: the senders claim each delivery, so a record replayed
 * twice, or a message whose email went out before it was dead-lettered, sends nothing again.
 */
export interface LocalReplayDeps {
  bus: LocalBus;
  poller: StreamPoller;
  /** The on-change handler the poller feeds. */
  onChange: StreamHandler;
  failedRecordsFile: string | null;
}

// The poller's batch size (Lambda's default for a stream).
const BATCH_SIZE = 100;

const entrySchema = z.looseObject({
  at: z.string(),
  record: z.looseObject({ eventID: z.string().optional(), dynamodb: z.looseObject({ SequenceNumber: z.string() }) }),
});

/** One line of the file, or why it is not a record set aside. */
type Line = { text: string; entry?: FailedStreamRecord; error?: string };

const identity = (entry: Pick<FailedStreamRecord, 'record'>) => `${entry.record.eventID ?? ''}#${entry.record.dynamodb?.SequenceNumber ?? ''}`;

function readLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((text) => text.trim() !== '')
    .map((text) => {
      try {
        const parsed = entrySchema.safeParse(JSON.parse(text));
        return parsed.success ? { text, entry: parsed.data as unknown as FailedStreamRecord } : { text, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
      } catch (error) {
        return { text, error: `not JSON: ${(error as Error).message}` };
      }
    });
}

/** As the poller reads the handler's answer: what batchItemFailures names, or all when it throws or names a stranger. */
async function invoke(handler: StreamHandler, batch: DynamoDBRecord[]): Promise<{ failed: Set<string>; error?: string }> {
  const all = new Set(batch.map((record) => record.dynamodb?.SequenceNumber ?? ''));
  try {
    const response = await handler({ Records: batch });
    const named = (response?.batchItemFailures ?? []).map((failure) => failure?.itemIdentifier);
    if (named.some((id) => typeof id !== 'string' || !all.has(id))) return { failed: all, error: 'batchItemFailures names a record that is not in the batch' };
    return { failed: new Set(named as string[]), ...(named.length ? { error: 'reported in batchItemFailures' } : {}) };
  } catch (error) {
    return { failed: all, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

export async function replayFailedStreamRecords(deps: LocalReplayDeps, options: ReplayOptions): Promise<StreamReport> {
  const { failedRecordsFile: file } = deps;
  const lines: Line[] = file ? readLines(file) : deps.poller.status().failedRecords.map((entry) => ({ text: JSON.stringify(entry), entry }));
  const report: StreamReport = { source: 'stream', dryRun: options.dryRun, found: lines.length, items: [] };
  const chosen = lines.slice(0, options.limit ?? lines.length);
  const readable = chosen.filter((line): line is Line & { entry: FailedStreamRecord } => line.entry !== undefined);
  const itemOf = (entry: FailedStreamRecord) => `record ${entry.record.dynamodb?.SequenceNumber ?? '?'}`;
  // Left in the file for a person to look at: the replay cannot read it.
  const unreadable = (line: Line): StreamItem => ({ id: `line ${lines.indexOf(line) + 1}`, records: 0, outcome: 'unreadable', error: line.error ?? 'unreadable' });

  if (options.dryRun) {
    for (const line of chosen) report.items.push(line.entry ? { id: itemOf(line.entry), records: 1, outcome: 'would-replay' } : unreadable(line));
    return report;
  }

  const replayed = new Set<string>();
  const outcomes = new Map<Line, StreamItem>();
  for (let i = 0; i < readable.length; i += BATCH_SIZE) {
    const batch = readable.slice(i, i + BATCH_SIZE);
    const { failed, error } = await invoke(deps.onChange, batch.map((line) => line.entry.record));
    for (const line of batch) {
      const seq = line.entry.record.dynamodb?.SequenceNumber ?? '';
      if (failed.has(seq)) outcomes.set(line, { id: itemOf(line.entry), records: 1, outcome: 'kept', failed: [seq], ...(error ? { error } : {}) });
      else {
        replayed.add(identity(line.entry));
        outcomes.set(line, { id: itemOf(line.entry), records: 1, outcome: 'replayed' });
      }
    }
  }
  for (const line of chosen) report.items.push(outcomes.get(line) ?? unreadable(line));

  if (replayed.size > 0) {
    const wasReplayed = (entry: Pick<FailedStreamRecord, 'record'>) => replayed.has(identity(entry));
    if (file) {
      // Read again and written at once, with no await between: lines the poller appended meanwhile stay.
      const kept = readLines(file).filter((line) => !(line.entry && wasReplayed(line.entry)));
      writeFileSync(`${file}.replay`, kept.map((line) => `${line.text}\n`).join(''));
      renameSync(`${file}.replay`, file);
    }
    deps.poller.forgetFailed(wasReplayed);
  }
  return report;
}

export function redriveLocalDeadLetters(bus: LocalBus, source: 'email-dlq' | 'sms-dlq', options: ReplayOptions): RedriveReport {
  const queue = bus.queues[source === 'email-dlq' ? 'email' : 'sms'];
  const waiting = queue.snapshot().deadLetters.length;
  if (waiting === 0) return { source, dryRun: options.dryRun, waiting, outcome: 'nothing-to-move' };
  if (options.dryRun) return { source, dryRun: true, waiting, outcome: 'would-move' };
  return { source, dryRun: false, waiting, outcome: 'moved', moved: queue.redriveDeadLetters() };
}

export async function replayLocalSource(deps: LocalReplayDeps, source: LocalSource, options: ReplayOptions): Promise<StreamReport | RedriveReport> {
  return source === 'stream' ? replayFailedStreamRecords(deps, options) : redriveLocalDeadLetters(deps.bus, source, options);
}
