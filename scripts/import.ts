import { existsSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { formatImportReport, runImport } from '../infra/ops/import';
import { stageRegion } from '../infra/ops/stage-region';
import { stackName } from '../infra/cloud/stack-outputs';
import { readConfig } from '../infra/local/config';
import { awsClientConfig } from '../shared/adapters/aws/client-config';
import { createDocumentClient } from '../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../shared/adapters/dynamo/directory-repository';
import { EmployeeRecordsRepository } from '../shared/adapters/dynamo/employee-records-repository';
import { StaffRepository } from '../shared/adapters/dynamo/staff-repository';
import { formatOfFile } from '../shared/adapters/records/records-file';
import { createRecordImporter } from '../shared/app/records-import';
import { TIME_ZONES, type Actor, type Organisation } from '../shared/domain/actors';
import { importScopeOf, type ImportScope } from '../shared/domain/records/scope';

/**
 * `npm run import -- <file> --as <username> [--local | --stage <stage>] [--batch <rows>] [--restart]`
 * imports a SIASN file of employee records (CSV or JSON Lines) through the row handler
 * (shared/app/records-import.ts), as the admin named by --as: an agency admin imports their agency's
 * rows only, a BKN admin those of the agencies their office reaches. Exit 0: the file was read to its
 * end (rejected rows are in the report); 1: the run stopped (run it again to resume); 2: a bad argument.
 */
const USAGE = `Usage: npm run import -- <file.csv|file.jsonl> --as <admin username> [--local | --stage <stage>] [--batch <rows>] [--restart]
  --local        the running local stack's DynamoDB Local (default; DYNAMODB_PORT, TABLE_NAME)
  --stage <s>    a deployed stage's table (Pantau-<s>'s TableName output; AWS credentials from the environment)
  --batch <n>    rows per batch, 1–1000 (default 500, as the distributed map)
  --restart      ignore the checkpoint (<file>.import-state.json) and start from the first line
Rejected rows go to <file>.rejects.csv (line, nip, field, alasan, reason).`;

class UsageError extends Error {}

interface Args {
  file: string;
  as: string;
  stage?: string;
  batchSize: number;
  restart: boolean;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let file: string | undefined;
  let as: string | undefined;
  let stage: string | undefined;
  let batchSize = 500;
  let restart = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--as') as = value();
    else if (arg === '--stage') stage = value();
    else if (arg === '--local') stage = undefined;
    else if (arg === '--restart') restart = true;
    else if (arg === '--batch') {
      batchSize = Number(value());
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new UsageError('--batch is a whole number from 1 to 1000');
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one file at a time (got ${file} and ${arg})`);
  }
  if (!file) throw new UsageError('which file? (a .csv or .jsonl)');
  if (!as) throw new UsageError('--as <username>: the admin the import is done as (an agency admin imports their own agency only)');
  return { file, as, batchSize, restart, ...(stage ? { stage } : {}) };
}

async function tableOf(stage: string): Promise<{ tableName: string; region: string }> {
  const region = stageRegion(stage);
  if (!region) throw new UsageError(`cdk.json names no stage ${stage}`);
  const cloudformation = new CloudFormationClient({ ...awsClientConfig('operator'), region });
  try {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName(stage) }));
    const tableName = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'TableName')?.OutputValue;
    if (!tableName) throw new Error(`stack ${stackName(stage)} has no TableName output`);
    return { tableName, region };
  } finally {
    cloudformation.destroy();
  }
}

/** The admin as the directory knows them: an active member, with their organisation; the scope follows from their roles. */
async function scopeOf(doc: DynamoDBDocumentClient, tableName: string, username: string): Promise<ImportScope> {
  const staff = new StaffRepository(doc, tableName);
  const directory = new DirectoryRepository(doc, tableName);
  const member = await staff.getMemberByUsername(username);
  if (!member) throw new UsageError(`no staff member ${username} in the directory`);
  if (member.status !== 'ACTIVE') throw new UsageError(`${username} is suspended`);
  const org = await directory.getOrganisation(member.orgId);
  if (!org) throw new UsageError(`${username}'s organisation ${member.orgId} is not in the directory`);
  const actor: Actor = { userId: member.userId, username, name: member.name, roles: member.roles, org };
  let agencies: Organisation[] = [];
  if (org.kind === 'KANREG') agencies = (await Promise.all(TIME_ZONES.map((zone) => directory.organisationsIn(zone)))).flatMap((r) => r.items);
  const scope = importScopeOf(actor, agencies);
  if (!scope) throw new UsageError(`${username} may not import records: an agency admin (ADMIN_INSTANSI) imports their agency's, a BKN admin (ADMIN_BKN) those in their office's reach`);
  return scope;
}

async function main(): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`import: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = formatOfFile(args.file);
  if (!format) {
    process.stderr.write(`import: ${args.file} is neither .csv nor .jsonl\n`);
    return 2;
  }
  if (!existsSync(args.file)) {
    process.stderr.write(`import: no file ${args.file}\n`);
    return 2;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const local = readConfig([], process.env);
  const target = args.stage ? { ...(await tableOf(args.stage)), endpoint: undefined } : { tableName: local.tableName, region: 'ap-southeast-3', endpoint: `http://localhost:${local.dynamoDbPort}` };
  const doc = createDocumentClient({ budget: 'operator', region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) });
  try {
    const scope = await scopeOf(doc, target.tableName, args.as);
    const importer = createRecordImporter({
      records: new EmployeeRecordsRepository(doc, target.tableName),
      organisations: new DirectoryRepository(doc, target.tableName),
      now: () => (process.env.PANTAU_NOW ? new Date(process.env.PANTAU_NOW) : new Date()).toISOString(),
    });
    const where = args.stage ? `${stackName(args.stage)} (${target.tableName})` : `the local stack (${target.tableName} on DynamoDB Local :${local.dynamoDbPort})`;
    process.stderr.write(`import: ${args.file} (${format}) into ${where} as ${args.as}, scope ${scope.agencyIds === 'ALL' ? 'all agencies' : scope.agencyIds.join(', ')}\n`);
    const report = await runImport(importer, { file: args.file, format, scope, batchSize: args.batchSize, restart: args.restart, progress: (line) => process.stderr.write(`  ${line}\n`) });
    process.stdout.write(`${formatImportReport(report)}\n`);
    return 0;
  } finally {
    doc.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`import: ${error.message}\n`);
      process.exit(2);
    }
    const name = (error as { name?: string }).name ?? '';
    const unreachable = /ECONNREFUSED|connect/i.test(String((error as Error).message)) || name === 'TimeoutError';
    process.stderr.write(
      unreachable
        ? `import: DynamoDB is not reachable (${(error as Error).message}); is the local stack running (npm start)? Run the same command again to resume.\n`
        : `import: stopped: ${name}: ${(error as Error).message}\nRun the same command again to resume where it stopped.\n`,
    );
    process.exit(1);
  },
);
