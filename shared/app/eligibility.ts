import type { Actor } from '../domain/actors';
import { findServiceType } from '../domain/catalog';
import { eligibilityQuery, eligibilityRow, hasEligibilityList, keepsRow, type EligibilityFilter, type EligibilityRow } from '../domain/eligibility';
import { notFound } from '../domain/errors';
import { canReadAgencyRecords, canReadEmployee } from '../domain/policy';
import type { Clock } from '../adapters/clock';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import type { WindowsRepository } from '../adapters/dynamo/windows-repository';
import { filingContexts } from './filing-context';
import type { SlaCalendar } from './proposal-service';

export interface EligibilityDeps {
  directory: DirectoryRepository;
  calendar: Pick<SlaCalendar, 'calendars'>;
  windows: WindowsRepository;
  clock: Clock;
}

export interface EligibilityPageRequest {
  only: EligibilityFilter;
  limit: number;
  cursor?: string | undefined;
  /** The list's own parameters (a promotion's period), checked by its service's schema. */
  list: Record<string, unknown>;
}

/**
 * An agency's eligibility lists (daftar nominatif): a page of its employee records, one Query of
 * its partition of the byEmployee index, each judged by the service's own filing rules in the
 * context submit builds (shared/app/filing-context.ts). A page holds the rows of the records it
 * read that the list concerns and `only` keeps, so it may come back short, or empty with a cursor.
 */
export class EligibilityService {
  constructor(private readonly deps: EligibilityDeps) {}

  async list(actor: Actor, orgId: string, serviceType: string, request: EligibilityPageRequest) {
    const type = findServiceType(serviceType);
    if (!hasEligibilityList(type)) throw notFound('eligibility list');
    // An agency outside the actor's reach answers as one that does not exist.
    const agency = await this.deps.directory.getOrganisation(orgId);
    if (!agency || agency.kind !== 'INSTANSI' || !canReadAgencyRecords(actor, agency)) throw notFound('organisation');
    const query = eligibilityQuery(type, request.list);
    const now = this.deps.clock.now();
    const contextOf = filingContexts(this.deps.windows, type, now, await this.deps.calendar.calendars(now));
    const page = await this.deps.directory.employeesOfAgency(agency.id, { limit: request.limit, cursor: request.cursor });
    const items: EligibilityRow[] = [];
    for (const employee of page.items) {
      // Each record checked again against who asks: an index is not a policy (a record moving
      // to another agency may linger a moment in this partition).
      if (employee.agencyId !== agency.id || !canReadEmployee(actor, employee, agency.kanregId)) continue;
      const row = eligibilityRow(type, employee, query, await contextOf(employee));
      if (row && keepsRow(row, request.only)) items.push(row);
    }
    return { serviceType: type.code, agencyId: agency.id, list: type.eligibility.names, query: query as Record<string, unknown>, only: request.only, items, nextCursor: page.nextCursor };
  }
}
