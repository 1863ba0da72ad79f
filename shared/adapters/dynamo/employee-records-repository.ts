import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Employee } from '../../domain/employees';
import type { FieldChange, StoredRecord } from '../../domain/records/merge';
import { cancellationReasons, failedAt } from './failed-condition';
import { employeeItem, keys, stripStorage } from './keys';

/** BatchGetItem's limit per request. */
const BATCH_GET_KEYS = 100;
/** Unprocessed keys are retried with backoff this many times before the batch gives up (and the map retries it). */
const UNPROCESSED_ATTEMPTS = 8;

export interface ImportChange {
  changes: readonly FieldChange[];
  importer: string;
  runId: string;
  at: string;
}

export type WriteOutcome = 'written' | 'conflict';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storedOf = (item: Record<string, unknown>): StoredRecord => {
  const employee = stripStorage<Employee>(item);
  return { employee, indexed: item['gsi1pk'] === keys.employeesOf(employee.agencyId) && item['gsi1sk'] === employee.nip };
};

/**
 * The import's side of employee records: read a batch's current records at once, create new ones
 * only where none exists, and write a changed one only over the version it was compared with, in
 * one transaction with the change it makes (fields old beside new, importer, run), so nothing the
 * register changes is changed without trace. Conflicts come back as 'conflict' for the caller to
 * read again; throttling and faults are thrown with the SDK's names, so the map's retries see them.
 */
export class EmployeeRecordsRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The current records of these NIPs, eventually consistent: every write is conditional on what was read, so a stale read costs a retry, never a lost change. */
  async getMany(nips: readonly string[]): Promise<Map<string, StoredRecord>> {
    const found = new Map<string, StoredRecord>();
    for (let start = 0; start < nips.length; start += BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] | undefined = nips.slice(start, start + BATCH_GET_KEYS).map((nip) => keys.employee(nip));
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt >= UNPROCESSED_ATTEMPTS) {
          const error = new Error(`${pending.length} records stayed unprocessed after ${UNPROCESSED_ATTEMPTS} attempts`);
          error.name = 'ProvisionedThroughputExceededException';
          throw error;
        }
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        const answer: BatchGetCommandOutput = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          const stored = storedOf(item);
          found.set(stored.employee.nip, stored);
        }
        pending = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  /** One record read strongly: after a conflict, what the write must be compared with. */
  async getOne(nip: string): Promise<StoredRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.employee(nip), ConsistentRead: true }));
    return Item ? storedOf(Item) : undefined;
  }

  /** Creates a record where none exists; 'conflict' when one appeared since the read (a completion, another batch). */
  async create(employee: Employee): Promise<WriteOutcome> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: employeeItem(employee), ConditionExpression: 'attribute_not_exists(pk)' }));
      return 'written';
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'conflict';
      throw error;
    }
  }

  /** Writes a new version over `expectedVersion`, with its change beside it; 'conflict' when the record moved on since the read. */
  async update(employee: Employee, expectedVersion: number, change: ImportChange): Promise<WriteOutcome> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: employeeItem(employee), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.employeeChange(employee.nip, employee.version), entity: 'EMPLOYEE_CHANGE', nip: employee.nip, version: employee.version, source: 'IMPORT', ...change },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'written';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && (failedAt(reasons, 0) || failedAt(reasons, 1))) return 'conflict';
      throw error;
    }
  }
}
