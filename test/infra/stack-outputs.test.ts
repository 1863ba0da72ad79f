import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_OUTPUTS, stackName, type ReplayOutput } from '../../infra/cloud/stack-outputs';
import { logicalId, STAGES, synthStage, type Stage, type SynthesizedStage } from './stacks';

/**
 * The outputs `npm run replay` reads (scripts/replay.ts through infra/ops/replay.ts): each names
 * the resource the replay acts on, so a renamed construct or output fails here, not mid-incident.
 */
let outdir: string;
const stages = {} as Record<Stage, SynthesizedStage>;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'pantau-outputs-'));
  // Resources only: the outputs do not depend on the functions' code.
  for (const stage of STAGES) stages[stage] = synthStage(stage, outdir, { bundle: false });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe.each(STAGES)('the replay outputs of %s', (stage) => {
  const s = () => stages[stage];

  it('names the stack as the replay looks it up', () => {
    expect(s().stack.stackName).toBe(stackName(stage));
  });

  it('publishes each resource the replay acts on, by the output key it reads', () => {
    const { notifications, jobs } = s().stack;
    const id = (construct: IConstruct) => logicalId(s().stack, construct);
    const ref = (construct: IConstruct) => ({ Ref: id(construct) });
    const arn = (construct: IConstruct) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] });
    const expected: Record<ReplayOutput, unknown> = {
      failedRecordsBucket: ref(notifications.failedRecords),
      failedRecordsQueueUrl: ref(notifications.failedRecordsQueue),
      onChangeFunction: ref(notifications.onChange),
      emailQueueArn: arn(notifications.queues.email.queue),
      emailDeadLettersUrl: ref(notifications.queues.email.deadLetters),
      emailDeadLettersArn: arn(notifications.queues.email.deadLetters),
      smsQueueArn: arn(notifications.queues.sms.queue),
      smsDeadLettersUrl: ref(notifications.queues.sms.deadLetters),
      smsDeadLettersArn: arn(notifications.queues.sms.deadLetters),
      jobsDeadLettersUrl: ref(jobs.deadLetters),
      jobsFunction: ref(jobs.fn),
    };
    const outputs = s().template.findOutputs('*') as Record<string, { Value: unknown }>;
    for (const [key, value] of Object.entries(expected) as [ReplayOutput, unknown][]) {
      expect(outputs[REPLAY_OUTPUTS[key]]?.Value, `output ${REPLAY_OUTPUTS[key]} (${key})`).toEqual(value);
    }
  });

  it('redrives each dead-letter queue to the queue whose redrive policy names it', () => {
    const template = s().template.toJSON() as { Resources: Record<string, { Properties: { RedrivePolicy?: { deadLetterTargetArn: unknown } } }> };
    const { queues } = s().stack.notifications;
    for (const channel of ['email', 'sms'] as const) {
      const source = template.Resources[logicalId(s().stack, queues[channel].queue)]!;
      expect(source.Properties.RedrivePolicy?.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [logicalId(s().stack, queues[channel].deadLetters), 'Arn'] });
    }
  });
});
