import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { STATUS_LABELS, type Lang } from '../../shared/domain/messages';
import { gsm7Length, isGsm7, isSingleSegment } from '../../shared/domain/notifications/gsm7';
import { renderStatusChange, statusChangeSmsParts } from '../../shared/domain/notifications/templates';
import type { StatusChangeMessage } from '../../shared/domain/notifications/types';
import { ACTIONS, type Action, type Status } from '../../shared/domain/proposal/types';
import { goldenIn } from './golden/expect-golden';
import { cdkJsonBases, signedLink } from '../support/notice-links';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'notifications');

const expectGolden = goldenIn(GOLDEN_DIR);

const PROPOSAL = 'USL-7K2M-9QXA-4TNB';
// What production sends: its base URLs, a link signed with a fixed key.
const PROD = cdkJsonBases('prod');
const TRACK = signedLink(PROD, PROPOSAL);
const IN_FRONT_END = `${PROD.webBaseUrl}/proposals/${PROPOSAL}`;

/** One proposal's status change, with the labels taken from the catalog as the sender would. */
function messageFor(
  lang: Lang,
  action: Action,
  type: ServiceType,
  status: Status,
  stageCode: string | null,
  extra: Partial<Pick<StatusChangeMessage, 'reason' | 'missingItems' | 'audience' | 'documents'>> = {},
): StatusChangeMessage {
  const stage = stageCode === 'COMPLETION' ? type.completion.names : type.stages.find((s) => s.code === stageCode)?.names ?? null;
  return {
    lang,
    audience: 'applicant',
    recipientName: 'Siti Rahmawati',
    proposalId: PROPOSAL,
    service: type.names,
    action,
    status,
    statusLabel: STATUS_LABELS[status],
    stage,
    ...extra,
    trackUrl: TRACK,
    preferencesUrl: `${PROD.webBaseUrl}/settings/notifications`,
  };
}

// A promotion through its stages, and a leave request that is rejected or withdrawn.
const CASES: Record<Action, (lang: Lang) => StatusChangeMessage> = {
  submit: (lang) => messageFor(lang, 'submit', kenaikanPangkat, 'IN_PROGRESS', 'PERSETUJUAN_PYB'),
  forward: (lang) => messageFor(lang, 'forward', kenaikanPangkat, 'IN_PROGRESS', 'VERIFIKASI_BKN'),
  return: (lang) =>
    messageFor(lang, 'return', kenaikanPangkat, 'RETURNED', 'VERIFIKASI_BKN', {
      reason: { code: 'DOKUMEN_TIDAK_LENGKAP', label: RETURN_REASONS.DOKUMEN_TIDAK_LENGKAP, text: 'SKP tahun 2025 belum ditandatangani pejabat penilai kinerja.' },
      missingItems: ['SKP tahun 2025 yang telah ditandatangani', 'SK jabatan terakhir (pindaian berwarna)'],
    }),
  resubmit: (lang) => messageFor(lang, 'resubmit', kenaikanPangkat, 'IN_PROGRESS', 'VERIFIKASI_BKN'),
  approve: (lang) => messageFor(lang, 'approve', kenaikanPangkat, 'APPROVED', 'COMPLETION'),
  reject: (lang) =>
    messageFor(lang, 'reject', cuti, 'REJECTED', null, {
      reason: { code: 'SALDO_CUTI_TIDAK_CUKUP', label: REJECTION_REASONS.SALDO_CUTI_TIDAK_CUKUP, text: 'Sisa cuti tahunan 2026 tinggal 2 hari kerja, sedangkan yang diajukan 5 hari kerja.' },
    }),
  complete: (lang) => messageFor(lang, 'complete', kenaikanPangkat, 'COMPLETED', 'COMPLETION'),
  withdraw: (lang) => messageFor(lang, 'withdraw', cuti, 'WITHDRAWN', null),
};

const LANGS: readonly Lang[] = ['id', 'en'];
const EVERY_NOTICE = ACTIONS.flatMap((action) => LANGS.map((lang) => ({ action, lang })));

describe('what a civil servant receives after each status change', () => {
  it.each(EVERY_NOTICE)('the $action notice in $lang reads as reviewed: subject, text, HTML and SMS', ({ action, lang }) => {
    const rendered = renderStatusChange(CASES[action](lang));
    expectGolden(`${action}.${lang}.subject.txt`, rendered.subject);
    expectGolden(`${action}.${lang}.txt.txt`, rendered.text);
    expectGolden(`${action}.${lang}.html.txt`, rendered.html);
    expectGolden(`${action}.${lang}.sms.txt`, rendered.sms);
  });

  it.each(EVERY_NOTICE)('the $action SMS in $lang is one GSM-7 segment with the number and the link', ({ action, lang }) => {
    const { sms } = renderStatusChange(CASES[action](lang));
    expect(isGsm7(sms)).toBe(true);
    expect(isSingleSegment(sms), `${gsm7Length(sms)} septets: ${sms}`).toBe(true);
    expect(sms).toContain(PROPOSAL);
    expect(sms).toContain(TRACK);
  });

  it.each(EVERY_NOTICE)('the $action email in $lang names the proposal, the service, the new status and the way out of SMS', ({ action, lang }) => {
    const message = CASES[action](lang);
    const { text, html, subject } = renderStatusChange(message);
    for (const part of [text, html]) {
      expect(part).toContain('Siti Rahmawati');
      expect(part).toContain(PROPOSAL);
      expect(part).toContain(message.service[lang]);
      expect(part).toContain(message.statusLabel[lang]);
      expect(part).toContain(message.trackUrl);
      expect(part).toContain(message.preferencesUrl);
    }
    expect(subject).toContain(PROPOSAL);
    expect(html).toContain(`<html lang="${lang}">`);
  });

  it('a returned proposal lists each missing item, in both parts of the email', () => {
    const { text, html } = renderStatusChange(CASES.return('id'));
    expect(text).toContain('1. SKP tahun 2025 yang telah ditandatangani\n2. SK jabatan terakhir (pindaian berwarna)\n');
    expect(html).toContain('<li>SKP tahun 2025 yang telah ditandatangani</li>\n<li>SK jabatan terakhir (pindaian berwarna)</li>');
  });

  // A return after per-document review lists the rejected documents by their catalog codes, beside what the verifier typed.
  const returnedDocuments = (lang: Lang) =>
    messageFor(lang, 'return', kenaikanPangkat, 'RETURNED', 'VERIFIKASI_BKN', {
      reason: { code: 'DOKUMEN_TIDAK_SESUAI', label: RETURN_REASONS.DOKUMEN_TIDAK_SESUAI },
      missingItems: ['SKP_DUA_TAHUN', ' SK_JABATAN ', 'Surat pengantar dari kepala OPD'],
      documents: kenaikanPangkat.requiredDocuments,
    });

  it.each(LANGS)('a return that lists documents by their codes names them from the catalog in %s: email and SMS', (lang) => {
    const rendered = renderStatusChange(returnedDocuments(lang));
    expectGolden(`return-documents.${lang}.txt.txt`, rendered.text);
    expectGolden(`return-documents.${lang}.html.txt`, rendered.html);
    expectGolden(`return-documents.${lang}.sms.txt`, rendered.sms);
    const [skp, jabatan] = ['SKP_DUA_TAHUN', 'SK_JABATAN'].map((code) => kenaikanPangkat.requiredDocuments.find((d) => d.code === code)!.names[lang]);
    expect(rendered.text).toContain(`1. ${skp}\n2. ${jabatan}\n3. Surat pengantar dari kepala OPD\n`);
    expect(rendered.html).toContain(`<li>${skp}</li>\n<li>${jabatan}</li>\n<li>Surat pengantar dari kepala OPD</li>`);
    for (const part of [rendered.text, rendered.html, rendered.sms]) expect(part).not.toMatch(/SKP_DUA_TAHUN|SK_JABATAN/);
    expect(isSingleSegment(rendered.sms)).toBe(true);
    // The SMS names them too, where room is left beside the production link (here there is none: they go first).
    const missing = statusChangeSmsParts(returnedDocuments(lang)).find((part) => part.label === (lang === 'id' ? 'Lengkapi: ' : 'Missing: '))!;
    expect(missing.text).toBe(`${skp}; ${jabatan}; Surat pengantar dari kepala OPD.`);
  });

  it('a code of another service, or one without the catalog at hand, stays as it was written', () => {
    const foreign = renderStatusChange({ ...returnedDocuments('id'), missingItems: ['FORMULIR_CUTI', 'SKP_DUA_TAHUN'] });
    expect(foreign.text).toContain('1. FORMULIR_CUTI\n2. SKP dua tahun terakhir\n');
    const { documents: _documents, ...withoutCatalog } = returnedDocuments('id');
    expect(renderStatusChange(withoutCatalog).text).toContain('1. SKP_DUA_TAHUN\n');
  });

  it('a forwarded promotion tells the employee, in Indonesian, which stage it went to', () => {
    expect(renderStatusChange(CASES.forward('id')).text).toContain('Usulan Anda telah diteruskan ke tahap Verifikasi BKN / Kanreg.');
  });

  it('a reason sent without its label is named from the catalog of the action', () => {
    const rejected = renderStatusChange(messageFor('en', 'reject', cuti, 'REJECTED', null, { reason: { code: 'USUL_GANDA' } }));
    expect(rejected.text).toContain('Reason: Duplicate proposal');
    const returned = renderStatusChange(messageFor('id', 'return', cuti, 'RETURNED', 'PERTIMBANGAN_ATASAN', { reason: { code: 'DOKUMEN_TIDAK_TERBACA' }, missingItems: ['Formulir cuti'] }));
    expect(returned.sms).toContain('Alasan: Dokumen tidak terbaca.');
    const unknown = renderStatusChange(messageFor('en', 'reject', cuti, 'REJECTED', null, { reason: { code: 'constructor', text: 'Filed twice' } }));
    expect(unknown.text).toContain('Reason: constructor\nDetails: Filed twice');
    expect(unknown.sms).toContain('Reason: Filed twice.');
  });

  it('a reason of "other" is told in its own words in the SMS', () => {
    const { sms } = renderStatusChange(
      messageFor('id', 'reject', cuti, 'REJECTED', null, { reason: { code: 'LAINNYA', label: REJECTION_REASONS.LAINNYA, text: 'Tanggal cuti bertabrakan dengan ujian dinas' } }),
    );
    // Cut short beside the production link; the page and the email have the whole of it.
    expect(sms).toContain('Alasan: Tanggal cuti bertabrakan dengan...');
  });

  it.each(LANGS.flatMap((lang) => (['submit', 'return', 'reject'] as const).map((action) => ({ action, lang }))))(
    "the operator who filed it reads the $action notice in $lang about the employee's proposal, not as their own",
    ({ action, lang }) => {
      const rendered = renderStatusChange({ ...CASES[action](lang), audience: 'filer', trackUrl: IN_FRONT_END, recipientName: 'Dewi Lestari' });
      expectGolden(`${action}.${lang}.filer.txt.txt`, rendered.text);
      expectGolden(`${action}.${lang}.filer.sms.txt`, rendered.sms);
      expect(rendered.text).not.toMatch(/Usulan Anda|Your proposal|your own proposal|usulan Anda sendiri/);
      // The operator follows it in the front end, signed in: no public link in their copy.
      for (const part of [rendered.text, rendered.html, rendered.sms]) {
        expect(part).toContain(IN_FRONT_END);
        expect(part).not.toContain(`${PROD.publicBaseUrl}/`);
      }
      // The subject and the SMS are about the proposal's number, whoever reads them: the same news, another link.
      expect(rendered.subject).toBe(renderStatusChange(CASES[action](lang)).subject);
      const happened = statusChangeSmsParts(CASES[action](lang)).find((part) => part.priority === 1)!.text;
      for (const sms of [rendered.sms, renderStatusChange(CASES[action](lang)).sms]) {
        expect(sms).toContain(PROPOSAL);
        expect(sms).toContain(happened);
      }
    },
  );

  it('an employee without a name on record is greeted politely all the same', () => {
    expect(renderStatusChange({ ...CASES.submit('id'), recipientName: '  ' }).text.startsWith('Yth. Bapak/Ibu,\n')).toBe(true);
    expect(renderStatusChange({ ...CASES.submit('en'), recipientName: '' }).text.startsWith('Dear Sir or Madam,\n')).toBe(true);
  });
});
