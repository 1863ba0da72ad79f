import { documentStoreFor } from '../../shared/adapters/documents/s3-client';
import type { S3DocumentStore } from '../../shared/adapters/documents/s3-document-store';

/** The bucket the tests' S3 emulator serves. */
export const TEST_BUCKET = 'pantau-test-documents';

/**
 * The documents store for a test's API: the S3 emulator the suite started (PANTAU_TEST_S3_ENDPOINT),
 * or, for a test that never touches documents, an endpoint where nothing listens (a document call
 * there fails as S3 being down does).
 */
export function testDocumentStore(endpoint: string = process.env.PANTAU_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:9'): S3DocumentStore {
  return documentStoreFor({ bucket: TEST_BUCKET, endpoint, budget: 'local' });
}
