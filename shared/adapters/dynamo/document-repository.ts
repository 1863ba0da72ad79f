import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Change } from '../../domain/proposal/lifecycle';
import type { DocumentOpening, DocumentVersion, ScanResult, UploadGrant } from '../../domain/documents/types';
import type { Proposal } from '../../domain/proposal/types';
import { queryPage } from './query-page';
import { keys, stripStorage } from './keys';
import { cancellationReasons } from './failed-condition';
import { eventItem, isRegisteredDocument, proposalItem, recordOf, type Consistency, type Page, type ProposalRecord } from './proposal-repository';
import { queryAll } from './query-all';
import { INDEX } from './table-definition';

/** A proposal's record with what only document use cases read: open grants and early scan verdicts. */
export interface DocumentRecord extends ProposalRecord {
  grants: UploadGrant[];
  /** Verdicts that came in before their file was registered, by `<code>#<sha256>`. */
  earlyVerdicts: Map<string, ScanResult>;
}

/** The document version's attributes as written: everything but its keys. */
function versionAttributes(version: DocumentVersion): Record<string, unknown> {
  const { scan, ...rest } = version;
  return { ...rest, entity: 'DOCUMENT', scan };
}

/** SET a = :a, ... for every attribute but `scan`, which an early verdict may have written already. */
function setExpression(attributes: Record<string, unknown>, keepScan: boolean) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    parts.push(name === 'scan' && keepScan ? `#scan = if_not_exists(#scan, :scan)` : `#${name} = :${name}`);
  }
  return { UpdateExpression: `SET ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** What a lost race looks like to the caller: read again and decide again. */
export class DocumentRaceLost extends Error {
  override name = 'DocumentRaceLost';
}

/**
 * The documents side of a proposal's partition: upload grants, document versions (one item per
 * kind and file hash, the object's key in storage too), and the separate log of who opened which.
 * Every change that touches the proposal goes in one transaction with its history event.
 */
export class DocumentRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The proposal's whole partition, with grants and early verdicts: one Query, however many documents. */
  async getRecord(id: string, consistency: Consistency): Promise<DocumentRecord | undefined> {
    const { items } = await queryAll(this.doc, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.proposal(id).pk }, ConsistentRead: consistency === 'strong' });
    const record = recordOf(items);
    if (!record) return undefined;
    const grants = items.filter((item) => item.entity === 'UPLOAD_GRANT').map((item) => stripStorage<UploadGrant>(item));
    const earlyVerdicts = new Map(
      items.filter((item) => item.entity === 'DOCUMENT' && !isRegisteredDocument(item) && item.scan).map((item) => [`${String(item.code)}#${String(item.sha256)}`, item.scan as ScanResult]),
    );
    return { ...record, grants, earlyVerdicts };
  }

  /** The proposal item and its document versions, without history or deliveries: a GetItem and a Query of the DOC# items. */
  async getDocuments(id: string): Promise<{ proposal: Proposal; documents: DocumentVersion[] } | undefined> {
    const [{ Item }, { items }] = await Promise.all([
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.proposal(id) })),
      queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
        ExpressionAttributeValues: { ':pk': keys.proposal(id).pk, ':doc': keys.documentPrefix },
      }),
    ]);
    if (!Item) return undefined;
    return { proposal: stripStorage<Proposal>(Item), documents: items.filter(isRegisteredDocument).map((item) => stripStorage<DocumentVersion>(item)) };
  }

  /** Keeps a grant beside its proposal until it is registered or expires (TTL; an expired one still read is refused by its date). */
  async putGrant(grant: UploadGrant): Promise<void> {
    const expiresAt = Math.ceil(new Date(grant.registerBy).getTime() / 1000);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.uploadGrant(grant.proposalId, grant.id), entity: 'UPLOAD_GRANT', ...grant, expiresAt } }));
  }

  /**
   * A registration: the proposal (on the version read) and its 'attach' event, the new version,
   * and the grant marked spent, in one transaction. An early verdict already on the item stays.
   */
  async saveAttached(change: Change, expectedVersion: number, version: DocumentVersion, grantId: string): Promise<void> {
    await this.transact(change, expectedVersion, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.document(version.proposalId, version.code, version.sha256),
          // Not registered before, and no verdict came in since the record was read: a verdict
          // landing between the read and this write would otherwise never reach the proposal.
          ...withCondition(setExpression(versionAttributes(version), true), 'attribute_not_exists(#version) AND (attribute_not_exists(#scan) OR #scan.#status = :scanStatus)', { '#status': 'status' }, { ':scanStatus': version.scan.status }),
        },
      },
      // The grant is spent, not deleted: a retry of the same registration finds which version it made.
      {
        Update: {
          TableName: this.tableName,
          Key: keys.uploadGrant(version.proposalId, grantId),
          UpdateExpression: 'SET registeredAs = :version',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(registeredAs)',
          ExpressionAttributeValues: { ':version': version.version },
        },
      },
    ]);
  }

  /** A review: the proposal, its 'review' event and the version's review, in one transaction. */
  async saveReviewed(change: Change, expectedVersion: number, version: DocumentVersion): Promise<void> {
    await this.transact(change, expectedVersion, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.document(version.proposalId, version.code, version.sha256),
          UpdateExpression: 'SET #review = :review',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#review': 'review', '#version': 'version' },
          ExpressionAttributeValues: { ':review': version.review, ':version': version.version },
        },
      },
    ]);
  }

  /**
   * Writes a scan verdict on the object's item, registered or not (an early verdict makes the item),
   * and says whether the file is registered: then the proposal has to learn of it too.
   */
  async putVerdict(proposalId: string, code: string, sha256: string, verdict: ScanResult): Promise<{ registered?: DocumentVersion }> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.document(proposalId, code, sha256),
        UpdateExpression: 'SET #scan = :scan, #entity = :entity, #proposalId = :proposalId, #code = :code, #sha256 = :sha256',
        ExpressionAttributeNames: { '#scan': 'scan', '#entity': 'entity', '#proposalId': 'proposalId', '#code': 'code', '#sha256': 'sha256' },
        ExpressionAttributeValues: { ':scan': verdict, ':entity': 'DOCUMENT', ':proposalId': proposalId, ':code': code, ':sha256': sha256 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes && isRegisteredDocument(Attributes) ? { registered: stripStorage<DocumentVersion>(Attributes) } : {};
  }

  /**
   * A clean (or unscannable) verdict on a registered file moves the proposal on a version, so its
   * ETag tells clients the checklist changed: one atomic ADD, no read, so a proposal's verdicts
   * arriving together never conflict with each other (a transition racing it gets its 409).
   */
  async bumpVersion(proposalId: string, at: string): Promise<number> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.proposal(proposalId),
        UpdateExpression: 'SET updatedAt = :at ADD #version :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':at': at, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.version);
  }

  /** One document version, strongly consistent. */
  async getVersion(proposalId: string, code: string, sha256: string): Promise<DocumentVersion | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.document(proposalId, code, sha256), ConsistentRead: true }));
    return Item && isRegisteredDocument(Item) ? stripStorage<DocumentVersion>(Item) : undefined;
  }

  /** The proposal item alone: strongly consistent for the chain's head of a quarantine event, eventually for a scope check. */
  async getProposal(id: string, consistency: Consistency = 'strong'): Promise<Proposal | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.proposal(id), ConsistentRead: consistency === 'strong' }));
    return Item ? stripStorage<Proposal>(Item) : undefined;
  }

  /**
   * A harmful file's verdict: the proposal (on the version read), its 'quarantine' event, and the
   * version marked with that event's number, once: a replayed verdict finds the mark and adds nothing.
   */
  async saveQuarantined(change: Change, expectedVersion: number, version: DocumentVersion): Promise<void> {
    await this.transact(change, expectedVersion, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.document(version.proposalId, version.code, version.sha256),
          UpdateExpression: 'SET quarantinedBySeq = :seq',
          ConditionExpression: 'attribute_not_exists(quarantinedBySeq)',
          ExpressionAttributeValues: { ':seq': change.event.seq },
        },
      },
    ]);
  }

  private async transact(change: Change, expectedVersion: number, extra: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: proposalItem(change.proposal), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } },
            { Put: { TableName: this.tableName, Item: eventItem(change.event), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...extra,
          ],
        }),
      );
    } catch (error) {
      // Whatever condition failed (the proposal moved, a twin registration spent the grant or made
      // the version), reading again and deciding again gives the right answer.
      if (!cancellationReasons(error)) throw error;
      throw new DocumentRaceLost('the proposal moved');
    }
  }

  /** Records an opening: under the proposal, and under the employee whose file it is. */
  async putOpening(opening: DocumentOpening): Promise<void> {
    const sk = `${opening.at}#${opening.id}`;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.openings(opening.proposalId),
          sk,
          entity: 'DOCUMENT_OPENING',
          ...opening,
          ...(opening.nip !== undefined ? { gsi1pk: keys.openedFilesOf(opening.nip), gsi1sk: sk } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** A proposal's openings, newest first. */
  listOpenings(proposalId: string, page: { limit: number; cursor?: string }): Promise<Page<DocumentOpening>> {
    return this.openingsPage(undefined, ['pk', 'sk'], keys.openings(proposalId), page);
  }

  /** The openings of one employee's files across their proposals, newest first. */
  listOpeningsOfEmployee(nip: string, page: { limit: number; cursor?: string }): Promise<Page<DocumentOpening>> {
    return this.openingsPage(INDEX.byEmployee, ['gsi1pk', 'gsi1sk'], keys.openedFilesOf(nip), page);
  }

  /** One page of openings under a partition of the table or of an index, newest first. */
  private async openingsPage(indexName: string | undefined, keyNames: [string, string], partition: string, page: { limit: number; cursor?: string }): Promise<Page<DocumentOpening>> {
    const { items, nextCursor } = await queryPage(this.doc, this.tableName, { ...(indexName ? { indexName } : {}), keyNames, partition, newestFirst: true }, page);
    return { items: items.map((item) => stripStorage<DocumentOpening>(item)), nextCursor };
  }
}

function withCondition<T extends { ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }>(
  expression: T,
  condition: string,
  names: Record<string, string> = {},
  values: Record<string, unknown> = {},
): T & { ConditionExpression: string } {
  return {
    ...expression,
    ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#version': 'version', '#scan': 'scan', ...names },
    ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ...values },
    ConditionExpression: condition,
  };
}
