import type { TimeZone } from '../actors';
import type { Lang } from '../messages';
import { formatDate, formatDeadline, formatInstantDate, formatShortDate, formatShortDeadline } from './date-format';
import { escapeHtml } from './escape-html';
import { fitSms, type SmsPart } from './gsm7';
import { FIX_AND_RESUBMIT, STYLE, WORDS, htmlDocument, htmlRow, linkHtml, missingItemLabels, oneLine, sentence, smsClause } from './templates';
import type {
  DigestEvent,
  JobEvent,
  JobMessageContext,
  RenderedMessage,
  ReminderStep,
  RetirementReminderEvent,
  ReturnedReminderEvent,
  SlaReminderEvent,
  WindowReminderEvent,
} from './types';

/**
 * JobMessageContext, and the zone the recipient reads times in. The contract has no zone yet;
 * until it does, dates are shown in WIB, where most civil servants are.
 */
export type JobRenderContext = JobMessageContext & { timeZone?: TimeZone };
export const DEFAULT_READER_ZONE: TimeZone = 'Asia/Jakarta';

/** What a job notice says, worked out once for the text, HTML and SMS parts alike. */
interface Notice {
  subject: string;
  /** What is the matter: the first thing after the greeting. */
  lead: string;
  paragraphs: string[];
  list?: { title: string; items: string[] };
  /** What the recipient does now. */
  next: string;
  facts: (readonly [string, string])[];
  link?: { label: string; url: string };
  sms: SmsPart[];
}

/** The context a notice is written in: one language, one zone, the names resolved. */
interface Env {
  lang: Lang;
  zone: TimeZone;
  ctx: JobRenderContext;
  /** A deadline instant, in words and for an SMS. */
  deadline: (instantIso: string) => string;
  shortDeadline: (instantIso: string) => string;
  /** A calendar date, in words (with or without the weekday) and for an SMS. */
  date: (date: string, weekday?: boolean) => string;
  shortDate: (date: string) => string;
  /** The service's name, or its code when the catalog did not resolve it. */
  service: (code: string) => string;
}

const many = (n: number, one: string, more: string): string => `${n} ${n === 1 ? one : more}`;

/** Labels shared by the job notices. */
const LABELS = {
  id: {
    stage: 'Tahap',
    queue: 'Antrean',
    deadline: 'Batas waktu',
    openInbox: 'Buka kotak masuk Anda',
    viewProposal: 'Lihat usulan',
    openPantau: 'Buka Pantau',
    smsOpen: 'Buka:',
    smsProposal: 'Pantau: Usulan',
    workingDays: (n: number) => `${n} hari kerja`,
  },
  en: {
    stage: 'Stage',
    queue: 'Queue',
    deadline: 'Deadline',
    openInbox: 'Open your inbox',
    viewProposal: 'View the proposal',
    openPantau: 'Open Pantau',
    smsOpen: 'Open:',
    smsProposal: 'Pantau: Proposal',
    workingDays: (n: number) => many(n, 'working day', 'working days'),
  },
} as const satisfies Record<Lang, unknown>;

/**
 * The link of a notice about one proposal, as the sender chose it for this reader: the applicant's
 * signed tracking link, the proposal in the front end for staff, or else their queue.
 */
function proposalLink(env: Env): { url: string; label: string; sms: string } | undefined {
  const w = LABELS[env.lang];
  if (env.ctx.trackUrl) return { url: env.ctx.trackUrl, label: WORDS[env.lang].track, sms: WORDS[env.lang].smsTrack };
  if (env.ctx.proposalUrl) return { url: env.ctx.proposalUrl, label: w.viewProposal, sms: w.smsOpen };
  if (env.ctx.inboxUrl) return { url: env.ctx.inboxUrl, label: w.openInbox, sms: w.smsOpen };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Stage SLA reminders: to the handling role, or, escalated, to the organisation's admin.

interface SlaCopy {
  /** The clock's state in a few words, for the subject. */
  state: Record<ReminderStep, (days: number | undefined) => string>;
  /** The same in fewer, for the SMS: the deadline must fit beside the link to the proposal. */
  smsState: Record<ReminderStep, (days: number | undefined) => string>;
  lead: Record<ReminderStep, (proposal: string, stage: string, days: number | undefined) => string>;
  nextBefore: (deadline: string) => string;
  nextBreach: string;
  nextOverdue: string;
  smsStage: string;
  smsDeadline: string;
  escalation: {
    subject: (proposal: string, state: string) => string;
    /** The clock's state in a few words, for the subject and the SMS. */
    state: Record<ReminderStep, (days: number | undefined) => string>;
    /** What is wrong, after "proposal (service), in the queue X, org,". */
    leadState: Record<ReminderStep, (days: number | undefined) => string>;
    lead: (proposal: string, service: string, queue: string, state: string) => string;
    why: string;
    next: string;
    lateness: string;
    smsHead: string;
    smsQueue: string;
  };
}

const SLA: Readonly<Record<Lang, SlaCopy>> = {
  id: {
    state: {
      HALF: () => 'separuh waktu layanan telah berlalu',
      THREE_QUARTERS: () => 'tiga perempat waktu layanan telah berlalu',
      BREACH: () => 'batas waktu layanan terlampaui',
      OVERDUE: (days) => (days ? `terlambat ${days} hari kerja` : 'terlambat'),
    },
    smsState: {
      HALF: () => 'separuh waktu layanan berlalu',
      THREE_QUARTERS: () => 'tiga perempat waktu layanan berlalu',
      BREACH: () => 'batas waktu layanan terlampaui',
      OVERDUE: (days) => (days ? `terlambat ${days} hari kerja` : 'terlambat'),
    },
    lead: {
      HALF: (p, stage) => `Separuh waktu layanan untuk usulan ${p} di tahap ${stage} telah berlalu.`,
      THREE_QUARTERS: (p, stage) => `Tiga perempat waktu layanan untuk usulan ${p} di tahap ${stage} telah berlalu.`,
      BREACH: (p, stage) => `Batas waktu layanan untuk usulan ${p} di tahap ${stage} telah terlampaui.`,
      OVERDUE: (p, stage, days) => `Usulan ${p} di tahap ${stage} telah terlambat ${days ? `${days} hari kerja ` : ''}dari batas waktu layanan.`,
    },
    nextBefore: (deadline) => `Mohon selesaikan penanganan usulan ini paling lambat ${deadline}.`,
    nextBreach: 'Mohon segera proses usulan ini. Jika hingga hari kerja berikutnya belum diproses, admin organisasi Anda akan diberi tahu.',
    nextOverdue: 'Mohon segera proses usulan ini.',
    smsStage: 'Tahap: ',
    smsDeadline: 'Batas: ',
    escalation: {
      subject: (p, state) => `[Pantau] Eskalasi: usulan ${p} ${state}`,
      state: {
        HALF: () => 'telah melewati separuh waktu layanan',
        THREE_QUARTERS: () => 'telah melewati tiga perempat waktu layanan',
        BREACH: () => 'melewati batas waktu layanan',
        OVERDUE: (days) => (days ? `terlambat ${days} hari kerja` : 'terlambat'),
      },
      leadState: {
        HALF: () => 'telah melewati separuh waktu layanannya',
        THREE_QUARTERS: () => 'telah melewati tiga perempat waktu layanannya',
        BREACH: () => 'belum diproses hingga batas waktu layanannya terlampaui',
        OVERDUE: (days) => `belum diproses dan telah terlambat ${days ? `${days} hari kerja ` : ''}dari batas waktu layanannya`,
      },
      lead: (p, service, queue, state) => `Usulan ${p} (${service}), di antrean ${queue}, ${state}.`,
      why:
        'Petugas yang menangani tahap ini telah diingatkan, tetapi usulan belum ditindaklanjuti. ' +
        'Pesan ini dikirim kepada Anda sebagai admin organisasi tersebut.',
      next: 'Mohon pastikan usulan ini segera ditangani, misalnya dengan menugaskan petugas lain pada tahap tersebut.',
      lateness: 'Keterlambatan',
      smsHead: 'Pantau: ESKALASI usulan',
      smsQueue: 'Antrean: ',
    },
  },
  en: {
    state: {
      HALF: () => 'half of the service time has passed',
      THREE_QUARTERS: () => 'three quarters of the service time have passed',
      BREACH: () => 'service deadline passed',
      OVERDUE: (days) => (days ? `${many(days, 'working day', 'working days')} overdue` : 'overdue'),
    },
    smsState: {
      HALF: () => '50% of the service time used',
      THREE_QUARTERS: () => '75% of the service time used',
      BREACH: () => 'service deadline passed',
      OVERDUE: (days) => (days ? `${many(days, 'working day', 'working days')} overdue` : 'overdue'),
    },
    lead: {
      HALF: (p, stage) => `Half of the service time for proposal ${p} (stage: ${stage}) has passed.`,
      THREE_QUARTERS: (p, stage) => `Three quarters of the service time for proposal ${p} (stage: ${stage}) have passed.`,
      BREACH: (p, stage) => `The service deadline for proposal ${p} (stage: ${stage}) has passed.`,
      OVERDUE: (p, stage, days) => `Proposal ${p} (stage: ${stage}) is ${days ? `${many(days, 'working day', 'working days')} ` : ''}past its service deadline.`,
    },
    nextBefore: (deadline) => `Please complete your work on it by ${deadline}.`,
    nextBreach: "Please process it without delay. If it is still waiting on the next working day, your organisation's admin will be told.",
    nextOverdue: 'Please process it without delay.',
    smsStage: 'Stage: ',
    smsDeadline: 'Deadline: ',
    escalation: {
      subject: (p, state) => `[Pantau] Escalation: proposal ${p} ${state}`,
      state: {
        HALF: () => 'has used half of its service time',
        THREE_QUARTERS: () => 'has used three quarters of its service time',
        BREACH: () => 'missed its service deadline',
        OVERDUE: (days) => (days ? `is ${many(days, 'working day', 'working days')} overdue` : 'is overdue'),
      },
      leadState: {
        HALF: () => 'has used half of its service time',
        THREE_QUARTERS: () => 'has used three quarters of its service time',
        BREACH: () => 'was not processed by its service deadline',
        OVERDUE: (days) => `has not been processed and is ${days ? `${many(days, 'working day', 'working days')} ` : ''}past its service deadline`,
      },
      lead: (p, service, queue, state) => `Proposal ${p} (${service}), in the queue ${queue}, ${state}.`,
      why:
        'The staff handling this stage have been reminded, but the proposal has not been acted on. ' +
        "You receive this as that organisation's admin.",
      next: 'Please make sure it is handled promptly, for example by assigning another officer to the stage.',
      lateness: 'Overdue by',
      smsHead: 'Pantau: ESCALATION proposal',
      smsQueue: 'Queue: ',
    },
  },
};

function slaNotice(event: SlaReminderEvent, env: Env): Notice {
  const { lang } = env;
  const copy = SLA[lang];
  const labels = LABELS[lang];
  const words = WORDS[lang];
  const days = event.step === 'OVERDUE' ? event.overdueWorkingDays : undefined;
  const stage = env.ctx.stage?.[lang] ?? event.stage;
  const service = env.service(event.serviceType);
  const deadline = env.deadline(event.dueAt);
  const link = proposalLink(env);
  const smsLink: SmsPart[] = link ? [{ text: `${link.sms} ${link.url}` }] : [];

  if (event.escalation) {
    const esc = copy.escalation;
    const org = env.ctx.orgName ?? event.orgId;
    const queue = `${stage}, ${org}`;
    const state = esc.state[event.step](days);
    return {
      subject: esc.subject(event.proposalId, state),
      lead: esc.lead(event.proposalId, service, queue, esc.leadState[event.step](days)),
      paragraphs: [esc.why],
      next: esc.next,
      facts: [
        [words.number, event.proposalId],
        [words.service, service],
        [labels.queue, queue],
        [labels.deadline, deadline],
        ...(days ? [[esc.lateness, labels.workingDays(days)] as const] : []),
      ],
      link,
      sms: [
        { text: esc.smsHead },
        { text: event.proposalId },
        { text: `${state}.`, priority: 1 },
        { label: esc.smsQueue, text: `${smsClause(queue)}.`, priority: 3 },
        { label: copy.smsDeadline, text: `${env.shortDeadline(event.dueAt)}.`, priority: 2 },
        ...smsLink,
      ],
    };
  }

  const state = copy.state[event.step](days);
  const next = event.step === 'HALF' || event.step === 'THREE_QUARTERS' ? copy.nextBefore(deadline) : event.step === 'BREACH' ? copy.nextBreach : copy.nextOverdue;
  return {
    subject: words.subject(event.proposalId, state),
    lead: copy.lead[event.step](event.proposalId, stage, days),
    paragraphs: [],
    next,
    facts: [
      [words.number, event.proposalId],
      [words.service, service],
      [labels.stage, stage],
      [labels.deadline, deadline],
    ],
    link,
    sms: [
      { text: labels.smsProposal },
      { text: `${event.proposalId}:` },
      { text: `${copy.smsState[event.step](days)}.`, priority: 1 },
      // Dropped rather than cut: a stage name cut short could read as another stage.
      { label: copy.smsStage, text: `${smsClause(stage)}.`, priority: 3, whole: true },
      { label: copy.smsDeadline, text: `${env.shortDeadline(event.dueAt)}.`, priority: 2 },
      ...smsLink,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Returned-proposal reminders: to the applicant, whose deadline to fix it has passed.

interface ReturnedCopy {
  state: Record<ReminderStep, (days: number | undefined) => string>;
  lead: Record<ReminderStep, (deadline: string, days: number | undefined) => string>;
  stalled: string;
  /** What to do when no missing items were recorded: FIX_AND_RESUBMIT points at a list. */
  fixWithoutList: string;
  deadline: string;
  smsDeadline: string;
  smsResubmit: string;
}

const RETURNED: Readonly<Record<Lang, ReturnedCopy>> = {
  id: {
    state: {
      HALF: () => 'separuh waktu perbaikan telah berlalu',
      THREE_QUARTERS: () => 'tiga perempat waktu perbaikan telah berlalu',
      BREACH: () => 'batas waktu perbaikan terlampaui',
      OVERDUE: (days) => (days ? `terlambat ${days} hari kerja dari batas waktu perbaikan` : 'terlambat dari batas waktu perbaikan'),
    },
    lead: {
      HALF: (deadline) => `Usulan Anda dikembalikan untuk perbaikan (BTS), dan separuh waktu perbaikannya telah berlalu. Batas waktunya ${deadline}.`,
      THREE_QUARTERS: (deadline) => `Usulan Anda dikembalikan untuk perbaikan (BTS), dan tiga perempat waktu perbaikannya telah berlalu. Batas waktunya ${deadline}.`,
      BREACH: (deadline) => `Usulan Anda dikembalikan untuk perbaikan (BTS), dan batas waktu perbaikannya, ${deadline}, telah terlampaui.`,
      OVERDUE: (deadline, days) =>
        `Usulan Anda dikembalikan untuk perbaikan (BTS), dan kini telah terlambat ${days ? `${days} hari kerja ` : ''}dari batas waktu perbaikannya, ${deadline}.`,
    },
    stalled: 'Selama belum diperbaiki dan diajukan kembali, usulan ini tidak dapat diproses lebih lanjut.',
    fixWithoutList:
      'Perbaiki usulan sesuai catatan pemeriksa yang dapat Anda lihat di Pantau, lalu ajukan kembali. ' +
      'Jika usulan ini diajukan oleh operator instansi Anda, serahkan dokumen perbaikannya kepada operator tersebut.',
    deadline: 'Batas waktu perbaikan',
    smsDeadline: 'Batas: ',
    smsResubmit: 'Ajukan kembali di Pantau.',
  },
  en: {
    state: {
      HALF: () => 'half of the time to fix it has passed',
      THREE_QUARTERS: () => 'three quarters of the time to fix it have passed',
      BREACH: () => 'deadline to fix it passed',
      OVERDUE: (days) => (days ? `${many(days, 'working day', 'working days')} past the deadline to fix it` : 'past the deadline to fix it'),
    },
    lead: {
      HALF: (deadline) => `Your proposal was returned for completion (BTS), and half of the time to fix it has passed. The deadline is ${deadline}.`,
      THREE_QUARTERS: (deadline) => `Your proposal was returned for completion (BTS), and three quarters of the time to fix it have passed. The deadline is ${deadline}.`,
      BREACH: (deadline) => `Your proposal was returned for completion (BTS), and the deadline to fix it, ${deadline}, has passed.`,
      OVERDUE: (deadline, days) =>
        `Your proposal was returned for completion (BTS), and it is now ${days ? `${many(days, 'working day', 'working days')} ` : ''}past the deadline to fix it, ${deadline}.`,
    },
    stalled: 'Until it is corrected and resubmitted, it cannot be processed any further.',
    fixWithoutList:
      "Correct the proposal as the verifier's notes in Pantau say, then resubmit it. " +
      "If your agency's operator filed this proposal, hand the corrected documents to that operator.",
    deadline: 'Deadline to fix it',
    smsDeadline: 'Deadline: ',
    smsResubmit: 'Resubmit in Pantau.',
  },
};

function returnedNotice(event: ReturnedReminderEvent, env: Env): Notice {
  const { lang } = env;
  const copy = RETURNED[lang];
  const words = WORDS[lang];
  const days = event.step === 'OVERDUE' ? event.overdueWorkingDays : undefined;
  const missing = missingItemLabels(event.missingItems, env.ctx.documents, lang);
  const state = copy.state[event.step](days);
  const link = proposalLink(env);
  return {
    subject: words.subject(event.proposalId, state),
    lead: copy.lead[event.step](env.deadline(event.dueAt), days),
    paragraphs: [copy.stalled],
    list: missing.length ? { title: words.missing, items: missing } : undefined,
    next: missing.length ? FIX_AND_RESUBMIT[lang] : copy.fixWithoutList,
    facts: [
      [words.number, event.proposalId],
      [words.service, env.service(event.serviceType)],
      [copy.deadline, env.deadline(event.dueAt)],
    ],
    link,
    sms: [
      { text: LABELS[lang].smsProposal },
      { text: `${event.proposalId}:` },
      { text: `${state}.`, priority: 1 },
      { label: words.smsMissing, text: sentence(missing.map(smsClause).filter(Boolean), '; '), priority: 3 },
      { label: copy.smsDeadline, text: `${env.shortDeadline(event.dueAt)}.`, priority: 4 },
      { text: copy.smsResubmit, priority: 2, whole: true },
      ...(link ? [{ text: `${link.sms} ${link.url}` }] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The daily digest of a queue: one message instead of one per item.

interface DigestCopy {
  subject: (date: string, waiting: number, overdue: number) => string;
  lead: (date: string, queue: string, waiting: number, overdue: number) => string;
  oldest: (proposal: string, service: string, since: string, deadline: string) => string;
  next: string;
  waiting: string;
  overdue: string;
  smsHead: string;
  smsCounts: (waiting: number, overdue: number) => string;
  smsOldest: string;
}

const DIGEST: Readonly<Record<Lang, DigestCopy>> = {
  id: {
    subject: (date, waiting, overdue) => `[Pantau] Ringkasan antrean ${date}: ${waiting} menunggu, ${overdue} terlambat`,
    lead: (date, queue, waiting, overdue) =>
      waiting === 0
        ? `Per ${date}, tidak ada usulan yang menunggu di antrean ${queue}.`
        : `Per ${date}, ${waiting} usulan menunggu di antrean ${queue}; ${overdue ? `${overdue} di antaranya telah melewati batas waktu layanan` : 'semuanya masih dalam batas waktu layanan'}.`,
    oldest: (p, service, since, deadline) => `Yang paling lama menunggu: usulan ${p} (${service}), di antrean ini sejak ${since}, dengan batas waktu ${deadline}.`,
    next: 'Buka kotak masuk Pantau untuk melihat seluruh antrean, diurutkan menurut batas waktu.',
    waiting: 'Menunggu',
    overdue: 'Melewati batas waktu',
    smsHead: 'Pantau: Antrean',
    smsCounts: (waiting, overdue) => `${waiting} menunggu, ${overdue} terlambat.`,
    smsOldest: 'Terlama: ',
  },
  en: {
    subject: (date, waiting, overdue) => `[Pantau] Queue digest, ${date}: ${waiting} waiting, ${overdue} overdue`,
    lead: (date, queue, waiting, overdue) =>
      waiting === 0
        ? `As of ${date}, no proposals are waiting in the queue ${queue}.`
        : `As of ${date}, ${many(waiting, 'proposal is', 'proposals are')} waiting in the queue ${queue}; ${
            overdue ? `${overdue} of them ${overdue === 1 ? 'is' : 'are'} past the service deadline` : 'none is past the service deadline'
          }.`,
    oldest: (p, service, since, deadline) => `Waiting longest: proposal ${p} (${service}), in this queue since ${since}, due ${deadline}.`,
    next: 'Open your Pantau inbox to see the whole queue, ordered by deadline.',
    waiting: 'Waiting',
    overdue: 'Past the deadline',
    smsHead: 'Pantau: Queue',
    smsCounts: (waiting, overdue) => `${waiting} waiting, ${overdue} overdue.`,
    smsOldest: 'Oldest: ',
  },
};

function digestNotice(event: DigestEvent, env: Env): Notice {
  const { lang } = env;
  const copy = DIGEST[lang];
  const labels = LABELS[lang];
  const queue = `${env.ctx.role?.[lang] ?? event.role}, ${env.ctx.orgName ?? event.orgId}`;
  const day = env.date(event.day);
  const { oldest } = event;
  const inboxUrl = env.ctx.inboxUrl;
  return {
    subject: copy.subject(env.date(event.day, false), event.waiting, event.overdue),
    lead: copy.lead(day, queue, event.waiting, event.overdue),
    paragraphs: oldest
      ? [copy.oldest(oldest.proposalId, env.service(oldest.serviceType), formatInstantDate(oldest.since, env.zone, lang), env.deadline(oldest.dueAt))]
      : [],
    next: copy.next,
    facts: [
      [labels.queue, queue],
      [copy.waiting, String(event.waiting)],
      [copy.overdue, String(event.overdue)],
    ],
    link: inboxUrl ? { label: labels.openInbox, url: inboxUrl } : undefined,
    sms: [
      { text: copy.smsHead },
      { text: `${smsClause(queue)},`, priority: 3 },
      { text: `${env.shortDate(event.day)}:`, priority: 2 },
      { text: copy.smsCounts(event.waiting, event.overdue), priority: 1 },
      { label: copy.smsOldest, text: oldest ? `${oldest.proposalId}.` : '', priority: 4, whole: true },
      ...(inboxUrl ? [{ text: `${labels.smsOpen} ${inboxUrl}` }] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Submission windows: to the agency's operators, before a promotion period's window closes.

interface WindowCopy {
  when: (daysLeft: number) => string;
  subject: (service: string, period: string, when: string) => string;
  lead: (service: string, period: string, when: string, lastDay: string) => string;
  next: string;
  period: string;
  opens: string;
  lastDay: string;
  left: string;
  daysLeft: (n: number) => string;
  sms: (service: string, period: string, when: string, lastDay: string) => SmsPart[];
}

const WINDOW: Readonly<Record<Lang, WindowCopy>> = {
  id: {
    when: (n) => (n <= 0 ? 'hari ini' : n === 1 ? 'besok' : `${n} hari lagi`),
    subject: (service, period, when) => `[Pantau] Pengajuan ${service} periode ${period} ditutup ${when}`,
    lead: (service, period, when, lastDay) => `Masa pengajuan usul ${service} untuk periode ${period} ditutup ${when}. Hari terakhir pengajuan: ${lastDay}.`,
    next:
      'Pastikan usul pegawai instansi Anda yang memenuhi syarat telah diajukan, dengan dokumen lengkap, paling lambat pada hari tersebut. ' +
      'Setelah itu, usul hanya dapat diajukan untuk periode berikutnya.',
    period: 'Periode',
    opens: 'Dibuka',
    lastDay: 'Hari terakhir',
    left: 'Sisa waktu',
    daysLeft: (n) => `${n} hari`,
    sms: (service, period, when, lastDay) => [
      { text: 'Pantau: Pengajuan' },
      { text: service, priority: 4, whole: true },
      { text: `periode ${period}`, priority: 3 },
      { text: `ditutup ${when}, hari terakhir ${lastDay}.`, priority: 1 },
    ],
  },
  en: {
    when: (n) => (n <= 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`),
    subject: (service, period, when) => `[Pantau] ${service} submissions for the ${period} period close ${when}`,
    lead: (service, period, when, lastDay) => `The window for ${service} proposals for the ${period} period closes ${when}. The last day to submit is ${lastDay}.`,
    next:
      "Make sure the proposals of your agency's eligible employees are submitted, with complete documents, by then. " +
      'After that, proposals can only be filed for the next period.',
    period: 'Period',
    opens: 'Opened',
    lastDay: 'Last day',
    left: 'Time left',
    daysLeft: (n) => many(n, 'day', 'days'),
    sms: (service, period, when, lastDay) => [
      { text: 'Pantau: Submissions' },
      { text: service && `(${service})`, priority: 4, whole: true },
      { text: `for the ${period} period`, priority: 3 },
      { text: `close ${when}; last day ${lastDay}.`, priority: 1 },
    ],
  },
};

function windowNotice(event: WindowReminderEvent, env: Env): Notice {
  const { lang } = env;
  const copy = WINDOW[lang];
  const words = WORDS[lang];
  const labels = LABELS[lang];
  const service = env.service(event.serviceType);
  const period = env.date(event.period, false);
  const when = copy.when(event.daysLeft);
  const inboxUrl = env.ctx.inboxUrl;
  return {
    subject: copy.subject(service, period, when),
    lead: copy.lead(service, period, when, env.date(event.closesOn)),
    paragraphs: [],
    next: copy.next,
    facts: [
      [words.service, service],
      [copy.period, period],
      [copy.opens, env.date(event.opensOn)],
      [copy.lastDay, env.date(event.closesOn)],
      [copy.left, copy.daysLeft(Math.max(event.daysLeft, 0))],
    ],
    link: inboxUrl ? { label: labels.openPantau, url: inboxUrl } : undefined,
    sms: [
      ...copy.sms(smsClause(service), env.shortDate(event.period), when, env.shortDate(event.closesOn)),
      ...(inboxUrl ? [{ text: `${labels.smsOpen} ${inboxUrl}` }] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Retirement: to the employee and their agency's operators, 12 and 6 months before BUP.

interface RetirementCopy {
  subject: (name: string, date: string, months: number) => string;
  lead: (name: string, nip: string, date: string, months: number) => string;
  when: Record<RetirementReminderEvent['monthsBefore'], string>;
  next: string;
  name: string;
  starts: string;
  left: string;
  months: (n: number) => string;
  smsRetires: (date: string, months: number) => string;
  smsWhat: Record<RetirementReminderEvent['monthsBefore'], string>;
}

const RETIREMENT: Readonly<Record<Lang, RetirementCopy>> = {
  id: {
    subject: (name, date, months) => `[Pantau] Pensiun ${name}: TMT ${date}, ${months} bulan lagi`,
    lead: (name, nip, date, months) =>
      `${name} (NIP ${nip}) akan mencapai batas usia pensiun (BUP) dan diberhentikan dengan hormat dengan hak pensiun terhitung mulai ${date}, ${months} bulan lagi.`,
    when: {
      12: 'Usul pensiunnya dapat diajukan mulai sekarang, 12 bulan sebelum TMT pensiun.',
      6: 'Jika usul pensiunnya belum diajukan, mohon segera diajukan agar SK pensiun terbit sebelum TMT pensiun.',
    },
    next:
      'Usul pensiun diajukan oleh operator kepegawaian instansi melalui Pantau; ' +
      'pegawai yang bersangkutan menyiapkan dokumen persyaratannya bersama operator tersebut.',
    name: 'Nama',
    starts: 'TMT pensiun',
    left: 'Sisa waktu',
    months: (n) => `${n} bulan`,
    smsRetires: (date, months) => `pensiun (BUP) TMT ${date}, ${months} bulan lagi.`,
    smsWhat: { 12: 'Usul pensiun dapat diajukan sekarang.', 6: 'Segera ajukan usul pensiun.' },
  },
  en: {
    subject: (name, date, months) => `[Pantau] Retirement of ${name}: from ${date}, in ${months} months`,
    lead: (name, nip, date, months) =>
      `${name} (NIP ${nip}) reaches the retirement age (BUP) and will be honourably discharged with a pension from ${date}, ${months} months from now.`,
    when: {
      12: 'The pension proposal can be filed from now on, 12 months before the pension starts.',
      6: 'If the pension proposal has not been filed yet, please file it soon, so that the pension decree (SK) is issued before the pension starts.',
    },
    next: "The agency's personnel operator files the pension proposal in Pantau; the employee prepares the required documents with that operator.",
    name: 'Name',
    starts: 'Pension starts',
    left: 'Time left',
    months: (n) => many(n, 'month', 'months'),
    smsRetires: (date, months) => `retires (BUP) from ${date}, in ${months} months.`,
    smsWhat: { 12: 'The pension proposal can be filed now.', 6: 'File the pension proposal soon.' },
  },
};

function retirementNotice(event: RetirementReminderEvent, env: Env): Notice {
  const { lang } = env;
  const copy = RETIREMENT[lang];
  const labels = LABELS[lang];
  const name = oneLine(event.employeeName) || event.nip;
  const date = env.date(event.bupDate);
  const inboxUrl = env.ctx.inboxUrl;
  return {
    subject: copy.subject(name, env.date(event.bupDate, false), event.monthsBefore),
    lead: copy.lead(name, event.nip, date, event.monthsBefore),
    paragraphs: [copy.when[event.monthsBefore]],
    next: copy.next,
    facts: [
      [copy.name, name],
      ['NIP', event.nip],
      [copy.starts, date],
      [copy.left, copy.months(event.monthsBefore)],
    ],
    link: inboxUrl ? { label: labels.openPantau, url: inboxUrl } : undefined,
    sms: [
      { text: 'Pantau:' },
      { text: name, priority: 3 },
      { text: `(NIP ${event.nip})`, priority: 4, whole: true },
      { text: copy.smsRetires(env.shortDate(event.bupDate), event.monthsBefore), priority: 1 },
      { text: copy.smsWhat[event.monthsBefore], priority: 5, whole: true },
      ...(inboxUrl ? [{ text: `${labels.smsOpen} ${inboxUrl}` }] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------

function noticeOf(event: JobEvent, env: Env): Notice {
  switch (event.kind) {
    case 'sla-reminder':
      return slaNotice(event, env);
    case 'returned-reminder':
      return returnedNotice(event, env);
    case 'digest':
      return digestNotice(event, env);
    case 'window-reminder':
      return windowNotice(event, env);
    case 'retirement-reminder':
      return retirementNotice(event, env);
  }
}

function renderText(notice: Notice, env: Env, name: string): string {
  const words = WORDS[env.lang];
  const lines = [words.greeting(name), '', notice.lead, ''];
  for (const paragraph of notice.paragraphs) lines.push(paragraph, '');
  if (notice.list) lines.push(`${notice.list.title}:`, ...notice.list.items.map((item, i) => `${i + 1}. ${item}`), '');
  lines.push(notice.next, '', ...notice.facts.map(([label, value]) => `${label}: ${value}`), '');
  if (notice.link) lines.push(`${notice.link.label}: ${notice.link.url}`, '');
  // "-- " is the signature delimiter: mail readers set what follows apart.
  lines.push('-- ', words.automated, `${words.preferences}: ${env.ctx.preferencesUrl}`);
  return `${lines.join('\n')}\n`;
}

function renderHtml(notice: Notice, env: Env, name: string, subject: string): string {
  const words = WORDS[env.lang];
  const e = escapeHtml;
  const card = [`<p style="${STYLE.p}">${e(words.greeting(name))}</p>`, `<p style="${STYLE.lead}">${e(notice.lead)}</p>`];
  for (const paragraph of notice.paragraphs) card.push(`<p style="${STYLE.p}">${e(paragraph)}</p>`);
  if (notice.list) {
    card.push(`<p style="${STYLE.p}">${e(notice.list.title)}:</p>`, `<ol style="${STYLE.list}">`, ...notice.list.items.map((item) => `<li>${e(item)}</li>`), '</ol>');
  }
  card.push(`<p style="${STYLE.p}">${e(notice.next)}</p>`, `<table style="${STYLE.table}">`, ...notice.facts.map(([label, value]) => htmlRow(label, value)), '</table>');
  if (notice.link) card.push(`<p style="${STYLE.p}">${e(notice.link.label)}: ${linkHtml(notice.link.url)}</p>`);
  card.push(
    `<hr style="${STYLE.rule}">`,
    `<p style="${STYLE.footer}">${e(words.automated)}</p>`,
    `<p style="${STYLE.footer}">${e(words.preferences)}: ${linkHtml(env.ctx.preferencesUrl)}</p>`,
  );
  return htmlDocument(env.lang, subject, card);
}

/**
 * A scheduled job's notice as its recipient reads it: email subject, text and HTML parts, and
 * one GSM-7 SMS segment, in the context's language, with dates in the recipient's zone. Every
 * value from the event or the context is escaped in the HTML, and only http(s) URLs become links.
 * Throws a RangeError when the SMS's required parts (the proposal number, the link) cannot fit
 * one segment: a configuration fault, as for status changes.
 */
export function renderJobEvent(event: JobEvent, ctx: JobRenderContext): RenderedMessage {
  const env = envOf(ctx);
  const notice = noticeOf(event, env);
  const subject = oneLine(notice.subject);
  const name = oneLine(ctx.recipientName);
  return { subject, text: renderText(notice, env, name), html: renderHtml(notice, env, name, subject), sms: fitSms(notice.sms) };
}

/** The SMS's parts before they are fitted into one segment: what the length budget is measured on (test/unit). */
export const jobSmsParts = (event: JobEvent, ctx: JobRenderContext): SmsPart[] => noticeOf(event, envOf(ctx)).sms;

function envOf(ctx: JobRenderContext): Env {
  const { lang } = ctx;
  const zone = ctx.timeZone ?? DEFAULT_READER_ZONE;
  return {
    lang,
    zone,
    ctx,
    deadline: (instant) => formatDeadline(instant, zone, lang),
    shortDeadline: (instant) => formatShortDeadline(instant, zone, lang),
    date: (date, weekday = true) => formatDate(date, lang, { weekday }),
    shortDate: (date) => formatShortDate(date, lang),
    service: (code) => ctx.service?.[lang] ?? code,
  };
}
