import { Logger } from '@aws-lambda-powertools/logger';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { documentBucketFromEnv, documentStoreFor } from '../../shared/adapters/documents/s3-client';
import { DocumentService } from '../../shared/app/documents';
import { createScanResultHandler } from './app';

const config = dynamoConfigFromEnv();
const bucket = documentBucketFromEnv();
const doc = createDocumentClient({ ...config, budget: 'background' });
const logger = new Logger({ serviceName: 'pantau-scan-result' });
const clock = systemClock();

export const handler = createScanResultHandler({
  documents: new DocumentService({ documents: new DocumentRepository(doc, config.tableName), store: documentStoreFor({ ...bucket, budget: 'background' }), directory: new DirectoryRepository(doc, config.tableName), clock, logger }),
  bucket: bucket.bucket,
  clock,
  logger,
});
