import { testDocumentStore } from '../support/documents';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { answerSchemasBuilt } from '../../shared/http/responses';
import { call } from '../support/api';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity } from '../support/staff';

/**
 * The answer schemas describe the API; they must not slow it. The Lambda, as its entry builds it,
 * starts and answers without them, and builds them (once) when its OpenAPI document is asked for.
 * Its own file: any other module of the suite that touched the document would build them first.
 */
describe('the answer schemas on the API Lambda', () => {
  it('are not built at start-up nor for an ordinary request, only for GET /openapi.json', async () => {
    // Nothing is sent to this endpoint: the routes used here read no table.
    const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc: createDocumentClient({ endpoint: 'http://127.0.0.1:9' }), tableName: 'unused', clock: systemClock() });
    expect(answerSchemasBuilt()).toBe(false);
    expect((await call(handler, { path: '/health' })).status).toBe(200);
    expect(answerSchemasBuilt()).toBe(false);
    const served = await call(handler, { path: '/openapi.json' });
    expect(served.body.components.schemas).toHaveProperty('ProposalView');
    expect(answerSchemasBuilt()).toBe(true);
  });
});
