import type { Route, RouteRequest } from '../../shared/http/router';
import { DomainError, notFound } from '../../shared/domain/errors';
import { CATALOG, findServiceType } from '../../shared/domain/catalog';
import { serviceTypeView } from '../../shared/domain/catalog/views';
import { canReadEmployee } from '../../shared/domain/policy';
import { PROPOSAL_ID_PATTERN } from '../../shared/adapters/ids';
import type { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import type { ProposalService } from '../../shared/app/proposal-service';
import { header, parseBody, parseWith } from '../../shared/http/request';
import {
  createProposalBody,
  idempotencyKeySchema,
  inboxQuery,
  listProposalsQuery,
  nipSchema,
  noQuery,
  trackQuery,
  transitionBody,
  updateEmployeeBody,
  updateProposalBody,
} from '../../shared/http/schemas';
import type { Actor } from '../../shared/domain/actors';
import { updateContact } from '../../shared/domain/employee-profile';
import type { Clock } from '../../shared/adapters/clock';

export interface ApiDeps {
  proposals: ProposalService;
  directory: DirectoryRepository;
  clock: Clock;
}

function proposalId(request: RouteRequest): string {
  const id = request.params.id ?? '';
  if (!PROPOSAL_ID_PATTERN.test(id)) throw notFound('proposal');
  return id;
}

/** The version the client saw: `If-Match: "3"` or `expectedVersion` in the body; both must agree. */
function expectedVersion(request: RouteRequest, fromBody: number | undefined): number {
  const ifMatch = header(request.event, 'if-match');
  let fromHeader: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!match) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'If-Match', message: 'If-Match must be the proposal version, e.g. "3"' }]);
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'expectedVersion', message: 'If-Match and expectedVersion disagree' }]);
  }
  const version = fromHeader ?? fromBody;
  if (version === undefined) throw new DomainError('PRECONDITION_REQUIRED');
  return version;
}

const etag = (version: number) => ({ etag: `"${version}"` });

export function apiRoutes({ proposals, directory, clock }: ApiDeps): Route[] {
  /** An employee record the actor may see, or 404 whether it exists or not. */
  const readableEmployee = async (actor: Actor, nip: string) => {
    const employee = await directory.getEmployee(nip);
    const kanreg = employee ? (await directory.getOrganisation(employee.agencyId))?.kanregId : undefined;
    if (!employee || !canReadEmployee(actor, employee, kanreg)) throw notFound('employee');
    return employee;
  };

  return [
    {
      method: 'GET', path: '/health', access: 'public',
      handle: async () => ({ status: 200, body: { status: 'ok', service: 'pantau' } }),
    },
    {
      method: 'GET', path: '/me', access: 'signed-in',
      handle: async (request) => {
        const actor = await request.actor();
        const employee = actor.nip ? await directory.getEmployee(actor.nip) : undefined;
        return {
          status: 200,
          body: {
            username: actor.username,
            name: actor.name,
            roles: actor.roles,
            organisation: actor.org,
            ...(actor.nip ? { nip: actor.nip } : {}),
            ...(actor.onBehalfOf ? { onBehalfOf: actor.onBehalfOf } : {}),
            ...(employee ? { employee } : {}),
          },
        };
      },
    },
    {
      method: 'GET', path: '/service-types', access: 'signed-in',
      handle: async () => ({ status: 200, body: { items: [...CATALOG.values()].map((type) => serviceTypeView(type)) } }),
    },
    {
      method: 'GET', path: '/service-types/{code}', access: 'signed-in',
      handle: async (request) => {
        const type = findServiceType(request.params.code ?? '');
        if (!type) throw notFound('service type');
        return { status: 200, body: serviceTypeView(type) };
      },
    },
    {
      method: 'POST', path: '/proposals', access: 'signed-in',
      handle: async (request) => {
        parseWith(noQuery, request.query, 'query');
        const rawKey = header(request.event, 'idempotency-key');
        const key = rawKey === undefined ? undefined : parseWith(idempotencyKeySchema, rawKey, 'Idempotency-Key');
        const body = parseBody(request.event, createProposalBody);
        const result = await proposals.create(await request.actor(), body, key);
        const { id, version } = JSON.parse(result.body) as { id: string; version: number };
        return {
          status: result.statusCode,
          body: result.body,
          headers: { location: `/proposals/${id}`, ...etag(version), ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) },
        };
      },
    },
    {
      method: 'GET', path: '/proposals', access: 'signed-in',
      handle: async (request) => {
        const query = parseWith(listProposalsQuery, request.query, 'query');
        return { status: 200, body: await proposals.listForEmployee(await request.actor(), query.nip, query) };
      },
    },
    {
      method: 'GET', path: '/proposals/{id}', access: 'signed-in',
      handle: async (request) => {
        const view = await proposals.get(await request.actor(), proposalId(request));
        return { status: 200, body: view, headers: etag(view.version) };
      },
    },
    {
      method: 'PATCH', path: '/proposals/{id}', access: 'signed-in',
      handle: async (request) => {
        const id = proposalId(request);
        const body = parseBody(request.event, updateProposalBody);
        const view = await proposals.update(await request.actor(), id, { ...body, expectedVersion: expectedVersion(request, body.expectedVersion) });
        return { status: 200, body: view, headers: etag(view.version) };
      },
    },
    {
      method: 'POST', path: '/proposals/{id}/transitions', access: 'signed-in',
      handle: async (request) => {
        const id = proposalId(request);
        const body = parseBody(request.event, transitionBody);
        const view = await proposals.transition(await request.actor(), id, { ...body, expectedVersion: expectedVersion(request, body.expectedVersion) });
        return { status: 200, body: view, headers: etag(view.version) };
      },
    },
    {
      method: 'GET', path: '/inbox', access: 'signed-in',
      handle: async (request) => {
        const query = parseWith(inboxQuery, request.query, 'query');
        return { status: 200, body: await proposals.inbox(await request.actor(), query.role, query) };
      },
    },
    {
      method: 'GET', path: '/employees/{nip}', access: 'signed-in',
      handle: async (request) => {
        const nip = parseWith(nipSchema, request.params.nip, 'nip');
        const employee = await readableEmployee(await request.actor(), nip);
        return { status: 200, body: employee, headers: etag(employee.version) };
      },
    },
    {
      method: 'PUT', path: '/employees/{nip}', access: 'signed-in',
      handle: async (request) => {
        const nip = parseWith(nipSchema, request.params.nip, 'nip');
        const body = parseBody(request.event, updateEmployeeBody);
        const version = expectedVersion(request, body.expectedVersion);
        const actor = await request.actor();
        const employee = await readableEmployee(actor, nip);
        const updated = updateContact(employee, { ...body, expectedVersion: version }, actor, clock.now().toISOString());
        await directory.saveEmployee(updated, version);
        return { status: 200, body: updated, headers: etag(updated.version) };
      },
    },
    {
      method: 'GET', path: '/track/{id}', access: 'public',
      handle: async (request) => {
        const { pin } = parseWith(trackQuery, request.query, 'query');
        return { status: 200, body: await proposals.track(proposalId(request), pin) };
      },
    },
  ];
}
