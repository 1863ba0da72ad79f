import type { Lang } from '../messages';
import { escapeHtml } from './escape-html';
import { fitSms, type SmsPart } from './gsm7';
import { APPLICANT_HOLDS } from './quarantine';
import { STYLE, WORDS, htmlDocument, htmlRow, linkHtml, oneLine, smsClause } from './templates';
import type { QuarantineAudience, QuarantineMessage, RenderedMessage } from './types';

/** A quarantine notice's words in one language. */
interface QuarantineCopy {
  subject: string;
  /** What happened, for each audience: the first thing after the greeting. */
  lead: Readonly<Record<QuarantineAudience, string>>;
  document: string;
  version: string;
  /** What the quarantine means, to everyone; once a newer version replaced the file, that nothing needs uploading. */
  contained: string;
  containedReplaced: (version: number) => string;
  /** Where harmful files come from: for whoever uploads the next one. */
  checkDevice: string;
  finding: string;
  /** What the recipient does now: by audience, and for the applicant's side whether they hold the proposal. */
  next: {
    applicant: { holds: string; away: string };
    operator: { holds: string; away: string };
    handler: string;
    /** The file was replaced since: the applicant's side has nothing to do, the handler reviews the newer version. */
    replaced: string;
    handlerReplaced: (version: number) => string;
  };
  viewProposal: string;
  /** Why this reached the recipient, under the signature delimiter. */
  why: Readonly<Record<QuarantineAudience, string>>;
  /** The SMS's opening before the proposal number. */
  smsHead: string;
  /** What happened, in an SMS: kept whole; the document's name follows it. */
  sms: Readonly<Record<QuarantineAudience, string>>;
  smsReplaced: string;
  smsOpen: string;
}

const COPY: Readonly<Record<Lang, QuarantineCopy>> = {
  id: {
    subject: 'Dokumen berbahaya dikarantina',
    lead: {
      applicant: 'Berkas yang diunggah sebagai salah satu dokumen usulan Anda terdeteksi berbahaya oleh pemindai malware Pantau dan telah dikarantina.',
      operator: 'Berkas yang diunggah sebagai salah satu dokumen usulan yang diinput instansi Anda terdeteksi berbahaya oleh pemindai malware Pantau dan telah dikarantina.',
      handler: 'Berkas yang diunggah sebagai salah satu dokumen usulan yang sedang berada pada Anda terdeteksi berbahaya oleh pemindai malware Pantau dan telah dikarantina.',
    },
    document: 'Dokumen',
    version: 'Versi berkas',
    contained: 'Berkas tersebut tidak dapat dibuka oleh siapa pun dan tidak akan diteruskan. Dokumen ini harus diunggah ulang dengan berkas yang bersih.',
    containedReplaced: (n) => `Berkas tersebut tidak dapat dibuka oleh siapa pun dan tidak akan diteruskan. Dokumen ini sudah diganti dengan berkas versi ${n}, sehingga tidak perlu diunggah ulang.`,
    checkDevice: 'Periksa perangkat yang dipakai untuk mengunggah berkas tersebut dengan antivirus sebelum mengunggah berkas lain: berkas berbahaya sering berasal dari perangkat yang terinfeksi.',
    finding: 'Temuan pemindai',
    next: {
      applicant: {
        holds: 'Unggah ulang dokumen tersebut melalui Pantau. Usulan tidak dapat diajukan atau diajukan kembali sebelum dokumen ini diganti.',
        away: 'Petugas yang menangani usulan Anda juga diberi tahu. Setelah usulan dikembalikan kepada Anda, unggah ulang dokumen tersebut melalui Pantau.',
      },
      operator: {
        holds: 'Unggah ulang dokumen tersebut melalui Pantau, bersama pegawai yang bersangkutan bila perlu. Usulan tidak dapat diajukan atau diajukan kembali sebelum dokumen ini diganti.',
        away: 'Petugas yang menangani usulan ini juga diberi tahu. Setelah usulan dikembalikan kepada instansi Anda, unggah ulang dokumen tersebut melalui Pantau.',
      },
      handler:
        'Selama dokumen yang berlaku dikarantina, usulan tidak dapat diteruskan atau disetujui. ' +
        'Kembalikan usulan (BTS) agar pengusul mengunggah ulang dokumen ini; dokumen yang dikarantina tercantum dengan sendirinya dalam pengembalian.',
      replaced: 'Untuk dokumen ini Anda tidak perlu melakukan apa pun lagi.',
      handlerReplaced: (n) => `Periksa dokumen ini dari berkas versi ${n} seperti biasa; berkas yang dikarantina tidak ikut diperiksa.`,
    },
    viewProposal: 'Lihat usulan',
    why: {
      applicant: 'Anda menerima pemberitahuan ini karena berkas tersebut diunggah untuk usulan Anda sendiri.',
      operator: 'Anda menerima pemberitahuan ini sebagai operator instansi yang menginput usulan ini.',
      handler: 'Anda menerima pemberitahuan ini karena usulan ini sedang berada pada Anda.',
    },
    smsHead: 'Pantau: Usulan',
    sms: { applicant: 'berkas berbahaya, unggah ulang:', operator: 'berkas berbahaya, unggah ulang:', handler: 'berkas berbahaya dikarantina:' },
    smsReplaced: 'berkas lama berbahaya, sudah diganti:',
    smsOpen: 'Buka:',
  },
  en: {
    subject: 'Harmful document quarantined',
    lead: {
      applicant: "A file uploaded as one of your proposal's documents was found harmful by Pantau's malware scanner and has been quarantined.",
      operator: "A file uploaded as one of the documents of a proposal your agency filed was found harmful by Pantau's malware scanner and has been quarantined.",
      handler: "A file uploaded as one of the documents of a proposal that is with you was found harmful by Pantau's malware scanner and has been quarantined.",
    },
    document: 'Document',
    version: 'File version',
    contained: 'Nobody can open that file, and it will not be forwarded. The document must be uploaded again, as a clean file.',
    containedReplaced: (n) => `Nobody can open that file, and it will not be forwarded. The document has since been replaced by version ${n}, so it need not be uploaded again.`,
    checkDevice: 'Check the device the file was uploaded from with an antivirus program before uploading any other: harmful files often come from an infected device.',
    finding: 'Scanner finding',
    next: {
      applicant: {
        holds: 'Upload the document again in Pantau. The proposal cannot be submitted or resubmitted until it is replaced.',
        away: 'The staff handling your proposal have been told too. Once the proposal is returned to you, upload the document again in Pantau.',
      },
      operator: {
        holds: 'Upload the document again in Pantau, with the employee concerned if need be. The proposal cannot be submitted or resubmitted until it is replaced.',
        away: 'The staff handling this proposal have been told too. Once the proposal is returned to your agency, upload the document again in Pantau.',
      },
      handler:
        'While the current version of a document is quarantined, the proposal cannot be forwarded or approved. ' +
        'Return the proposal (BTS) so that the applicant uploads this document again; a quarantined document is listed in the return by itself.',
      replaced: 'There is nothing more you need to do about this document.',
      handlerReplaced: (n) => `Review the document from version ${n} of the file as usual; the quarantined file is not part of the review.`,
    },
    viewProposal: 'View the proposal',
    why: {
      applicant: 'You receive this notice because the file was uploaded for your own proposal.',
      operator: "You receive this notice as an operator of the agency that filed this proposal.",
      handler: 'You receive this notice because this proposal is with you.',
    },
    smsHead: 'Pantau: Proposal',
    sms: { applicant: 'harmful file, upload again:', operator: 'harmful file, upload again:', handler: 'harmful file quarantined:' },
    smsReplaced: 'old file harmful, already replaced:',
    smsOpen: 'Open:',
  },
};

// What goes first when room runs out: the word before the link, then the document's name (the
// email and the proposal's page have it whole); what happened stays.
const SMS_PRIORITY = { happened: 1, document: 2, linkLabel: 3 } as const;

/** What a quarantine notice says, worked out once for the text, HTML and SMS parts alike. */
interface Facts {
  lang: Lang;
  copy: QuarantineCopy;
  subject: string;
  name: string;
  document: string;
  service: string;
  status: string;
  contained: string;
  next: string;
  smsHappened: string;
  /** Only staff read it; one line, whatever the scanner's words carry. */
  finding: string | undefined;
  /** The applicant's signed link is "track"; staff open the proposal in the front end. */
  linkLabel: string;
  smsLinkLabel: string;
}

function factsOf(message: QuarantineMessage): Facts {
  const { lang, audience } = message;
  const copy = COPY[lang];
  const words = WORDS[lang];
  const holds = APPLICANT_HOLDS.has(message.status) ? 'holds' : 'away';
  const finding = audience === 'applicant' ? undefined : oneLine(message.finding ?? '') || undefined;
  const { replacedBy } = message.document;
  const next =
    replacedBy !== undefined ? (audience === 'handler' ? copy.next.handlerReplaced(replacedBy) : copy.next.replaced)
    : audience === 'handler' ? copy.next.handler
    : copy.next[audience][holds];
  return {
    lang,
    copy,
    subject: oneLine(words.subject(message.proposalId, copy.subject)),
    name: oneLine(message.recipientName),
    document: oneLine(message.document.names[lang]),
    service: message.service[lang],
    status: message.statusLabel[lang],
    contained: replacedBy !== undefined ? copy.containedReplaced(replacedBy) : copy.contained,
    next,
    smsHappened: replacedBy !== undefined ? copy.smsReplaced : copy.sms[audience],
    finding,
    linkLabel: audience === 'applicant' ? words.track : copy.viewProposal,
    smsLinkLabel: audience === 'applicant' ? words.smsTrack : copy.smsOpen,
  };
}

/** The facts table's rows: the document first, the scanner's finding for staff. */
function rows(message: QuarantineMessage, f: Facts): [string, string][] {
  const words = WORDS[f.lang];
  return [
    [f.copy.document, f.document],
    [f.copy.version, String(message.document.version)],
    ...(f.finding ? [[f.copy.finding, f.finding] as [string, string]] : []),
    [words.number, message.proposalId],
    [words.service, f.service],
    [words.status, f.status],
  ];
}

const paragraphs = (message: QuarantineMessage, f: Facts): string[] =>
  message.audience === 'handler' ? [f.contained] : [f.contained, f.copy.checkDevice];

function renderText(message: QuarantineMessage, f: Facts): string {
  const words = WORDS[f.lang];
  const lines = [words.greeting(f.name), '', f.copy.lead[message.audience], ''];
  lines.push(...rows(message, f).map(([label, value]) => `${label}: ${value}`), '');
  for (const paragraph of paragraphs(message, f)) lines.push(paragraph, '');
  lines.push(
    f.next,
    '',
    `${f.linkLabel}: ${message.url}`,
    '',
    // "-- " is the signature delimiter: mail readers set what follows apart.
    '-- ',
    words.automated,
    `${words.preferences}: ${message.preferencesUrl}`,
    f.copy.why[message.audience],
  );
  return `${lines.join('\n')}\n`;
}

function renderHtml(message: QuarantineMessage, f: Facts): string {
  const words = WORDS[f.lang];
  const e = escapeHtml;
  const card = [
    `<p style="${STYLE.p}">${e(words.greeting(f.name))}</p>`,
    `<p style="${STYLE.lead}">${e(f.copy.lead[message.audience])}</p>`,
    `<table style="${STYLE.table}">`,
    ...rows(message, f).map(([label, value]) => htmlRow(label, value)),
    '</table>',
    ...paragraphs(message, f).map((paragraph) => `<p style="${STYLE.p}">${e(paragraph)}</p>`),
    `<p style="${STYLE.p}">${e(f.next)}</p>`,
    `<p style="${STYLE.p}">${e(f.linkLabel)}: ${linkHtml(message.url)}</p>`,
    `<hr style="${STYLE.rule}">`,
    `<p style="${STYLE.footer}">${e(words.automated)}</p>`,
    `<p style="${STYLE.footer}">${e(words.preferences)}: ${linkHtml(message.preferencesUrl)}</p>`,
    `<p style="${STYLE.footer}">${e(f.copy.why[message.audience])}</p>`,
  ];
  return htmlDocument(f.lang, f.subject, card);
}

function smsParts(message: QuarantineMessage, f: Facts): SmsPart[] {
  return [
    { text: f.copy.smsHead },
    { text: `${message.proposalId}:` },
    { text: f.smsHappened, priority: SMS_PRIORITY.happened },
    // Never the finding: an SMS is read on a lock screen, and the email has it for staff.
    { text: `${smsClause(f.document)}.`, priority: SMS_PRIORITY.document },
    { text: f.smsLinkLabel, priority: SMS_PRIORITY.linkLabel, whole: true },
    { text: message.url },
  ];
}

/** The SMS's parts before they are fitted into one segment: what the length budget is measured on (test/unit). */
export const quarantineSmsParts = (message: QuarantineMessage): SmsPart[] => smsParts(message, factsOf(message));

/**
 * A quarantined document as the recipient reads it: email subject, text and HTML parts, and one
 * GSM-7 SMS segment, in the message's language. It names the document by its catalog names, never
 * the file; the scanner's finding goes to staff only, and never into an SMS. Every value from the
 * message is escaped in the HTML, and only http(s) URLs become links. Throws a RangeError when the
 * link cannot fit an SMS (a configuration fault, as for status changes).
 */
export function renderQuarantine(message: QuarantineMessage): RenderedMessage {
  const facts = factsOf(message);
  return { subject: facts.subject, text: renderText(message, facts), html: renderHtml(message, facts), sms: fitSms(smsParts(message, facts)) };
}
