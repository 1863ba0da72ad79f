import type { TimeZone } from '../../domain/actors';
import { localDate, UTC_OFFSET_HOURS } from '../../domain/calendar';
import type { Names } from '../../domain/catalog/types';
import type { Lang } from '../../domain/messages';
import { formatDate, formatDeadline, ZONE_ABBREVIATIONS } from '../../domain/notifications/date-format';
import type { Channel } from '../../domain/notifications/types';
import type { Status } from '../../domain/proposal/types';
import type { Holder, NextStep, TimelineEntry, TrackingPage } from '../../domain/tracking/tracking-page';
import { html, type HtmlValue, type SafeHtml } from '../html';
import { pageDocument } from './document';

/**
 * The public tracking page and its PIN form, worded in Indonesian and English from the view
 * model (shared/domain/tracking/tracking-page.ts). Accessible by construction: one h1 and h2s
 * under it, labels tied to inputs, errors announced (role="alert") and tied to their fields
 * (aria-describedby, aria-invalid), the status said in words beside its colour, every date a
 * <time> with its instant. No script.
 */

const TAGS: Readonly<Record<Status, Names>> = {
  DRAFT: { id: 'Draf', en: 'Draft' },
  IN_PROGRESS: { id: 'Sedang diproses', en: 'In progress' },
  RETURNED: { id: 'Perlu diperbaiki', en: 'Needs fixing' },
  APPROVED: { id: 'Disetujui', en: 'Approved' },
  COMPLETED: { id: 'Selesai', en: 'Completed' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  WITHDRAWN: { id: 'Dibatalkan', en: 'Withdrawn' },
};

/** What the tag means, in a sentence: the tag is never read by its colour alone. */
const MEANINGS: Readonly<Record<Status, Names>> = {
  DRAFT: { id: 'Usul ini belum diajukan.', en: 'This proposal has not been submitted yet.' },
  IN_PROGRESS: { id: 'Usul sedang diperiksa petugas. Anda tidak perlu melakukan apa pun sekarang.', en: 'Officers are working on it. You need not do anything now.' },
  RETURNED: { id: 'Usul dikembalikan untuk diperbaiki dan menunggu perbaikan sebelum diproses lagi.', en: 'It was sent back to be fixed and waits for the fix before it moves on.' },
  APPROVED: { id: 'Usul telah disetujui; surat keputusannya sedang diterbitkan.', en: 'It was approved; the decision letter is being issued.' },
  COMPLETED: { id: 'Usul telah selesai diproses.', en: 'It has been completed.' },
  REJECTED: { id: 'Usul tidak memenuhi syarat dan tidak diproses lebih lanjut.', en: 'It did not meet the requirements and goes no further.' },
  WITHDRAWN: { id: 'Usul dibatalkan oleh pengusul dan tidak diproses lagi.', en: 'The applicant withdrew it; it is not processed any more.' },
};

const CHANNEL_NAMES: Readonly<Record<Channel, string>> = { email: 'email', sms: 'SMS' };

const WORDS = {
  id: {
    title: (service: string) => `Usul ${service}`,
    number: 'Nomor usulan',
    status: 'Status',
    now: 'Posisi sekarang',
    heldBy: 'Ditangani oleh',
    stage: 'Tahap',
    due: 'Batas waktu',
    overdue: 'sudah lewat batas waktu',
    holder: (holder: Holder): string =>
      holder.who === 'applicant' ? `Pengusul, untuk diperbaiki (${holder.organisation})`
      : holder.who === 'operator' ? `Operator ${holder.organisation}, untuk diperbaiki`
      : holder.who === 'supervisor' ? `Atasan langsung, ${holder.organisation}`
      : holder.organisation,
    next: 'Langkah berikutnya',
    toFix: 'Yang perlu diperbaiki',
    reason: 'Alasan',
    documents: 'Dokumen yang perlu diperbaiki:',
    moreToFix: 'Rincian lain disebutkan dalam SMS atau email yang dikirim kepada pengusul.',
    onlyInMessages: 'Rinciannya disebutkan dalam SMS atau email yang dikirim kepada pengusul.',
    history: 'Riwayat',
    notifiedBy: (channels: string) => `Diberitahukan lewat ${channels}`,
    and: ' dan ',
    noPersonalData: 'Halaman ini tidak memuat data pribadi. Simpan tautannya untuk melihat perkembangan berikutnya.',
    steps: {
      submit: () => html`Pengusul perlu mengajukan usul ini agar dapat diproses.`,
      nextStage: (stage: string) => html`Setelah tahap ini, usul diteruskan ke tahap berikutnya: ${stage}.`,
      decision: (completion: string) => html`Setelah tahap ini, usul diputuskan: disetujui atau ditolak. Bila disetujui, langkah terakhirnya: ${completion}.`,
      fix: (by: 'applicant' | 'operator', before: HtmlValue) =>
        by === 'applicant'
          ? html`Perbaiki yang diminta, lalu ajukan kembali usul ini${before ? html` paling lambat ${before}` : ''}.`
          : html`Operator instansi memperbaiki yang diminta, lalu mengajukan kembali usul ini${before ? html` paling lambat ${before}` : ''}.`,
      issue: (completion: string) => html`Surat keputusannya sedang diterbitkan: ${completion}.`,
      done: () => html`Tidak ada langkah lagi yang perlu dilakukan.`,
      rejected: () => html`Usul ini tidak dilanjutkan. Usul baru dapat diajukan setelah syaratnya terpenuhi.`,
      withdrawn: () => html`Usul ini tidak dilanjutkan. Usul baru dapat diajukan bila diperlukan.`,
    },
    at: (time: string) => `pukul ${time.replace(':', '.')}`,
  },
  en: {
    title: (service: string) => `${service} proposal`,
    number: 'Proposal number',
    status: 'Status',
    now: 'Where it is now',
    heldBy: 'Handled by',
    stage: 'Stage',
    due: 'Due',
    overdue: 'overdue',
    holder: (holder: Holder): string =>
      holder.who === 'applicant' ? `The applicant, to fix it (${holder.organisation})`
      : holder.who === 'operator' ? `The operator of ${holder.organisation}, to fix it`
      : holder.who === 'supervisor' ? `The direct supervisor, ${holder.organisation}`
      : holder.organisation,
    next: 'What happens next',
    toFix: 'What needs fixing',
    reason: 'Reason',
    documents: 'Documents to fix:',
    moreToFix: 'Other details are in the SMS or email sent to the applicant.',
    onlyInMessages: 'The details are in the SMS or email sent to the applicant.',
    history: 'History',
    notifiedBy: (channels: string) => `Notified by ${channels}`,
    and: ' and ',
    noPersonalData: 'This page holds no personal data. Keep the link to see what happens next.',
    steps: {
      submit: () => html`The applicant must submit it before it can be processed.`,
      nextStage: (stage: string) => html`After this stage it goes on to the next: ${stage}.`,
      decision: (completion: string) => html`After this stage comes the decision: approved or rejected. If approved, the last step is: ${completion}.`,
      fix: (by: 'applicant' | 'operator', before: HtmlValue) =>
        by === 'applicant'
          ? html`Fix what was asked for, then resubmit it${before ? html` by ${before}` : ''}.`
          : html`The agency’s operator fixes what was asked for, then resubmits it${before ? html` by ${before}` : ''}.`,
      issue: (completion: string) => html`The decision letter is being issued: ${completion}.`,
      done: () => html`Nothing more needs to be done.`,
      rejected: () => html`This proposal goes no further. A new one may be filed once the requirements are met.`,
      withdrawn: () => html`This proposal goes no further. A new one may be filed if needed.`,
    },
    at: (time: string) => `at ${time}`,
  },
} as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 'Senin, 2 November 2026 pukul 09.00 WIB' / 'Monday, 2 November 2026 at 09:00 WIB'. */
export function dateTimeText(at: string, zone: TimeZone, lang: Lang): string {
  const local = new Date(Date.parse(at) + UTC_OFFSET_HOURS[zone] * 3_600_000);
  return `${formatDate(localDate(at, zone), lang)} ${WORDS[lang].at(`${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`)} ${ZONE_ABBREVIATIONS[zone]}`;
}

/** A deadline: the date when it is the end of a local day (as deadlines are), always with its zone. */
export function deadlineText(at: string, zone: TimeZone, lang: Lang): string {
  const text = formatDeadline(at, zone, lang);
  return text.endsWith(ZONE_ABBREVIATIONS[zone]) ? text : `${text} (${ZONE_ABBREVIATIONS[zone]})`;
}

const timeOf = (at: string, text: string) => html`<time datetime="${at}">${text}</time>`;

function nextStepHtml(step: NextStep, lang: Lang): SafeHtml {
  const words = WORDS[lang].steps;
  switch (step.kind) {
    case 'submit': return words.submit();
    case 'next-stage': return words.nextStage(step.stage[lang]);
    case 'decision': return words.decision(step.completion[lang]);
    case 'fix': return words.fix(step.by, step.before && timeOf(step.before.at, deadlineText(step.before.at, step.before.zone, lang)));
    case 'issue': return words.issue(step.completion[lang]);
    case 'done': return words.done();
    case 'rejected': return words.rejected();
    case 'withdrawn': return words.withdrawn();
  }
}

function timelineEntryHtml(entry: TimelineEntry, zone: TimeZone, lang: Lang): SafeHtml {
  const words = WORDS[lang];
  const channels = entry.notifiedBy.map((c) => CHANNEL_NAMES[c]).join(words.and);
  return html`<li><p><strong>${entry.label[lang]}</strong></p><p>${timeOf(entry.at, dateTimeText(entry.at, zone, lang))}</p>${entry.stage && html`<p>${words.stage}: ${entry.stage[lang]}</p>`}${entry.reason && html`<p>${words.reason}: ${entry.reason[lang]}</p>`}${channels && html`<p class="hint">${words.notifiedBy(channels)}</p>`}</li>`;
}

/** The whole tracking page of one proposal. */
export function trackingPageHtml(page: TrackingPage, lang: Lang, otherLanguageHref?: string): SafeHtml {
  const words = WORDS[lang];
  const title = words.title(page.service[lang]);
  const now = page.holder || page.due;
  const main = html`<h1>${title}</h1>
<p>${words.number}: <strong class="number">${page.id}</strong></p>
<p>${words.status}: <span class="tag ${page.tone}">${TAGS[page.status][lang]}</span></p>
<p>${MEANINGS[page.status][lang]}</p>
${now && html`<h2>${words.now}</h2>
<dl>${page.holder && html`<dt>${words.heldBy}</dt><dd>${words.holder(page.holder)}</dd><dt>${words.stage}</dt><dd>${page.holder.stage[lang]}</dd>`}${page.due && html`<dt>${words.due}</dt><dd>${timeOf(page.due.at, deadlineText(page.due.at, page.due.zone, lang))}${page.due.overdue && html` <strong>(${words.overdue})</strong>`}</dd>`}</dl>`}
<h2>${words.next}</h2>
<p>${nextStepHtml(page.next, lang)}</p>
${page.status === 'REJECTED' && page.reason && html`<p>${words.reason}: ${page.reason[lang]}</p>`}
${page.toFix && html`<h2>${words.toFix}</h2>
${page.reason && html`<p>${words.reason}: ${page.reason[lang]}</p>`}
${page.toFix.documents.length > 0 ? html`<p>${words.documents}</p><ul>${page.toFix.documents.map((d) => html`<li>${d[lang]}</li>`)}</ul>${page.toFix.more && html`<p>${words.moreToFix}</p>`}` : html`<p>${words.onlyInMessages}</p>`}`}
<h2>${words.history}</h2>
<ol class="timeline">${page.timeline.map((entry) => timelineEntryHtml(entry, page.zone, lang))}</ol>
<p class="hint">${words.noPersonalData}</p>`;
  return pageDocument({ lang, title, main, ...(otherLanguageHref !== undefined ? { otherLanguageHref } : {}) });
}

// ---- the form --------------------------------------------------------------------------------

export type FieldProblem = 'missing' | 'malformed';

export interface TrackForm {
  /** The number to fill in: from the old link's path, or what was typed (never the PIN). */
  number?: string;
  /** Field by field, when what was sent cannot be right (not counted). */
  problems?: { number?: FieldProblem; pin?: FieldProblem };
  /** The number and PIN did not open a proposal (counted); which of them was wrong is not said. */
  notFound?: boolean;
}

const FORM_WORDS = {
  id: {
    title: 'Lacak usulan',
    intro: 'Masukkan nomor usulan dan PIN yang Anda terima saat usul dibuat.',
    prefilled: 'Nomor usulan sudah terisi dari tautan. Masukkan PIN Anda.',
    number: 'Nomor usulan',
    numberHint: 'Contoh: USL-7K2M-9Q4D-H3XA',
    pin: 'PIN',
    pinHint: '6 angka',
    submit: 'Lacak',
    notFound: 'Nomor usulan atau PIN tidak cocok. Periksa keduanya, lalu coba lagi. Setelah beberapa kali salah, pelacakan usul ini dikunci sampai jam berikutnya.',
    problems: 'Periksa isian berikut:',
    number_missing: 'Isi nomor usulan.',
    number_malformed: 'Nomor usulan ditulis seperti USL-7K2M-9Q4D-H3XA.',
    pin_missing: 'Isi PIN.',
    pin_malformed: 'PIN terdiri dari 6 angka.',
    noPin: 'Tidak punya PIN? Buka tautan dalam SMS atau email tentang usul ini: tautan itu membuka halaman usul tanpa PIN.',
    error: 'Kesalahan',
  },
  en: {
    title: 'Track a proposal',
    intro: 'Enter the proposal number and the PIN you were given when the proposal was filed.',
    prefilled: 'The proposal number was filled in from the link. Enter your PIN.',
    number: 'Proposal number',
    numberHint: 'For example: USL-7K2M-9Q4D-H3XA',
    pin: 'PIN',
    pinHint: '6 digits',
    submit: 'Track',
    notFound: 'The proposal number or the PIN does not match. Check both and try again. After several wrong tries, tracking this proposal is locked until the next hour.',
    problems: 'Please check these fields:',
    number_missing: 'Enter the proposal number.',
    number_malformed: 'A proposal number looks like USL-7K2M-9Q4D-H3XA.',
    pin_missing: 'Enter the PIN.',
    pin_malformed: 'The PIN is 6 digits.',
    noPin: 'No PIN? Open the link in an SMS or email about this proposal: it opens the proposal’s page without a PIN.',
    error: 'Error',
  },
} as const;

/** The number and PIN form: GET /track, GET /track/{id} (number filled in), and POST /track's answers when they fail. */
export function trackFormHtml(form: TrackForm, lang: Lang, otherLanguageHref?: string): SafeHtml {
  const words = FORM_WORDS[lang];
  const problems = form.problems ?? {};
  const listed = (['number', 'pin'] as const).filter((field) => problems[field]);
  const alertId = 'form-alert';
  const field = (name: 'number' | 'pin', extra: SafeHtml) => {
    const problem = problems[name];
    const invalid = problem !== undefined || form.notFound === true;
    const describedBy = [`${name}-hint`, problem && `${name}-error`, form.notFound && alertId].filter(Boolean).join(' ');
    return html`<label for="${name}">${words[name]}</label>
<p class="hint" id="${name}-hint">${name === 'number' ? words.numberHint : words.pinHint}</p>
${problem && html`<p class="field-error" id="${name}-error">${words.error}: ${words[`${name}_${problem}`]}</p>`}
<input id="${name}" name="${name}" ${extra} aria-describedby="${describedBy}"${invalid ? html` aria-invalid="true"` : ''} required>`;
  };
  const main = html`<h1>${words.title}</h1>
<p>${form.number && !form.notFound && !listed.length ? words.prefilled : words.intro}</p>
${form.notFound && html`<div class="alert" role="alert" id="${alertId}"><p>${words.notFound}</p></div>`}
${listed.length > 0 && html`<div class="alert" role="alert" id="${alertId}"><p>${words.problems}</p><ul>${listed.map((name) => html`<li><a href="#${name}">${words[name]}: ${words[`${name}_${problems[name]!}`]}</a></li>`)}</ul></div>`}
<form method="post" action="/track">
<input type="hidden" name="lang" value="${lang}">
${field('number', html`type="text" value="${form.number ?? ''}" maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false"`)}
${field('pin', html`type="text" inputmode="numeric" maxlength="6" autocomplete="off"`)}
<button type="submit">${words.submit}</button>
</form>
<p class="hint">${words.noPin}</p>`;
  return pageDocument({ lang, title: words.title, main, ...(otherLanguageHref !== undefined ? { otherLanguageHref } : {}) });
}

/** The answer to a right number and PIN, for a browser that does not follow 303 by itself. */
export function seeOtherHtml(location: string, lang: Lang): SafeHtml {
  const title = lang === 'id' ? 'Membuka halaman usul' : 'Opening the proposal’s page';
  return pageDocument({ lang, title, main: html`<h1>${title}</h1><p><a href="${location}">${lang === 'id' ? 'Lanjutkan ke halaman usul' : 'Go on to the proposal’s page'}</a></p>` });
}
