import { REJECTION_REASONS, RETURN_REASONS } from '../catalog/reasons';
import type { Names } from '../catalog/types';
import { EVENT_LABELS, type Lang } from '../messages';
import type { Action } from '../proposal/types';
import { escapeHtml, httpUrl } from './escape-html';
import { fitSms, foldToGsm7, type SmsPart } from './gsm7';
import type { Audience, DocumentName, RenderedMessage, StatusChangeMessage } from './types';

/** One event type in one language. `stage` is the name of the stage the proposal is at now. */
interface EventCopy {
  /** The event in the subject, where EVENT_LABELS' wording would not read well after "Usulan <number>:". */
  subject?: string;
  /** What happened: the first thing after the greeting; `whose` names the proposal for the audience. */
  happened: (stage: string | undefined, whose: string) => string;
  /** What the recipient does now. */
  next: string;
  /** What the operator who filed it does now, where that differs. */
  nextForFiler?: string;
  /** The new status in an SMS, after the proposal number: a few words. */
  sms: (stage: string | undefined) => string;
}

const NOTHING_TO_DO: Names = {
  id: 'Saat ini Anda tidak perlu melakukan apa pun. Kami akan memberi tahu Anda setiap kali status usulan berubah.',
  en: 'There is nothing you need to do now. We will let you know each time its status changes.',
};
/** What the applicant of a returned proposal does; the items to fix are listed above it. */
export const FIX_AND_RESUBMIT: Names = {
  id:
    'Lengkapi atau perbaiki hal-hal di atas, lalu ajukan kembali usulan melalui Pantau. ' +
    'Jika usulan ini diajukan oleh operator instansi Anda, serahkan dokumen perbaikannya kepada operator tersebut.',
  en:
    'Complete or correct the items above, then resubmit the proposal in Pantau. ' +
    "If your agency's operator filed this proposal, hand the corrected documents to that operator.",
};
const ASK_THE_AGENCY: Names = {
  id: 'Jika Anda memerlukan penjelasan, silakan hubungi bagian kepegawaian di instansi Anda.',
  en: 'If you need an explanation, please contact the personnel office of your agency.',
};

/** The operator's copy of a decision the employee hears of in their own. */
const THE_EMPLOYEE_IS_TOLD: Names = {
  id: 'Pegawai yang bersangkutan juga menerima pemberitahuan ini.',
  en: 'The employee concerned receives this notice too.',
};
/** What the operator who filed a returned proposal does: fix it with the employee, then resubmit. */
const FIX_WITH_THE_EMPLOYEE: Names = {
  id: 'Lengkapi atau perbaiki hal-hal di atas bersama pegawai yang bersangkutan, lalu ajukan kembali usulan melalui Pantau.',
  en: 'Complete or correct the items above with the employee concerned, then resubmit the proposal in Pantau.',
};

// Every event type in both languages: a missing entry does not compile. The employee's copy says
// "your proposal"; the copy to the operator who filed it for them says whose it is.
const COPY: { readonly [A in Action]: Readonly<Record<Lang, EventCopy>> } = {
  submit: {
    id: {
      // EVENT_LABELS says "Usul diajukan": after "Usulan <number>:" the noun would come twice.
      subject: 'Diajukan',
      happened: (stage, whose) => `${whose} telah diajukan.${stage ? ` Tahap saat ini: ${stage}.` : ''}`,
      next: NOTHING_TO_DO.id,
      sms: () => 'telah diajukan.',
    },
    en: {
      happened: (stage, whose) => `${whose} has been submitted.${stage ? ` Current stage: ${stage}.` : ''}`,
      next: NOTHING_TO_DO.en,
      sms: () => 'submitted.',
    },
  },
  forward: {
    id: {
      happened: (stage, whose) => `${whose} telah diteruskan ke tahap ${stage ?? 'berikutnya'}.`,
      next: NOTHING_TO_DO.id,
      // "Masuk tahap", not "diteruskan ke tahap": the longest stage names must fit beside the link.
      sms: (stage) => `masuk tahap ${stage ?? 'berikutnya'}.`,
    },
    en: {
      happened: (stage, whose) => `${whose} has been forwarded to the next stage${stage ? `: ${stage}` : ''}.`,
      next: NOTHING_TO_DO.en,
      sms: (stage) => `now at ${stage ?? 'the next stage'}.`,
    },
  },
  return: {
    id: {
      happened: (_stage, whose) => `${whose} dikembalikan untuk perbaikan (BTS: berkas tidak sesuai).`,
      next: FIX_AND_RESUBMIT.id,
      nextForFiler: FIX_WITH_THE_EMPLOYEE.id,
      sms: () => 'dikembalikan (BTS).',
    },
    en: {
      happened: (_stage, whose) => `${whose} has been returned for completion (BTS: the documents are not in order).`,
      next: FIX_AND_RESUBMIT.en,
      nextForFiler: FIX_WITH_THE_EMPLOYEE.en,
      sms: () => 'returned for completion.',
    },
  },
  resubmit: {
    id: {
      happened: (stage, whose) => `${whose} telah diajukan kembali setelah perbaikan.${stage ? ` Tahap saat ini: ${stage}.` : ''}`,
      next: NOTHING_TO_DO.id,
      sms: () => 'telah diajukan kembali.',
    },
    en: {
      happened: (stage, whose) => `${whose} has been resubmitted after completion.${stage ? ` Current stage: ${stage}.` : ''}`,
      next: NOTHING_TO_DO.en,
      sms: () => 'resubmitted.',
    },
  },
  approve: {
    id: {
      happened: (stage, whose) => `${whose} telah disetujui.${stage ? ` Tahap selanjutnya: ${stage}.` : ''}`,
      next: 'Kami akan memberi tahu Anda kembali setelah usulan selesai.',
      sms: () => 'telah disetujui.',
    },
    en: {
      happened: (stage, whose) => `${whose} has been approved.${stage ? ` Next step: ${stage}.` : ''}`,
      next: 'We will let you know again when it is completed.',
      sms: () => 'approved.',
    },
  },
  reject: {
    id: {
      happened: (_stage, whose) => `${whose} ditolak karena tidak memenuhi syarat (TMS).`,
      next: ASK_THE_AGENCY.id,
      nextForFiler: THE_EMPLOYEE_IS_TOLD.id,
      sms: () => 'ditolak (TMS).',
    },
    en: {
      happened: (_stage, whose) => `${whose} has been rejected because it does not meet the requirements (TMS).`,
      next: ASK_THE_AGENCY.en,
      nextForFiler: THE_EMPLOYEE_IS_TOLD.en,
      sms: () => 'rejected.',
    },
  },
  complete: {
    id: {
      happened: (_stage, whose) => `${whose} telah selesai diproses.`,
      next: 'Rincian hasilnya, seperti nomor dan tanggal surat atau SK, dapat Anda lihat setelah masuk ke Pantau.',
      sms: () => 'telah selesai.',
    },
    en: {
      happened: (_stage, whose) => `${whose} has been completed.`,
      next: 'Sign in to Pantau to see the outcome, such as the number and date of the letter or decree (SK).',
      sms: () => 'completed.',
    },
  },
  withdraw: {
    id: {
      happened: (_stage, whose) => `${whose} telah dibatalkan oleh pengusul dan tidak akan diproses lebih lanjut.`,
      next: 'Jika pembatalan ini tidak sesuai dengan keinginan Anda, segera hubungi bagian kepegawaian di instansi Anda.',
      nextForFiler: THE_EMPLOYEE_IS_TOLD.id,
      sms: () => 'telah dibatalkan.',
    },
    en: {
      happened: (_stage, whose) => `${whose} has been withdrawn by the applicant and will not be processed further.`,
      next: 'If you did not expect this, please contact the personnel office of your agency promptly.',
      nextForFiler: THE_EMPLOYEE_IS_TOLD.en,
      sms: () => 'withdrawn.',
    },
  },
};

/** The words around the event, in one language (the job templates use them too). */
export interface Words {
  subject: (proposalId: string, event: string) => string;
  greeting: (name: string) => string;
  reason: string;
  details: string;
  missing: string;
  number: string;
  service: string;
  status: string;
  track: string;
  automated: string;
  preferences: string;
  /** The proposal as the sentence's subject: the employee's own, or the one an operator filed. */
  whose: Readonly<Record<Audience, string>>;
  /** Why this notice cannot be turned off entirely (employee), or why it came (operator). */
  statutory: Readonly<Record<Audience, string>>;
  /**
   * The SMS's opening, with the proposal number; the service name (folded, maybe empty) goes
   * first when room runs out.
   */
  smsHead: (service: string, proposalId: string) => SmsPart[];
  smsReason: string;
  smsMissing: string;
  smsTrack: string;
}

// What goes last when room runs out: the service (the email names it), then the missing items
// (the page lists them), then the word before the link (a link ending an SMS says what it is),
// then the reason; what happened stays.
const SMS_PRIORITY = { happened: 1, reason: 2, linkLabel: 3, missing: 4, service: 5 } as const;
const serviceSmsPart = (text: string): SmsPart => ({ text, priority: SMS_PRIORITY.service, whole: true });

export const WORDS: Readonly<Record<Lang, Words>> = {
  id: {
    subject: (proposalId, event) => `[Pantau] Usulan ${proposalId}: ${event}`,
    greeting: (name) => (name ? `Yth. Bapak/Ibu ${name},` : 'Yth. Bapak/Ibu,'),
    reason: 'Alasan',
    details: 'Keterangan',
    missing: 'Yang perlu dilengkapi atau diperbaiki',
    number: 'Nomor usulan',
    service: 'Layanan',
    status: 'Status saat ini',
    track: 'Lacak usulan ini',
    automated: 'Email ini dikirim otomatis oleh Pantau; mohon tidak membalasnya.',
    preferences: 'Untuk mengubah saluran (email/SMS) atau bahasa pemberitahuan, atau untuk menonaktifkan SMS, buka',
    whose: { applicant: 'Usulan Anda', filer: 'Usulan pegawai yang Anda input' },
    statutory: {
      applicant:
        'Pemberitahuan ini wajib disampaikan karena menyangkut perubahan status usulan Anda sendiri: ' +
        'Anda dapat memilih salurannya, tetapi tidak dapat menonaktifkan semuanya.',
      filer: 'Anda menerima pemberitahuan ini karena Anda menginput usulan ini untuk pegawai instansi Anda.',
    },
    smsHead: (service, proposalId) => [{ text: 'Pantau: Usulan' }, serviceSmsPart(service), { text: proposalId }],
    smsReason: 'Alasan: ',
    smsMissing: 'Lengkapi: ',
    smsTrack: 'Lacak:',
  },
  en: {
    subject: (proposalId, event) => `[Pantau] Proposal ${proposalId}: ${event}`,
    greeting: (name) => (name ? `Dear ${name},` : 'Dear Sir or Madam,'),
    reason: 'Reason',
    details: 'Details',
    missing: 'To complete or correct',
    number: 'Proposal number',
    service: 'Service',
    status: 'Current status',
    track: 'Track this proposal',
    automated: 'This email was sent automatically by Pantau; please do not reply to it.',
    preferences: 'To change the channels (email/SMS) or the language of these notices, or to turn SMS off, go to',
    whose: { applicant: 'Your proposal', filer: "The employee's proposal you filed" },
    statutory: {
      applicant:
        'This notice is statutory because it concerns a status change of your own proposal: ' +
        'you can choose the channel, but not turn all of them off.',
      filer: 'You receive this notice because you filed this proposal for an employee of your agency.',
    },
    smsHead: (service, proposalId) => [{ text: 'Pantau: Proposal' }, { text: proposalId }, serviceSmsPart(service && `(${service})`)],
    smsReason: 'Reason: ',
    smsMissing: 'Missing: ',
    smsTrack: 'Track:',
  },
};

/** What a template says, worked out once for the text, HTML and SMS parts alike. */
interface Facts {
  lang: Lang;
  copy: EventCopy;
  words: Words;
  subject: string;
  name: string;
  stage: string | undefined;
  service: string;
  status: string;
  happened: string;
  next: string;
  statutory: string;
  /** `named`: the label came from the message or the catalog, not just the code. */
  reason: { label: string; named: boolean; text: string | undefined } | undefined;
  missingItems: string[];
}

/** One line of text: a subject cannot be made to carry a header. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function reasonOf(message: StatusChangeMessage): Facts['reason'] {
  if (!message.reason) return undefined;
  const { code, label, text } = message.reason;
  // A return's reasons are BTS, a rejection's TMS: the same code may mean something else in each.
  const catalog: Readonly<Record<string, Names>> = message.action === 'reject' ? REJECTION_REASONS : RETURN_REASONS;
  // Own keys only: a code such as "constructor" must not find Object's.
  const names = label ?? (Object.hasOwn(catalog, code) ? catalog[code] : undefined);
  return { label: names?.[message.lang] ?? code, named: names !== undefined, text: text?.trim() || undefined };
}

/**
 * The missing items as a notice shows them: a catalog document code (a return lists the documents
 * rejected in review by their codes) by the document's name in the notice's language, free text
 * as it was typed; blanks dropped.
 */
export function missingItemLabels(items: readonly string[] | undefined, documents: readonly DocumentName[] | undefined, lang: Lang): string[] {
  return (items ?? [])
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => documents?.find((document) => document.code === item)?.names[lang] ?? item);
}

function factsOf(message: StatusChangeMessage): Facts {
  const { lang } = message;
  const words = WORDS[lang];
  const copy = COPY[message.action][lang];
  return {
    lang,
    copy,
    words,
    subject: oneLine(words.subject(message.proposalId, copy.subject ?? EVENT_LABELS[message.action][lang])),
    name: oneLine(message.recipientName),
    stage: message.stage?.[lang],
    service: message.service[lang],
    status: message.statusLabel[lang],
    happened: copy.happened(message.stage?.[lang], words.whose[message.audience]),
    next: message.audience === 'filer' ? (copy.nextForFiler ?? copy.next) : copy.next,
    statutory: words.statutory[message.audience],
    reason: reasonOf(message),
    missingItems: missingItemLabels(message.missingItems, message.documents, lang),
  };
}

function renderText(message: StatusChangeMessage, f: Facts): string {
  const { words } = f;
  const lines = [words.greeting(f.name), '', f.happened, ''];
  if (f.reason) {
    lines.push(`${words.reason}: ${f.reason.label}`);
    if (f.reason.text) lines.push(`${words.details}: ${f.reason.text}`);
    lines.push('');
  }
  if (f.missingItems.length) lines.push(`${words.missing}:`, ...f.missingItems.map((item, i) => `${i + 1}. ${item}`), '');
  lines.push(
    f.next,
    '',
    `${words.number}: ${message.proposalId}`,
    `${words.service}: ${f.service}`,
    `${words.status}: ${f.status}`,
    '',
    `${words.track}: ${message.trackUrl}`,
    '',
    // "-- " is the signature delimiter: mail readers set what follows apart.
    '-- ',
    words.automated,
    `${words.preferences}: ${message.preferencesUrl}`,
    f.statutory,
  );
  return `${lines.join('\n')}\n`;
}

// Inline styles only: mail clients drop <style> blocks and never load external sheets.
export const STYLE = {
  body: 'margin:0;padding:16px;background-color:#f3f4f6;',
  card: 'max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1f2937;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;',
  p: 'margin:0 0 16px;',
  lead: 'margin:0 0 16px;font-weight:bold;',
  userText: 'margin:0 0 16px;white-space:pre-line;',
  list: 'margin:0 0 16px;padding-left:24px;',
  table: 'border-collapse:collapse;margin:0 0 16px;',
  th: 'text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:normal;color:#4b5563;',
  td: 'vertical-align:top;padding:4px 0;',
  link: 'color:#1d4ed8;text-decoration:underline;',
  rule: 'border:0;border-top:1px solid #d1d5db;margin:24px 0 16px;',
  footer: 'margin:0 0 8px;font-size:13px;color:#4b5563;',
} as const;

/** A link if the URL is http(s); otherwise the URL as plain text, never something to click. */
export function linkHtml(url: string): string {
  const href = httpUrl(url);
  return href === undefined ? escapeHtml(url) : `<a href="${escapeHtml(href)}" style="${STYLE.link}">${escapeHtml(url)}</a>`;
}

/** A row of an email's facts table, escaped. */
export const htmlRow = (label: string, value: string): string =>
  `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(label)}</th><td style="${STYLE.td}">${escapeHtml(value)}</td></tr>`;

/** An email's HTML document around the lines of its card: it loads nothing and runs nothing. */
export function htmlDocument(lang: Lang, title: string, card: readonly string[]): string {
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.card}">`,
    ...card,
    '</div>',
    '</body>',
    '</html>',
  ];
  return `${html.join('\n')}\n`;
}

function renderHtml(message: StatusChangeMessage, f: Facts): string {
  const { words } = f;
  const e = escapeHtml;
  const html = [
    `<p style="${STYLE.p}">${e(words.greeting(f.name))}</p>`,
    `<p style="${STYLE.lead}">${e(f.happened)}</p>`,
  ];
  if (f.reason) {
    html.push(`<p style="${STYLE.p}">${e(words.reason)}: <strong>${e(f.reason.label)}</strong></p>`);
    if (f.reason.text) html.push(`<p style="${STYLE.userText}">${e(words.details)}: ${e(f.reason.text)}</p>`);
  }
  if (f.missingItems.length) {
    html.push(
      `<p style="${STYLE.p}">${e(words.missing)}:</p>`,
      `<ol style="${STYLE.list}">`,
      ...f.missingItems.map((item) => `<li>${e(item)}</li>`),
      '</ol>',
    );
  }
  html.push(
    `<p style="${STYLE.p}">${e(f.next)}</p>`,
    `<table style="${STYLE.table}">`,
    htmlRow(words.number, message.proposalId),
    htmlRow(words.service, f.service),
    htmlRow(words.status, f.status),
    '</table>',
    `<p style="${STYLE.p}">${e(words.track)}: ${linkHtml(message.trackUrl)}</p>`,
    `<hr style="${STYLE.rule}">`,
    `<p style="${STYLE.footer}">${e(words.automated)}</p>`,
    `<p style="${STYLE.footer}">${e(words.preferences)}: ${linkHtml(message.preferencesUrl)}</p>`,
    `<p style="${STYLE.footer}">${e(f.statutory)}</p>`,
  );
  return htmlDocument(f.lang, f.subject, html);
}

/** Text for the SMS: folded, without the punctuation it ended in (the SMS puts its own). */
export const smsClause = (text: string): string => foldToGsm7(text).trim().replace(/[\s.,;:!?-]+$/, '');

export const sentence = (clauses: readonly string[], separator: string): string => (clauses.length ? `${clauses.join(separator)}.` : '');

function smsParts(message: StatusChangeMessage, f: Facts): SmsPart[] {
  const { words } = f;
  // The reason's label says it in few words, unless it is "Lainnya" (other) or only a code:
  // then the free text says what the label cannot.
  const reason = f.reason && (message.reason?.code === 'LAINNYA' || !f.reason.named) && f.reason.text ? f.reason.text : f.reason?.label;
  const reasonText = sentence([smsClause(reason ?? '')].filter(Boolean), '');
  const missing = sentence(f.missingItems.map(smsClause).filter(Boolean), '; ');
  return [
    ...words.smsHead(smsClause(f.service), message.proposalId),
    { text: f.copy.sms(f.stage), priority: SMS_PRIORITY.happened },
    { label: words.smsReason, text: reasonText, priority: SMS_PRIORITY.reason },
    { label: words.smsMissing, text: missing, priority: SMS_PRIORITY.missing },
    { text: words.smsTrack, priority: SMS_PRIORITY.linkLabel, whole: true },
    { text: message.trackUrl },
  ];
}

/** The SMS's parts before they are fitted into one segment: what the length budget is measured on (test/unit). */
export const statusChangeSmsParts = (message: StatusChangeMessage): SmsPart[] => smsParts(message, factsOf(message));

/**
 * A status change as the recipient reads it: email subject, text and HTML parts, and one SMS
 * segment, in the message's language. Every value from the message is escaped in the HTML, and
 * only http(s) URLs become links.
 */
export function renderStatusChange(message: StatusChangeMessage): RenderedMessage {
  const facts = factsOf(message);
  return {
    subject: facts.subject,
    text: renderText(message, facts),
    html: renderHtml(message, facts),
    sms: fitSms(smsParts(message, facts)),
  };
}
