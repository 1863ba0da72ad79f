import { readFileSync } from 'node:fs';
import * as z from 'zod';

/** The stage's region, as the stack was deployed there (cdk.json `context.stages.<stage>.region`); undefined when cdk.json names none. */
export function stageRegion(stage: string): string | undefined {
  const cdk = z
    .object({ context: z.object({ stages: z.record(z.string(), z.object({ region: z.string().min(1) }).loose()) }).loose() })
    .loose()
    .parse(JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')));
  return cdk.context.stages[stage]?.region;
}
