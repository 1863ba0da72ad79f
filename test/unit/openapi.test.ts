import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { documentedRoutes } from '../../functions/api/routes';
import { employees, organisations } from '../../infra/local/seed-data';
import { ROLES } from '../../shared/domain/actors';
import { CATALOG } from '../../shared/domain/catalog';
import { GOLONGAN } from '../../shared/domain/catalog/kenaikan-pangkat';
import { DOCUMENT_REJECTION_REASONS, REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import { ACTIONS, STATUSES } from '../../shared/domain/proposal/types';
import { cuti } from '../../shared/domain/catalog/cuti';
import { serviceTypeSummary, serviceTypeView } from '../../shared/domain/catalog/views';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import { proposalStatus, proposalSummary, proposalView, trackingView } from '../../shared/domain/proposal/views';
import { openApiDocument } from '../../shared/http/openapi';
import { answerSchemas } from '../../shared/http/responses';
import { contractDocument, schemaErrors } from '../support/contract';
import { ACTORS, EMPLOYEES, context } from '../support/fixtures';

const routes = documentedRoutes();
const document = contractDocument();
type Operation = { operationId: string; parameters: { name: string; in: string; schema: Record<string, unknown> }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
const operation = (path: string, method: string) => (document.paths as Record<string, Record<string, Operation>>)[path]![method]!;
const problemCodes = (op: Operation, status: number) =>
  ((op.responses[status]?.content?.['application/problem+json']?.schema as { allOf: [unknown, { properties: { code: { enum: string[] } } }] }) ?? undefined)?.allOf[1].properties.code.enum;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, by a validator of the specification’s own schemas', async () => {
    const result = await new Validator().validate(structuredClone(document) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('has every route once, each answering with a named schema, public ones without a token', () => {
    const listed = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    // A page beside a JSON route on one method and path is one operation with both media types.
    expect(listed.sort()).toEqual([...new Set(routes.map((r) => `${r.method} ${r.path}`))].sort());
    for (const route of routes) {
      expect(Object.keys(answerSchemas().RESPONSES)).toContain(route.response);
      const success = operation(route.path, route.method.toLowerCase()).responses[String(route.success ?? 200)]!;
      expect(success.content![route.produces ?? 'application/json']!.schema).toEqual({ $ref: `#/components/schemas/${route.response}` });
    }
    expect(operation('/track/{id}', 'get')).toMatchObject({ security: [] });
    expect(operation('/me', 'get')).not.toHaveProperty('security');
  });

  it('gives path parameters the schemas the handlers parse with', () => {
    const param = (path: string, name: string) => operation(path, 'get').parameters.find((p) => p.name === name)!.schema;
    expect(param('/employees/{nip}', 'nip')).toMatchObject({ type: 'string', pattern: '^\\d{18}$' });
    expect(param('/proposals/{id}', 'id')).toMatchObject({ pattern: expect.stringMatching(/^\^USL-/) });
    expect(param('/calendar/{year}', 'year')).toMatchObject({ type: 'string', pattern: '^(?:20\\d{2}|2100)$' });
    expect(param('/service-types/{code}', 'code')).toMatchObject({ pattern: '^[A-Z][A-Z_]{1,63}$' });
    expect(operation('/proposals', 'get').parameters.map((p) => `${p.in} ${p.name}`)).toEqual(['query nip', 'query candidatesOf', 'query limit', 'query cursor', 'header If-None-Match']);
  });

  it('refuses to describe a route whose path parameters have no schema', () => {
    const [health] = routes;
    expect(() => openApiDocument([{ ...health!, path: '/health/{what}' }])).toThrow(/path parameters and params disagree \(what\)/);
  });

  it('lists per status the problems each operation can answer, with their codes, beside API Gateway’s own answers', () => {
    const transitions = operation('/proposals/{id}/transitions', 'post');
    expect(Object.keys(transitions.responses)).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '428', '429', '500', '503']);
    expect(problemCodes(transitions, 409)).toEqual(['VERSION_CONFLICT', 'TRANSITION_NOT_ALLOWED', 'DOCUMENTS_REJECTED']);
    expect(problemCodes(transitions, 422)).toEqual(['VALIDATION_FAILED', 'REQUIREMENT_MISSING', 'DOCUMENTS_MISSING', 'EMPLOYEE_NOT_ELIGIBLE']);
    expect(Object.keys(transitions.responses['401']!.content!)).toEqual(['application/problem+json', 'application/json']);
    expect(problemCodes(operation('/track/{id}', 'get'), 429)).toEqual(['TOO_MANY_REQUESTS']);
    // Public, no body: no 401, no 415; a stray query parameter is still a 422.
    // Every GET may answer 304 to the ETag the client holds.
    expect(Object.keys(operation('/health', 'get').responses)).toEqual(['200', '304', '422', '429', '500', '503']);
    expect(problemCodes(transitions, 503)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(transitions.responses['503']).toMatchObject({ headers: { 'Retry-After': { schema: { type: 'string' } } } });
    expect(operation('/health', 'get').responses['429']!.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/GatewayMessage' } } });
  });

  it('is what GET /openapi.json serves, built once', async () => {
    const served = routes.find((r) => r.path === '/openapi.json')!;
    const request = {} as Parameters<typeof served.handle>[0];
    const first = await served.handle(request);
    expect(first.body).toEqual(openApiDocument(routes));
    expect((await served.handle(request)).body).toBe(first.body);
  });

  it('is written to a file by npm run openapi', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pantau-openapi-')), 'openapi.json');
    await promisify(execFile)('npx', ['tsx', 'scripts/openapi.ts', file]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
  }, 30_000); // a tsx process of its own: seconds on a loaded machine
});

describe('the answer schemas hold what the domain builds', () => {
  it('a leave filed, submitted and returned, as its reader, the public and a list see it', () => {
    const created = createProposal({ id: 'USL-0000-0000-0001', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/1' }] }, context(ACTORS.sari, cuti));
    const submitted = applyTransition(created.proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti));
    const returned = applyTransition(submitted.proposal, { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_LENGKAP', text: 'Formulir belum ditandatangani' }, missingItems: ['Formulir bertanda tangan'] }, context(ACTORS.verSleman, cuti));
    const history = [created.event, submitted.event, returned.event];
    const now = '2026-11-03T02:00:00.000Z';
    expect(schemaErrors('ProposalView', proposalView(returned.proposal, history, ACTORS.sari, cuti, now))).toBeUndefined();
    const filed = { ...proposalView(created.proposal, [created.event], ACTORS.sari, cuti, now), pin: '123456', trackingLink: 'https://pantau.example.go.id/t/USL-0000-0000-0001/aAbCdEfGhIjKl' };
    expect(schemaErrors('ProposalCreated', filed)).toBeUndefined();
    expect(schemaErrors('ProposalCreated', { ...filed, trackingLink: 'https://pantau.example.go.id/track/USL-0000-0000-0001' })).toMatch(/trackingLink/);
    expect(schemaErrors('Tracking', trackingView(returned.proposal, history, cuti))).toBeUndefined();
    expect(schemaErrors('ProposalPage', { items: [proposalSummary(returned.proposal, cuti, now)], nextCursor: null })).toBeUndefined();
    for (const [proposal, actor] of [[created.proposal, ACTORS.sari], [submitted.proposal, ACTORS.verSleman], [returned.proposal, ACTORS.sari]] as const) {
      const status = proposalStatus(proposal, actor, cuti, now);
      expect(schemaErrors('ProposalStatus', status)).toBeUndefined();
      // Each field as the full view says it.
      const view = proposalView(proposal, history, actor, cuti, now) as Record<string, unknown>;
      for (const [field, value] of Object.entries(status)) expect(value, field).toEqual(view[field]);
    }
    expect(proposalStatus(returned.proposal, ACTORS.sari, cuti, now)).toMatchObject({ status: 'RETURNED', lastReason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['Formulir bertanda tangan'], version: 3 });
  });

  it('the lean status carries no payload, documents or history: the schema refuses them', () => {
    const created = createProposal({ id: 'USL-0000-0000-0003', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti));
    const status = proposalStatus(created.proposal, ACTORS.sari, cuti, '2026-11-03T02:00:00.000Z');
    for (const absent of ['payload', 'documents', 'history', 'deliveries', 'nip', 'agencyId']) expect(status).not.toHaveProperty(absent);
    for (const extra of ['payload', 'documents', 'history', 'deliveries', 'nip']) expect(schemaErrors('ProposalStatus', { ...status, [extra]: [] }), extra).toMatch(/additional properties/);
  });

  it('refuses what is not announced: a field too many, a PIN hash in the public timeline', () => {
    const created = createProposal({ id: 'USL-0000-0000-0002', pinHash: 'scrypt$secret', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti));
    const tracked = trackingView(created.proposal, [created.event], cuti);
    expect(schemaErrors('Tracking', { ...tracked, pinHash: created.proposal.pinHash })).toMatch(/must NOT have additional properties/);
    expect(schemaErrors('Tracking', { ...tracked, timeline: [{ ...tracked.timeline[0], nip: EMPLOYEES.sari.nip }] })).toMatch(/additional properties/);
  });

  it('every service type of the catalog, whole and as a summary; the list is one or the other', () => {
    for (const type of CATALOG.values()) expect(schemaErrors('ServiceTypeView', serviceTypeView(type)), type.code).toBeUndefined();
    const whole = { items: [...CATALOG.values()].map((type) => serviceTypeView(type)) };
    const summaries = { items: [...CATALOG.values()].map(serviceTypeSummary) };
    expect(schemaErrors('ServiceTypes', whole)).toBeUndefined();
    expect(schemaErrors('ServiceTypes', summaries)).toBeUndefined();
    expect(schemaErrors('ServiceTypeSummaryList', summaries)).toBeUndefined();
    expect(schemaErrors('ServiceTypeSummaryList', whole)).toMatch(/additional properties/);
    // A list that mixes the two fits neither.
    expect(schemaErrors('ServiceTypes', { items: [whole.items[0], summaries.items[1]] })).toBeDefined();
    expect(summaries.items.filter((t) => t.hasSubmissionWindows).map((t) => t.code)).toEqual(['KENAIKAN_PANGKAT']);
  });

  it('documents the catalog\'s view: full by default, or summary', () => {
    const view = operation('/service-types', 'get').parameters.find((p) => p.name === 'view')!;
    expect(view).toMatchObject({ in: 'query', required: false, schema: { enum: ['full', 'summary'], default: 'full' } });
    expect(operation('/proposals/{id}/status', 'get').responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ProposalStatus' });
  });

  it('every seeded employee and organisation of the local stack', () => {
    for (const employee of employees) expect(schemaErrors('Employee', employee), employee.nip).toBeUndefined();
    for (const organisation of organisations) expect(schemaErrors('Organisation', organisation), organisation.id).toBeUndefined();
  });
});

describe('fixed codes', () => {
  type Schema = { enum?: string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };
  const components = document.components.schemas as Record<string, Schema>;
  const bodyOf = (path: string, method: string) => (operation(path, method) as unknown as { requestBody: { content: Record<string, { schema: Schema }> } }).requestBody.content['application/json']!.schema;
  const reasonCodes = [...new Set([...Object.keys(RETURN_REASONS), ...Object.keys(REJECTION_REASONS)])];

  it('are enums where a request names them: a transition’s reason, a document review’s reason, an action', () => {
    const transition = bodyOf('/proposals/{id}/transitions', 'post');
    expect(transition.properties!.reason!.properties!.code!.enum).toEqual(reasonCodes);
    expect(transition.properties!.action!.enum).toEqual([...ACTIONS]);
    expect(bodyOf('/proposals/{id}/documents/{code}/review', 'put').properties!.reason!.properties!.code!.enum).toEqual(Object.keys(DOCUMENT_REJECTION_REASONS));
  });

  it('are enums where an answer carries them: service types, golongan, reasons, statuses, roles', () => {
    const serviceTypes = [...CATALOG.keys()];
    expect(components.ServiceTypeView!.properties!.code!.enum).toEqual(serviceTypes);
    expect(components.ProposalSummary!.properties!.serviceType!.properties!.code!.enum).toEqual(serviceTypes);
    expect(components.SubmissionWindows!.properties!.serviceType!.enum).toEqual(serviceTypes);
    // A PPPK's golongan is a pay grade (I to XVII): the record's is no enum, the reference list's is.
    expect(components.Employee!.properties!.pangkat!.properties!.golongan!.enum).toBeUndefined();
    expect(components.Reference!.properties!.golongan!.items!.properties!.code!.enum).toEqual([...GOLONGAN]);
    const lastReason = components.ProposalView!.properties!.lastReason!;
    expect((lastReason.anyOf ?? [lastReason]).find((s) => s.properties)!.properties!.code!.enum).toEqual(reasonCodes);
    expect(components.HistoryEntry!.properties!.reason!.properties!.code!.enum).toEqual(reasonCodes);
    expect(components.ProposalSummary!.properties!.status!.enum).toEqual([...STATUSES]);
    expect(components.Me!.properties!.roles!.items!.enum).toEqual([...ROLES]);
  });

  it('the contract holds answers to them: an unknown service type or reason code fails it', () => {
    const created = createProposal({ id: 'USL-0000-0000-0004', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti));
    const status = proposalStatus(created.proposal, ACTORS.sari, cuti, '2026-11-03T02:00:00.000Z');
    expect(schemaErrors('ProposalStatus', { ...status, lastReason: { code: 'DOKUMEN_TIDAK_LENGKAP' } })).toBeUndefined();
    expect(schemaErrors('ProposalStatus', { ...status, lastReason: { code: 'ALASAN_LAIN' } })).toMatch(/lastReason\/code/);
    const summary = serviceTypeSummary(cuti);
    expect(schemaErrors('ServiceTypeSummaryList', { items: [{ ...summary, code: 'CUTI_PANJANG' }] })).toMatch(/code/);
  });
});

describe('operation ids', () => {
  it('are named by each route, unique, camelCase, and stable: a generated client keeps its method names', () => {
    const routes = documentedRoutes();
    for (const route of routes) expect(route.operationId, `${route.method} ${route.path}`).toMatch(/^[a-z][A-Za-z]+$/);
    const document = openApiDocument(routes);
    const ids = Object.entries(document.paths).flatMap(([path, operations]) => Object.entries(operations as Record<string, { operationId: string }>).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`));
    expect(new Set(ids.map((line) => line.split(' ')[2])).size).toBe(ids.length);
    // Renaming one breaks every client built on it: change this list only with the clients.
    expect(ids.sort()).toEqual([
      'GET /calendar/{year} getCalendar', 'GET /employees/{nip} getEmployee', 'GET /employees/{nip}/document-openings listEmployeeDocumentOpenings', 'GET /employees/{nip}/leave getEmployeeLeave',
      'GET /health getHealth', 'GET /inbox getInbox', 'GET /me getMe', 'GET /openapi.json getOpenApiDocument',
      'GET /organisations/{orgId}/staff listStaff', 'GET /organisations/{orgId}/staff-changes listStaffChanges', 'GET /organisations/{orgId}/staff/{username} getStaffMember',
      'GET /proposals listProposals', 'GET /proposals/{id} getProposal', 'GET /proposals/{id}/audit verifyProposalAudit', 'GET /proposals/{id}/document-openings listProposalDocumentOpenings',
      'GET /proposals/{id}/documents getProposalDocuments', 'GET /proposals/{id}/receipt getProposalReceipt', 'GET /proposals/{id}/status getProposalStatus',
      'GET /reference getReferenceLists', 'GET /service-types listServiceTypes', 'GET /service-types/{code} getServiceType', 'GET /service-types/{code}/windows/{year} getSubmissionWindows',
      'GET /t/{id}/{token} openTrackingLink', 'GET /track getTrackingForm', 'GET /track/{id} trackProposal',
      'PATCH /proposals/{id} updateProposal', 'POST /organisations/{orgId}/staff inviteStaff', 'POST /proposals createProposal',
      'POST /proposals/{id}/documents/{code}/uploads createDocumentUpload', 'POST /proposals/{id}/documents/{code}/versions registerDocumentVersion',
      'POST /proposals/{id}/documents/{code}/versions/{version}/openings openDocument', 'POST /proposals/{id}/transitions transitionProposal', 'POST /track submitTrackingForm',
      'PUT /calendar/{year} setCalendar', 'PUT /employees/{nip} updateEmployee', 'PUT /me updateMyStaffProfile', 'PUT /organisations/{orgId}/staff/{username}/roles setStaffRoles',
      'PUT /organisations/{orgId}/staff/{username}/status setStaffStatus', 'PUT /proposals/{id}/documents/{code}/review reviewDocument', 'PUT /service-types/{code}/windows/{year} setSubmissionWindows',
      // Eligibility lists (issue 16).
      'GET /organisations/{orgId}/eligibility/{serviceType} listEligibleEmployees',
    ].sort());
  });
});
