import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { acknowledgeIndexAccess } from '../nag';
import type { Auth } from './auth';
import type { StageConfig } from '../stage-config';
import { BundledFunction } from './bundled-function';
import type { Documents } from './documents';
import type { TrackingKeys } from './tracking-keys';

export interface ApiFunctionProps {
  config: StageConfig;
  table: ITableV2;
  trackingKeys: TrackingKeys;
  /** The documents bucket: the API presigns uploads and downloads and checks what was uploaded. */
  documents: Documents;
  /** The user pool: staff admins create, change, disable and enable accounts through the API. */
  auth: Auth;
}

/** The one Lambda behind the HTTP API: it routes inside (functions/api/handler.ts). */
export class ApiFunction extends BundledFunction {
  constructor(scope: Construct, id: string, { config, table, trackingKeys, documents, auth }: ApiFunctionProps) {
    super(scope, id, {
      config,
      name: 'api',
      memorySize: 1024,
      // Below API Gateway's 30 s integration limit, so the client gets our error, not a gateway timeout.
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_BASE_URL: config.publicBaseUrl,
        TRACKING_KEYS_SECRET: trackingKeys.secret.secretArn,
        DOCUMENTS_BUCKET: documents.bucket.bucketName,
        USER_POOL_ID: auth.userPool.userPoolId,
      },
    });
    table.grantReadWriteData(this.fn);
    acknowledgeIndexAccess(this.fn, table);
    trackingKeys.grantRead(this.fn);
    documents.grantApi(this.fn);
    auth.grantIdentityProvider(this.fn);
  }
}
