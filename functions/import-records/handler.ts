import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { clientEndpointFromEnv } from '../../shared/adapters/aws/client-config';
import { systemClock } from '../../shared/adapters/clock';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { EmployeeRecordsRepository } from '../../shared/adapters/dynamo/employee-records-repository';
import { createRecordImporter } from '../../shared/app/records-import';
import { createImportBatchHandler } from './app';

const config = dynamoConfigFromEnv();
// Background budgets: a batch may wait on throttling longer than an API request, within its 2 minutes.
const doc = createDocumentClient({ ...config, budget: 'background' });
const s3 = createS3Client({ ...clientEndpointFromEnv('S3_ENDPOINT'), budget: 'background' });
const clock = systemClock();

export const handler = createImportBatchHandler({
  importer: createRecordImporter({
    records: new EmployeeRecordsRepository(doc, config.tableName),
    organisations: new DirectoryRepository(doc, config.tableName),
    now: () => clock.now().toISOString(),
  }),
  putObject: async (bucket, key, body) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/csv; charset=utf-8' }));
  },
  logger: new Logger({ serviceName: 'pantau-import-records' }),
});
