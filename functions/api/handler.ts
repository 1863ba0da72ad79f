import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { requiredEnv } from '../../shared/adapters/env';
import { keyRingSourceFromEnv } from '../../shared/adapters/tracking/key-ring-from-env';
import { TrackingLinks } from '../../shared/app/tracking-links';
import { documentBucketFromEnv, documentStoreFor } from '../../shared/adapters/documents/s3-client';
import { identityProviderFromEnv } from '../../shared/adapters/identity/cognito-identity-provider';
import { createApiHandler } from './app';

// Built once per container, reused by every invocation.
const config = dynamoConfigFromEnv();
const trackingLinks = new TrackingLinks(keyRingSourceFromEnv('request'), requiredEnv('PUBLIC_BASE_URL'));

export const handler = createApiHandler({ doc: createDocumentClient(config), tableName: config.tableName, clock: systemClock(), trackingLinks, documentStore: documentStoreFor(documentBucketFromEnv()), identity: identityProviderFromEnv() });
