import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAwsSolutions } from '../../infra/cloud/nag';
import { PantauStack, stackName } from '../../infra/cloud/pantau-stack';
import { stageConfigFromContext } from '../../infra/cloud/stage-config';
import { cdkJsonStages, STAGES } from './stacks';

const outdir = mkdtempSync(join(tmpdir(), 'pantau-nag-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * A stage's app as infra/cloud/app.ts builds it, AwsSolutions checks included. Without bundling:
 * the rules read resources, not code.
 */
function stageApp(stage: string, suffix = '') {
  const app = new App({ outdir: join(outdir, `${stage}${suffix}`), context: { stage, stages: cdkJsonStages, 'aws:cdk:bundling-stacks': [] } });
  checkAwsSolutions(app);
  const stack = new PantauStack(app, stackName(stage), { config: stageConfigFromContext(app.node) });
  return { app, stack };
}

/** Every finding of the pack, errors and warnings, that nobody acknowledged. */
function unacknowledged(stack: Stack) {
  return new AwsSolutionsChecks(stack).validateScope(stack).violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} on ${r.constructPath ?? '?'}`),
  );
}

interface Acknowledgment {
  path: string;
  node: IConstruct;
  id: string;
  reason: string;
}

function acknowledgments(root: IConstruct): Acknowledgment[] {
  return root.node.findAll().flatMap((node) =>
    node.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: node.node.path, node, id: id.replace(/^annotation::/i, ''), reason })),
  );
}

describe.each(STAGES)('cdk-nag AwsSolutions checks on %s', (stage) => {
  const built = stageApp(stage);

  it('synthesizes with the checks on, every finding acknowledged: no error and no warning left', () => {
    expect(() => built.app.synth()).not.toThrow();
    // The synth fails on errors only; warnings are counted here.
    expect(unacknowledged(built.stack)).toEqual([]);
  });

  it('each acknowledgment says why in one line, on a resource or its construct, never the stack', () => {
    const acks = acknowledgments(built.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+[a-z]?(?:\[.+\])?$/);
      expect(ack.reason.trim().length, `${ack.id} on ${ack.path}`).toBeGreaterThan(20);
      expect(ack.reason, `${ack.id} on ${ack.path}`).not.toMatch(/\n/);
      expect(ack.node instanceof Stack || ack.node instanceof App, `${ack.id} on ${ack.path}`).toBe(false);
    }
  });

  it('IAM rules are acknowledged by finding (the action, resource or policy), never wholesale', () => {
    for (const ack of acknowledgments(built.app).filter((a) => /^AwsSolutions-IAM\d/.test(a.id))) {
      expect(ack.id, ack.path).toMatch(/\[(?:Action|Resource|Policy)::.+\]$/);
    }
  });

  it('no acknowledgment is stale: each silences a finding that is really there, at or under its construct', () => {
    const everything = new AwsSolutionsChecks(built.stack);
    // The same pack, blind to acknowledgments: what the stack would report without them.
    (everything as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    const findings = everything.validateScope(built.stack).violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })));
    for (const ack of acknowledgments(built.app)) {
      const silenced = findings.filter((f) => f.id === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
      expect(silenced.length, `${ack.id} on ${ack.path}`).toBeGreaterThan(0);
    }
  });
});

describe('the checks are part of the synth', () => {
  it('a resource that breaks a rule fails it, naming the rule and the resource', () => {
    const { app, stack } = stageApp('dev', '-broken');
    new Queue(stack, 'PlainQueue', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS2[\s\S]*PlainQueue/);
  });
});
