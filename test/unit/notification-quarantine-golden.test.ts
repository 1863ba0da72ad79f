import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { STATUS_LABELS, type Lang } from '../../shared/domain/messages';
import { quarantineSmsParts, renderQuarantine } from '../../shared/domain/notifications/document-templates';
import { gsm7Length, isGsm7, isSingleSegment } from '../../shared/domain/notifications/gsm7';
import type { QuarantineAudience, QuarantineMessage } from '../../shared/domain/notifications/types';
import type { Status } from '../../shared/domain/proposal/types';
import { goldenIn } from './golden/expect-golden';
import { cdkJsonBases, signedLink } from '../support/notice-links';
import { EICAR_FINDING } from '../support/quarantine';

const expectGolden = goldenIn(join(dirname(fileURLToPath(import.meta.url)), 'golden', 'quarantine'));

const PROPOSAL = 'USL-7K2M-9QXA-4TNB';
// What production sends: its base URLs, the applicant's link signed with a fixed key.
const PROD = cdkJsonBases('prod');
const TRACK = signedLink(PROD, PROPOSAL);
const IN_FRONT_END = `${PROD.webBaseUrl}/proposals/${PROPOSAL}`;
const PREFERENCES = `${PROD.webBaseUrl}/settings/notifications`;

function messageFor(lang: Lang, audience: QuarantineAudience, type: ServiceType, code: string, status: Status, recipientName: string): QuarantineMessage {
  return {
    lang,
    audience,
    recipientName,
    proposalId: PROPOSAL,
    service: type.names,
    document: { names: type.requiredDocuments.find((d) => d.code === code)!.names, version: 2 },
    // The sender leaves it out of the applicant's message; the template must not show it even if it came.
    finding: EICAR_FINDING,
    status,
    statusLabel: STATUS_LABELS[status],
    url: audience === 'applicant' ? TRACK : IN_FRONT_END,
    preferencesUrl: PREFERENCES,
  };
}

/** Sari's own leave request, a draft; a promotion her agency's operator filed, returned; the same promotion with its approver. */
const CASES: Record<string, (lang: Lang) => QuarantineMessage> = {
  applicant: (lang) => messageFor(lang, 'applicant', cuti, 'FORMULIR_CUTI', 'DRAFT', 'Siti Rahmawati'),
  operator: (lang) => messageFor(lang, 'operator', kenaikanPangkat, 'SKP_DUA_TAHUN', 'RETURNED', 'Agus Prasetyo'),
  handler: (lang) => messageFor(lang, 'handler', kenaikanPangkat, 'SKP_DUA_TAHUN', 'IN_PROGRESS', 'Budi Santoso'),
  // A slow verdict on a file replaced meanwhile: nothing to upload, and the notice says so.
  'operator-replaced': (lang) => {
    const message = messageFor(lang, 'operator', kenaikanPangkat, 'SKP_DUA_TAHUN', 'IN_PROGRESS', 'Agus Prasetyo');
    return { ...message, document: { ...message.document, replacedBy: 3 } };
  },
};
const LANGS: readonly Lang[] = ['id', 'en'];
const EVERY_NOTICE = Object.keys(CASES).flatMap((name) => LANGS.map((lang) => ({ name, lang })));

describe('what is told of a document quarantined as harmful', () => {
  it.each(EVERY_NOTICE)('the $name notice in $lang reads as reviewed: subject, text, HTML and SMS', ({ name, lang }) => {
    const rendered = renderQuarantine(CASES[name]!(lang));
    expectGolden(`${name}.${lang}.subject.txt`, rendered.subject);
    expectGolden(`${name}.${lang}.txt.txt`, rendered.text);
    expectGolden(`${name}.${lang}.html.txt`, rendered.html);
    expectGolden(`${name}.${lang}.sms.txt`, rendered.sms);
  });

  it.each(EVERY_NOTICE)('the $name SMS in $lang is one GSM-7 segment with the number, the link and what happened', ({ name, lang }) => {
    const message = CASES[name]!(lang);
    const { sms } = renderQuarantine(message);
    expect(isGsm7(sms)).toBe(true);
    expect(isSingleSegment(sms), `${gsm7Length(sms)} septets: ${sms}`).toBe(true);
    expect(sms).toContain(PROPOSAL);
    expect(sms).toContain(message.url);
    expect(sms).toContain(quarantineSmsParts(message).find((part) => part.priority === 1)!.text);
  });

  it.each(EVERY_NOTICE)('the $name email in $lang names the document from the catalog, the proposal, and the way out of SMS', ({ name, lang }) => {
    const message = CASES[name]!(lang);
    const { subject, text, html } = renderQuarantine(message);
    for (const part of [text, html]) {
      expect(part).toContain(message.recipientName);
      expect(part).toContain(message.document.names[lang]);
      expect(part).toContain(PROPOSAL);
      expect(part).toContain(message.service[lang]);
      expect(part).toContain(message.url);
      expect(part).toContain(PREFERENCES);
    }
    expect(subject).toContain(PROPOSAL);
    expect(html.startsWith(`<!DOCTYPE html>\n<html lang="${lang}">`)).toBe(true);
  });

  it.each(LANGS)('the applicant never reads the scanner’s finding (%s); staff read it in the email, nobody in an SMS', (lang) => {
    const applicant = renderQuarantine(CASES.applicant!(lang));
    for (const part of Object.values(applicant)) expect(part).not.toContain('EICAR');
    for (const name of ['operator', 'handler']) {
      const staff = renderQuarantine(CASES[name]!(lang));
      expect(staff.text).toContain(`${lang === 'id' ? 'Temuan pemindai' : 'Scanner finding'}: ${EICAR_FINDING}\n`);
      expect(staff.html).toContain(EICAR_FINDING);
      expect(staff.sms).not.toContain('EICAR');
      expect(staff.subject).not.toContain('EICAR');
    }
  });

  it('the applicant and the operators are told to upload it again, the handler to return the proposal for it', () => {
    expect(renderQuarantine(CASES.applicant!('id')).text).toContain('Unggah ulang dokumen tersebut melalui Pantau.');
    expect(renderQuarantine(CASES.operator!('en')).text).toContain('Upload the document again in Pantau, with the employee concerned if need be.');
    expect(renderQuarantine(CASES.handler!('id')).text).toContain('Kembalikan usulan (BTS) agar pengusul mengunggah ulang dokumen ini');
    expect(renderQuarantine(CASES.handler!('en')).text).not.toContain('antivirus');
  });

  it.each(LANGS)('a file replaced since it was uploaded asks nobody to upload it again (%s)', (lang) => {
    const replaced = (name: string) => {
      const message = CASES[name]!(lang);
      return renderQuarantine({ ...message, document: { ...message.document, replacedBy: 3 } });
    };
    for (const name of ['applicant', 'operator', 'handler']) {
      const { text, sms } = replaced(name);
      expect(text).toContain(lang === 'id' ? 'sudah diganti dengan berkas versi 3, sehingga tidak perlu diunggah ulang.' : 'replaced by version 3, so it need not be uploaded again.');
      expect(text).not.toMatch(/Unggah ulang dokumen|Upload the document again|Kembalikan usulan|Return the proposal/);
      expect(sms).toContain(lang === 'id' ? 'berkas lama berbahaya, sudah diganti:' : 'old file harmful, already replaced:');
      expect(sms).not.toMatch(/unggah ulang|upload again/);
    }
    expect(replaced('handler').text).toContain(lang === 'id' ? 'Periksa dokumen ini dari berkas versi 3 seperti biasa' : 'Review the document from version 3 of the file as usual');
    expect(replaced('applicant').text).toContain(lang === 'id' ? 'Periksa perangkat yang dipakai untuk mengunggah berkas tersebut dengan antivirus' : 'Check the device the file was uploaded from with an antivirus program');
  });

  it('an applicant whose proposal is with its handler is told that the upload comes once it is returned', () => {
    const away = renderQuarantine({ ...CASES.applicant!('id'), status: 'IN_PROGRESS', statusLabel: STATUS_LABELS.IN_PROGRESS });
    expect(away.text).toContain('Setelah usulan dikembalikan kepada Anda, unggah ulang dokumen tersebut melalui Pantau.');
    expect(away.text).not.toContain('Usulan tidak dapat diajukan atau diajukan kembali');
    const returned = renderQuarantine({ ...CASES.applicant!('en'), status: 'RETURNED', statusLabel: STATUS_LABELS.RETURNED });
    expect(returned.text).toContain('The proposal cannot be submitted or resubmitted until it is replaced.');
  });

  it('staff open the proposal in the front end; only the applicant has the public link', () => {
    for (const name of ['operator', 'handler']) {
      for (const part of Object.values(renderQuarantine(CASES[name]!('id')))) expect(part).not.toContain(`${PROD.publicBaseUrl}/`);
    }
    expect(renderQuarantine(CASES.applicant!('en')).sms).toContain(`Track: ${TRACK}`);
  });

  it('the longest document name is cut short in an SMS beside the production link, and stays whole in the email', () => {
    const longest = { id: 'Dokumen pendukung perubahan (ijazah, kartu keluarga, akta, SK jabatan, sesuai data yang diubah)', en: 'x' };
    const rendered = renderQuarantine({ ...CASES.applicant!('id'), document: { names: longest, version: 1 } });
    expect(isSingleSegment(rendered.sms)).toBe(true);
    expect(rendered.sms).toMatch(/berkas berbahaya, unggah ulang: Dokumen pendukung[a-z ]*\.\.\. /);
    expect(rendered.text).toContain(`Dokumen: ${longest.id}\n`);
  });
});
