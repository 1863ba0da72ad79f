import { CATALOG } from '../../shared/domain/catalog';
import { REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import type { Names } from '../../shared/domain/catalog/types';
import { ROLE_LABELS, STATUS_LABELS, type Lang } from '../../shared/domain/messages';
import type { SmsPart } from '../../shared/domain/notifications/gsm7';
import { jobSmsParts, renderJobEvent, type JobRenderContext } from '../../shared/domain/notifications/job-templates';
import type { NoticeLinks } from '../../shared/domain/notifications/links';
import { renderStatusChange, statusChangeSmsParts } from '../../shared/domain/notifications/templates';
import { quarantineSmsParts, renderQuarantine } from '../../shared/domain/notifications/document-templates';
import {
  REMINDER_STEPS,
  type DocumentName,
  type DocumentQuarantinedEvent,
  type JobEvent,
  type QuarantineAudience,
  type QuarantineMessage,
  type NotificationEvent,
  type Recipient,
  type RenderedMessage,
  type StatusChangedEvent,
  type StatusChangeMessage,
} from '../../shared/domain/notifications/types';
import { ACTIONS, type Action, type Status } from '../../shared/domain/proposal/types';
import { linksFor, type LinkBases } from './notice-links';

/**
 * Every notice Pantau sends, each status change, each quarantined document and each kind and step
 * of job notice, in both languages, to each kind of recipient it goes to, with the longest real values: the catalog's
 * longest service, stage, reason, role and status names, an 18-character proposal number, long
 * names of people and organisations. Its links are chosen as the senders choose them.
 */
export interface Notice {
  name: string;
  event: NotificationEvent;
  recipient: Recipient;
  lang: Lang;
  links: NoticeLinks;
  /** The link its SMS must carry. */
  link: string;
  /** Its SMS's parts before fitting (shared/domain/notifications/gsm7.ts). */
  parts: SmsPart[];
  rendered: RenderedMessage;
}

export const PROPOSAL = 'USL-7K2M-9QXA-4TNB';
export const LANGS: readonly Lang[] = ['id', 'en'];

const longest = (names: readonly Names[]): Names => ({
  id: names.map((n) => n.id).reduce((a, b) => (b.length > a.length ? b : a)),
  en: names.map((n) => n.en).reduce((a, b) => (b.length > a.length ? b : a)),
});
const TYPES = [...CATALOG.values()];
const SERVICE = longest(TYPES.map((t) => t.names));
// Reminders run at any stage, completion included; a forward lands on a stage after the first
// (completion follows an approval, whose SMS names no stage).
const STAGE = longest(TYPES.flatMap((t) => [...t.stages.map((s) => s.names), t.completion.names]));
const FORWARDED_TO = longest(TYPES.flatMap((t) => t.stages.slice(1).map((s) => s.names)));
const STATUS = longest(Object.values(STATUS_LABELS));
const ROLE = longest(Object.values(ROLE_LABELS));
const longestEntry = (catalog: Readonly<Record<string, Names>>, lang: Lang): [string, Names] =>
  Object.entries(catalog).reduce((a, b) => (b[1][lang].length > a[1][lang].length ? b : a));
// Longer than any organisation of the demo data, as a regency's full name runs.
const ORG = 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Kepulauan Sangihe';
const NAME = 'Raden Roro Siti Nurhaliza Kusumawardhani';
// A return lists the documents rejected in review by their codes, which notices show by name: the
// catalog's longest document names, beside the longest free text a verifier types.
const DOCUMENT_REQUIREMENTS = TYPES.flatMap((t) => t.requiredDocuments);
const LONGEST_DOCUMENT = DOCUMENT_REQUIREMENTS.reduce((a, b) => (b.names.id.length > a.names.id.length ? b : a));
const DOCUMENTS: DocumentName[] = [{ code: LONGEST_DOCUMENT.code, names: longest(DOCUMENT_REQUIREMENTS.map((d) => d.names)) }];
const MISSING = [LONGEST_DOCUMENT.code, 'SKP tahun 2025 yang telah ditandatangani pejabat penilai kinerja', 'SK jabatan terakhir (pindaian berwarna)'];

const employee = { kind: 'employee', nip: '198703122010012003' } as const satisfies Recipient;
const staff = { kind: 'user', userId: 'operator-sleman' } as const satisfies Recipient;
/** The direct supervisor, named for a step by number: an employee who handles, not the applicant. */
const supervisor = { kind: 'employee', nip: '197512302000121001' } as const satisfies Recipient;
// GuardDuty's threat names, joined and cut at 200 characters (shared/domain/documents/scan.ts).
const FINDING = Array.from({ length: 8 }, (_, i) => `Trojan.GenericKD.${4_600_000 + i}`).join(', ').slice(0, 200);

const STATUS_OF: Record<Action, Status> = {
  submit: 'IN_PROGRESS', forward: 'IN_PROGRESS', return: 'RETURNED', resubmit: 'IN_PROGRESS', approve: 'APPROVED', reject: 'REJECTED', complete: 'COMPLETED', withdraw: 'WITHDRAWN',
};

function statusChanges(bases: LinkBases): Notice[] {
  return ACTIONS.flatMap((action) =>
    LANGS.flatMap((lang) =>
      ([['applicant', employee], ['filer', staff]] as const).map(([audience, recipient]): Notice => {
        const event: StatusChangedEvent = {
          kind: 'status-changed', eventId: `${PROPOSAL}#2`, proposalId: PROPOSAL, seq: 2, action, at: '2026-11-02T03:00:00.000Z', serviceType: 'X',
          toStatus: STATUS_OF[action], toStage: 'X', nip: employee.nip, agencyId: 'PEMKAB-SLEMAN', filedBy: { userId: staff.userId, role: 'OPERATOR' }, urgent: false,
        };
        const links = linksFor(event, recipient, bases);
        const [code, label] = longestEntry(action === 'reject' ? REJECTION_REASONS : RETURN_REASONS, lang);
        const message: StatusChangeMessage = {
          lang, audience, recipientName: NAME, proposalId: PROPOSAL, service: SERVICE, action, status: event.toStatus, statusLabel: STATUS,
          stage: action === 'forward' ? FORWARDED_TO : STAGE,
          ...(action === 'return' || action === 'reject' ? { reason: { code, label } } : {}),
          ...(action === 'return' ? { missingItems: MISSING, documents: DOCUMENTS } : {}),
          trackUrl: links.trackUrl ?? links.proposalUrl!,
          preferencesUrl: links.preferencesUrl,
        };
        return {
          name: `status ${action} ${lang} to the ${audience}`, event, recipient, lang, links, link: message.trackUrl,
          parts: statusChangeSmsParts(message), rendered: renderStatusChange(message),
        };
      }),
    ),
  );
}

/**
 * A quarantined document to each of its audiences, in both languages: the employee who filed it,
 * the agency's operators, the handling role's staff, and a handler named by number; and a file
 * replaced before its verdict came.
 */
function quarantines(bases: LinkBases): Notice[] {
  // Each once more for a file replaced before its verdict came (a longer SMS: nothing to upload).
  const to: readonly [string, QuarantineAudience, Recipient, number?][] = [
    ['applicant', 'applicant', employee], ['operator', 'operator', staff], ['handler', 'handler', staff], ['named handler', 'handler', supervisor],
    ['applicant, replaced since', 'applicant', employee, 13], ['handler, replaced since', 'handler', staff, 13],
  ];
  return to.flatMap(([who, audience, recipient, replacedBy]) =>
    LANGS.map((lang): Notice => {
      const event: DocumentQuarantinedEvent = {
        kind: 'document-quarantined', eventId: `${PROPOSAL}#4`, proposalId: PROPOSAL, seq: 4, at: '2026-11-02T03:00:00.000Z', serviceType: 'X',
        toStatus: audience === 'handler' ? 'IN_PROGRESS' : 'RETURNED', toStage: 'X', nip: employee.nip, agencyId: 'PEMKAB-SLEMAN',
        filedBy: audience === 'applicant' ? { userId: 'sari', role: 'PEGAWAI' } : { userId: staff.userId, role: 'OPERATOR' },
        document: { code: LONGEST_DOCUMENT.code, version: 12, finding: FINDING }, urgent: false,
      };
      const links = linksFor(event, recipient, bases);
      const message: QuarantineMessage = {
        lang, audience, recipientName: NAME, proposalId: PROPOSAL, service: SERVICE, document: { names: DOCUMENTS[0]!.names, version: 12, ...(replacedBy ? { replacedBy } : {}) },
        ...(audience !== 'applicant' ? { finding: FINDING } : {}), status: event.toStatus, statusLabel: STATUS,
        url: links.trackUrl ?? links.proposalUrl!, preferencesUrl: links.preferencesUrl,
      };
      return { name: `quarantine ${lang} to the ${who}`, event, recipient, lang, links, link: message.url, parts: quarantineSmsParts(message), rendered: renderQuarantine(message) };
    }),
  );
}

const base = { eventId: 'e', at: '2026-03-26T01:00:00.000Z', urgent: false };
const DUE = '2026-12-30T16:59:59.999Z';

/** Every kind of job event, each step, to each kind of recipient it has. */
export const JOB_EVENTS: readonly [string, JobEvent, Recipient][] = [
  ...REMINDER_STEPS.flatMap((step) =>
    [false, true].map((escalation): [string, JobEvent, Recipient] => [
      `sla ${step}${escalation ? ' escalated' : ''}`,
      { ...base, kind: 'sla-reminder', recipients: [staff], proposalId: PROPOSAL, serviceType: 'X', stage: 'X', orgId: 'X', step, ...(step === 'OVERDUE' ? { overdueWorkingDays: 10 } : {}), dueAt: DUE, escalation },
      staff,
    ]),
  ),
  ...REMINDER_STEPS.flatMap((step) =>
    ([['applicant', employee], ['operator', staff]] as const).map(([who, recipient]): [string, JobEvent, Recipient] => [
      `returned ${step} to the ${who}`,
      { ...base, kind: 'returned-reminder', recipients: [recipient], proposalId: PROPOSAL, serviceType: 'X', step, ...(step === 'OVERDUE' ? { overdueWorkingDays: 10 } : {}), dueAt: DUE, missingItems: MISSING },
      recipient,
    ]),
  ),
  [
    'digest',
    { ...base, kind: 'digest', recipients: [staff], orgId: 'X', role: 'APPROVER', day: '2026-12-30', waiting: 9999, overdue: 9999, oldest: { proposalId: PROPOSAL, serviceType: 'X', since: '2026-11-30T02:00:00.000Z', dueAt: DUE } },
    staff,
  ],
  ...[14, 3, 1, 0].map((daysLeft): [string, JobEvent, Recipient] => [
    `window ${daysLeft} days left`,
    { ...base, kind: 'window-reminder', recipients: [staff], serviceType: 'X', agencyId: 'X', period: '2026-10-01', opensOn: '2026-09-01', closesOn: '2026-09-30', daysLeft },
    staff,
  ]),
  ...([12, 6] as const).flatMap((monthsBefore) =>
    ([['employee', employee], ['operator', staff]] as const).map(([who, recipient]): [string, JobEvent, Recipient] => [
      `retirement ${monthsBefore} months to the ${who}`,
      { ...base, kind: 'retirement-reminder', recipients: [recipient], nip: '196904102000032001', employeeName: NAME, agencyId: 'X', bupDate: '2027-09-01', monthsBefore },
      recipient,
    ]),
  ),
];

function jobNotices(bases: LinkBases): Notice[] {
  return JOB_EVENTS.flatMap(([name, event, recipient]) =>
    LANGS.map((lang): Notice => {
      const links = linksFor(event, recipient, bases);
      const ctx: JobRenderContext = { lang, recipientName: NAME, service: SERVICE, stage: STAGE, orgName: ORG, role: ROLE, documents: DOCUMENTS, ...links };
      return {
        name: `${name} ${lang}`, event, recipient, lang, links, link: links.trackUrl ?? links.proposalUrl ?? links.inboxUrl!,
        parts: jobSmsParts(event, ctx), rendered: renderJobEvent(event, ctx),
      };
    }),
  );
}

export const everyNotice = (bases: LinkBases): Notice[] => [...statusChanges(bases), ...quarantines(bases), ...jobNotices(bases)];

/** How many quarantine notices everyNotice has: four recipients and two replaced files, two languages. */
export const QUARANTINE_NOTICES = 6 * LANGS.length;
