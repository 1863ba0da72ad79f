import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PantauStack, stackName } from '../../infra/cloud/pantau-stack';
import { stageConfigFromContext, type StageConfig } from '../../infra/cloud/stage-config';

/** The `stages` context exactly as cdk.json has it: the tests check what will be deployed. */
export const cdkJsonStages: unknown = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8')) as { context: { stages: unknown } }
).context.stages;

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface SynthesizedStage {
  config: StageConfig;
  stack: PantauStack;
  template: Template;
  /** The cloud assembly directory: bundled assets live here. */
  outdir: string;
}

/**
 * Builds each stage's stack the way `cdk synth -c stage=<stage>` does (esbuild bundling
 * included), into a temporary directory. Call once per test file, in beforeAll; `dispose` in afterAll.
 */
export function synthStages(): { stages: Record<Stage, SynthesizedStage>; dispose(): void } {
  const outdir = mkdtempSync(join(tmpdir(), 'pantau-infra-'));
  const build = (stage: Stage) => synthStage(stage, outdir);
  const dispose = () => rmSync(outdir, { recursive: true, force: true });
  try {
    return { stages: { dev: build('dev'), staging: build('staging'), prod: build('prod') }, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

export interface SynthStageOptions {
  /** The `stages` context to read the stage from; cdk.json's by default. */
  stages?: unknown;
  /** False skips esbuild (the functions get placeholder code), for a variant that only checks resources. */
  bundle?: boolean;
}

/** One stage's stack, as `cdk synth -c stage=<stage>` builds it, into `<outdir>/<stage>`. */
export function synthStage(stage: string, outdir: string, { stages = cdkJsonStages, bundle = true }: SynthStageOptions = {}): SynthesizedStage {
  const context: Record<string, unknown> = { stage, stages };
  // The stacks whose assets get bundled (the CLI sets it to the stacks it was asked for): none when empty.
  if (!bundle) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir: join(outdir, stage), context });
  const config = stageConfigFromContext(app.node);
  const stack = new PantauStack(app, stackName(config.stage), { config });
  return { config, stack, template: Template.fromStack(stack), outdir: app.outdir };
}

export interface CfnResource {
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
}

/** Logical id → resource, for every resource of a type. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The logical id of a construct's CloudFormation resource (a function, a queue, a topic...). */
export function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}
