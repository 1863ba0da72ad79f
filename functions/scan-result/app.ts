import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/adapters/clock';
import type { DocumentService } from '../../shared/app/documents';
import { parseDocumentKey } from '../../shared/domain/documents/rules';
import { scanResultEventSchema, verdictOf } from '../../shared/domain/documents/scan';

export interface ScanResultDeps {
  documents: Pick<DocumentService, 'applyVerdict'>;
  /** The stage's documents bucket: a verdict on any other bucket is not ours. */
  bucket: string;
  clock: Clock;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * The malware verdict's function: EventBridge hands it GuardDuty's scan result for an object of
 * the documents bucket, and it records the verdict on the document (and, for a harmful file, the
 * quarantine in the proposal's chain). An event it cannot read is dropped with a log line (a retry
 * would read it no better); a failure to record throws, so EventBridge retries it.
 */
export function createScanResultHandler({ documents, bucket, clock, logger }: ScanResultDeps) {
  return async (event: unknown): Promise<void> => {
    const parsed = scanResultEventSchema.safeParse(event);
    if (!parsed.success) {
      logger?.warn('not a GuardDuty S3 scan result; dropped', { issues: parsed.error.issues.slice(0, 5) });
      return;
    }
    const { bucketName, objectKey } = parsed.data.detail.s3ObjectDetails;
    const key = parseDocumentKey(objectKey);
    if (bucketName !== bucket || !key) {
      logger?.warn('a scan result for an object that is not a Pantau document; dropped', { bucketName, objectKey });
      return;
    }
    const verdict = verdictOf(parsed.data, clock.now().toISOString());
    await documents.applyVerdict(key.proposalId, key.code, key.sha256, verdict);
    logger?.info('scan verdict recorded', { proposalId: key.proposalId, code: key.code, status: verdict.status });
  };
}
