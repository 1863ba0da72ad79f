import { writeFileSync } from 'node:fs';
import { generateRows, rowsAsCsv, rowsAsJsonl } from '../infra/local/records-generator';

/**
 * `npm run -s records:generate -- --agency PEMKAB-SLEMAN --count 1000 [--bad 15] [--seed 1]
 * [--today 2026-12-03] [--format csv|jsonl] [--out file]`: a generated SIASN file for trying the
 * import (infra/local/records-generator.ts says what it holds). To stdout unless --out.
 */
const USAGE = 'Usage: npm run -s records:generate -- --agency <id> --count <n> [--bad <n>] [--seed <n>] [--today YYYY-MM-DD] [--format csv|jsonl] [--out <file>]';

function main(argv: string[]): number {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (!flag.startsWith('--') || value === undefined) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    options.set(flag.slice(2), value);
  }
  const count = Number(options.get('count') ?? '1000');
  const bad = Number(options.get('bad') ?? '0');
  const seed = Number(options.get('seed') ?? '1');
  const today = options.get('today') ?? new Date().toISOString().slice(0, 10);
  const format = options.get('format') ?? 'csv';
  const agencyId = options.get('agency');
  const known = new Set(['agency', 'count', 'bad', 'seed', 'today', 'format', 'out']);
  const unknown = [...options.keys()].filter((k) => !known.has(k));
  if (!agencyId || unknown.length > 0 || !Number.isInteger(count) || count < 1 || count > 5_000_000 || !Number.isInteger(bad) || bad < 0 || bad > count || !Number.isInteger(seed) || !/^\d{4}-\d{2}-\d{2}$/.test(today) || !['csv', 'jsonl'].includes(format)) {
    process.stderr.write(`${unknown.length ? `unknown option --${unknown[0]}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const rows = generateRows({ agencyId, count, bad, seed, today });
  const text = format === 'csv' ? rowsAsCsv(rows) : rowsAsJsonl(rows);
  const out = options.get('out');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
