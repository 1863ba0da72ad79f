import type { Actor } from '../domain/actors';
import { findServiceType } from '../domain/catalog';
import { notFound } from '../domain/errors';
import { canReadEmployee, canReadProposal, isOwn, isStaff } from '../domain/policy';
import { receiptOf, type Receipt } from '../domain/proposal/receipt';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import type { ProposalRepository } from '../adapters/dynamo/proposal-repository';
import type { TrackingLinks } from './tracking-links';

export interface ReceiptDeps {
  proposals: ProposalRepository;
  directory: DirectoryRepository;
  trackingLinks: TrackingLinks;
}

/**
 * A proposal's receipt (bukti pengajuan), for whoever may read the proposal: the same readers, and
 * the same 404 for anyone else, as GET /proposals/{id}. One eventually consistent Get of the
 * proposal (no history: the receipt shows none), the agency from the directory's cache, and, for an employee on record and
 * a reader who may read records, one Get of the record, whose name is shown only to a reader who
 * may read that one. The link is signed in process.
 */
export class ReceiptService {
  constructor(private readonly deps: ReceiptDeps) {}

  async receipt(actor: Actor, id: string): Promise<Receipt> {
    const { proposals, directory, trackingLinks } = this.deps;
    // Eventually consistent, as GET /proposals/{id}: nothing is written on what it reads.
    const proposal = await proposals.get(id, 'eventual');
    if (!proposal || !canReadProposal(actor, proposal)) throw notFound('proposal');
    const type = findServiceType(proposal.serviceType);
    if (!type) throw new Error(`proposal ${proposal.id} has unknown service type ${proposal.serviceType}`);
    const agency = await directory.getOrganisation(proposal.agencyId);
    if (!agency) throw new Error(`proposal ${proposal.id} names agency ${proposal.agencyId}, which is not in the directory`);
    // Only a reader who could read some record (its owner, staff) costs the record's Get.
    const mightReadRecord = proposal.nip !== undefined && (isOwn(actor, proposal.nip) || isStaff(actor));
    const [employee, trackingLink] = await Promise.all([mightReadRecord ? directory.getEmployee(proposal.nip!) : undefined, trackingLinks.linkFor(proposal.id)]);
    // The record's own policy: what GET /employees/{nip} would show this reader (its agency's Kanreg from the agency of the record).
    const recordAgency = employee && employee.agencyId !== agency.id ? await directory.getOrganisation(employee.agencyId) : agency;
    const mayReadRecord = employee !== undefined && canReadEmployee(actor, employee, recordAgency?.kanregId);
    return receiptOf({ proposal, type, agency, trackingLink, ...(mayReadRecord ? { employeeName: employee.name } : {}) });
  }
}
