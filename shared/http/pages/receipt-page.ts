import type { Lang } from '../../domain/messages';
import { formatDate, formatDeadline } from '../../domain/notifications/date-format';
import type { NextStep, Receipt } from '../../domain/proposal/receipt';
import type { Status } from '../../domain/proposal/types';
import { html, type SafeHtml } from '../html';
import { pageDocument } from './document';
import { qrCodeSvg } from './qr';

const WORDS = {
  id: {
    title: 'Bukti pengajuan usulan',
    number: 'Nomor usulan',
    service: 'Layanan',
    agency: 'Instansi',
    employee: 'Pegawai',
    candidate: 'Calon pegawai',
    nip: 'NIP',
    filedBy: 'Diajukan oleh',
    byEmployee: 'Pegawai yang bersangkutan',
    byOperator: 'Operator instansi',
    filedOn: 'Tanggal pengajuan',
    status: 'Status',
    nextHeading: 'Langkah berikutnya',
    submit: (stage: string, days: number) => `Usulan ini masih berupa draf. Setelah diajukan, usulan masuk ke tahap “${stage}”, yang diselesaikan paling lama ${days} hari kerja.`,
    stage: (stage: string, days: number, due?: string) => `Usulan sedang berada di tahap “${stage}”, yang diselesaikan paling lama ${days} hari kerja${due ? `, dengan batas waktu ${due}` : ''}.`,
    fix: (days: number, due?: string) => `Usulan dikembalikan untuk perbaikan dokumen. Perbaiki dokumennya lalu ajukan kembali dalam ${days} hari kerja${due ? `, paling lambat ${due}` : ''}.`,
    closed: {
      COMPLETED: 'Usulan telah selesai diproses. Surat keputusannya dapat diperoleh dari instansi.',
      REJECTED: 'Usulan dinyatakan tidak memenuhi syarat (TMS) dan tidak diproses lebih lanjut. Alasannya tercantum di halaman pelacakan.',
      WITHDRAWN: 'Usulan telah dibatalkan dan tidak diproses lebih lanjut.',
    },
    trackHeading: 'Pantau usulan ini',
    qrLabel: 'Kode QR berisi tautan pelacakan usulan ini',
    scan: 'Pindai kode QR dengan kamera ponsel, atau ketik tautan ini di peramban:',
    linkNote: 'Tautan ini membuka halaman pelacakan tanpa PIN dan tanpa data pribadi. Siapa pun yang memegangnya dapat melihat status usulan: simpan bukti ini baik-baik.',
    pinHeading: 'PIN pelacakan',
    pin: 'PIN tidak dicetak pada bukti ini. Simpan PIN yang ditampilkan saat pengajuan: dengan nomor usulan dan PIN, usulan dapat dilacak tanpa tautan ini.',
    print: 'Untuk mencetak bukti ini, gunakan menu Cetak pada peramban (Ctrl+P).',
  },
  en: {
    title: 'Proposal filing receipt',
    number: 'Proposal number',
    service: 'Service',
    agency: 'Agency',
    employee: 'Employee',
    candidate: 'Candidate',
    nip: 'NIP',
    filedBy: 'Filed by',
    byEmployee: 'The employee',
    byOperator: 'The agency’s operator',
    filedOn: 'Filed on',
    status: 'Status',
    nextHeading: 'What happens next',
    submit: (stage: string, days: number) => `This proposal is still a draft. Once it is submitted, it goes to “${stage}”, which takes at most ${days} working days.`,
    stage: (stage: string, days: number, due?: string) => `The proposal is at “${stage}”, which takes at most ${days} working days${due ? `, due ${due}` : ''}.`,
    fix: (days: number, due?: string) => `The proposal was returned for its documents to be fixed. Fix them and resubmit within ${days} working days${due ? `, by ${due}` : ''}.`,
    closed: {
      COMPLETED: 'The proposal has been completed. Its decision letter is available from the agency.',
      REJECTED: 'The proposal was found not to meet the requirements and goes no further. The tracking page gives the reason.',
      WITHDRAWN: 'The proposal was withdrawn and goes no further.',
    },
    trackHeading: 'Follow this proposal',
    qrLabel: 'QR code of this proposal’s tracking link',
    scan: 'Scan the QR code with a phone camera, or type this link into a browser:',
    linkNote: 'The link opens the tracking page, with no PIN and no personal data. Anyone holding it can see the proposal’s status: keep this receipt safe.',
    pinHeading: 'Tracking PIN',
    pin: 'The PIN is not printed on this receipt. Keep the PIN shown when the proposal was filed: with the number and the PIN, the proposal can be tracked without this link.',
    print: 'To print this receipt, use the browser’s Print menu (Ctrl+P).',
  },
} as const;

/** The status tag's tone: the same adjective colours every page uses (PAGE_CSS .tag). */
const TONE: Record<Status, 'ok' | 'wait' | 'stop' | 'off'> = {
  DRAFT: 'off',
  IN_PROGRESS: 'wait',
  RETURNED: 'stop',
  APPROVED: 'ok',
  COMPLETED: 'ok',
  REJECTED: 'stop',
  WITHDRAWN: 'off',
};

function nextWords(next: NextStep, lang: Lang): string {
  const words = WORDS[lang];
  const due = (step: { dueAt?: string; zone: Parameters<typeof formatDeadline>[1] }) => (step.dueAt ? formatDeadline(step.dueAt, step.zone, lang) : undefined);
  switch (next.kind) {
    case 'submit':
      return words.submit(next.firstStage[lang], next.workingDays);
    case 'stage':
      return words.stage(next.stage[lang], next.workingDays, due(next));
    case 'fix':
      return words.fix(next.workingDays, due(next));
    case 'closed':
      return words.closed[next.status];
  }
}

/**
 * The receipt as a page: readable on a phone, one A4 sheet when printed (the print rules in
 * PAGE_CSS). No language switch: it is fetched with a token (a front end, or curl into a file),
 * where a link back to the API would not carry one; `?lang=` or Accept-Language chooses.
 */
export function receiptPage(receipt: Receipt, lang: Lang): SafeHtml {
  const words = WORDS[lang];
  const subject = receipt.subject;
  const main = html`<h1>${words.title}</h1>
<dl class="receipt">
<dt>${words.number}</dt><dd><strong class="number">${receipt.id}</strong></dd>
<dt>${words.service}</dt><dd>${receipt.service[lang]}</dd>
<dt>${words.agency}</dt><dd>${receipt.agency.name}</dd>
${subject?.kind === 'employee' && html`<dt>${words.employee}</dt><dd>${subject.name !== undefined && html`${subject.name}<br>`}${words.nip} ${subject.nip}</dd>`}
${subject?.kind === 'candidate' && html`<dt>${words.candidate}</dt><dd>${subject.name}</dd>`}
<dt>${words.filedBy}</dt><dd>${receipt.filedBy === 'PEGAWAI' ? words.byEmployee : words.byOperator}</dd>
<dt>${words.filedOn}</dt><dd>${formatDate(receipt.filedOn, lang)}</dd>
<dt>${words.status}</dt><dd><span class="tag ${TONE[receipt.status]}">${receipt.statusLabel[lang]}</span></dd>
</dl>
<h2>${words.nextHeading}</h2>
<p>${nextWords(receipt.next, lang)}</p>
<h2>${words.trackHeading}</h2>
<div class="track">${qrCodeSvg(receipt.trackingLink, words.qrLabel)}<div><p>${words.scan}</p><p class="link"><a href="${receipt.trackingLink}">${receipt.trackingLink}</a></p><p class="hint">${words.linkNote}</p></div></div>
<h2>${words.pinHeading}</h2>
<p>${words.pin}</p>
<p class="hint noprint">${words.print}</p>`;
  return pageDocument({ lang, title: `${words.title} ${receipt.id}`, main });
}
