import { Stack, Validations, type App, type CfnElement } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag's AwsSolutions pack, in every synth of every stage: `cdk synth` fails on any finding
 * nobody acknowledged. Each acknowledgment names one rule, the narrowest construct it concerns,
 * the exact finding where the rule has findings (cdk-nag v3 matches `Rule[finding]` exactly, so a
 * bare rule id never silences a finding), and why, in one line.
 */
export function checkAwsSolutions(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

export type NagRule = `AwsSolutions-${string}`;

/** One rule (and, where it has them, one finding of it) acknowledged on one construct and what it contains. */
export function acknowledge(scope: IConstruct, rule: NagRule, reason: string, finding?: string): void {
  Validations.of(scope).acknowledge({ id: finding === undefined ? rule : `${rule}[${finding}]`, reason });
}

/** The finding cdk-nag reports for a wildcard after a resource's ARN: `Resource::<LogicalId.Arn><suffix>`. */
export function arnFinding(resource: IConstruct, suffix: string): string {
  const id = Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement);
  return `Resource::<${id}.Arn>${suffix}`;
}

/** The managed policy CDK gives its own singleton Lambdas (custom resources, bucket notifications). */
export const BASIC_EXECUTION_ROLE_FINDING = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** After table.grantReadWriteData(fn): the grant covers `<table>/index/*`, the indexes the function queries. */
export function acknowledgeIndexAccess(fn: IFunction, table: ITableV2): void {
  acknowledge(fn.role ?? fn, 'AwsSolutions-IAM5', 'the wildcard is this table\'s own indexes (byEmployee, byQueue, byDueDay), which the function queries; nothing else', arnFinding(table, '/index/*'));
}
