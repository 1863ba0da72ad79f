import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { penetapanNip } from '../../shared/domain/catalog/penetapan-nip';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import { receiptOf } from '../../shared/domain/proposal/receipt';
import type { Proposal } from '../../shared/domain/proposal/types';
import { PAGE_CSS } from '../../shared/http/pages/document';
import { qrCodeSvg } from '../../shared/http/pages/qr';
import { receiptPage } from '../../shared/http/pages/receipt-page';
import { ACTORS, EMPLOYEES, ORGS, context } from '../support/fixtures';

const LINK = 'https://pantau.example.go.id/t/USL-7K2M-9Q4D-H3XA/aAbCdEfGhIjKl';
const SLEMAN = ORGS.sleman!;
// Monday 2 November 2026, 23:30 WIB: still the 2nd in Sleman, already the 3rd in WITA and WIT.
const LATE = '2026-11-02T16:30:00.000Z';

function leave(now = '2026-11-02T02:00:00.000Z'): Proposal {
  return createProposal({ id: 'USL-7K2M-9Q4D-H3XA', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://1' }] }, context(ACTORS.sari, cuti, now)).proposal;
}

const move = (proposal: Proposal, as: keyof typeof ACTORS, action: Parameters<typeof applyTransition>[1]['action'], extra: Record<string, unknown> = {}) =>
  applyTransition(proposal, { action, expectedVersion: proposal.version, ...extra }, context(ACTORS[as], cuti)).proposal;

describe('a receipt', () => {
  it('of a draft: number, service, agency, the filing day in the agency’s zone, and the first stage with its service level', () => {
    const receipt = receiptOf({ proposal: leave(LATE), type: cuti, agency: SLEMAN, employeeName: 'Sari', trackingLink: LINK });
    expect(receipt).toEqual({
      id: 'USL-7K2M-9Q4D-H3XA',
      service: cuti.names,
      agency: { name: SLEMAN.name },
      filedOn: '2026-11-02',
      filedBy: 'PEGAWAI',
      status: 'DRAFT',
      statusLabel: { id: 'Usul diinput (draf)', en: 'Draft' },
      subject: { kind: 'employee', nip: EMPLOYEES.sari.nip, name: 'Sari' },
      next: { kind: 'submit', firstStage: cuti.stages[0]!.names, workingDays: cuti.stages[0]!.slaWorkingDays },
      trackingLink: LINK,
    });
    // The same instant is the next day for an agency in WITA.
    expect(receiptOf({ proposal: leave(LATE), type: cuti, agency: ORGS.kalsel!, trackingLink: LINK }).filedOn).toBe('2026-11-03');
  });

  it('follows the proposal: the stage it is at with its due date, a fix by the applicant, then what its end means', () => {
    const submitted = move(leave(), 'sari', 'submit');
    expect(receiptOf({ proposal: submitted, type: cuti, agency: SLEMAN, trackingLink: LINK }).next).toEqual({ kind: 'stage', stage: cuti.stages[0]!.names, workingDays: 2, dueAt: submitted.assignment!.dueAt, zone: 'Asia/Jakarta' });
    const returned = move(submitted, 'verSleman', 'return', { reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['Formulir'] });
    expect(receiptOf({ proposal: returned, type: cuti, agency: SLEMAN, trackingLink: LINK }).next).toEqual({ kind: 'fix', workingDays: cuti.returnedSlaWorkingDays, dueAt: returned.assignment!.dueAt, zone: 'Asia/Jakarta' });
    const approved = move(move(submitted, 'verSleman', 'forward'), 'apprSleman', 'approve');
    expect(receiptOf({ proposal: approved, type: cuti, agency: SLEMAN, trackingLink: LINK }).next).toMatchObject({ kind: 'stage', stage: cuti.completion.names, workingDays: cuti.completion.slaWorkingDays });
    expect(receiptOf({ proposal: move(submitted, 'sari', 'withdraw'), type: cuti, agency: SLEMAN, trackingLink: LINK }).next).toEqual({ kind: 'closed', status: 'WITHDRAWN' });
  });

  it('names the employee only when given the name (a reader who may read the record), the NIP always; a candidate by the payload’s name', () => {
    expect(receiptOf({ proposal: leave(), type: cuti, agency: SLEMAN, trackingLink: LINK }).subject).toEqual({ kind: 'employee', nip: EMPLOYEES.sari.nip });
    const candidate = createProposal(
      { id: 'USL-7K2M-9Q4D-H3XB', pinHash: 'x', subject: { candidateOf: SLEMAN.id }, payload: penetapanNip.examplePayload, documents: [] },
      { ...context(ACTORS.opSleman, penetapanNip), candidate: { today: '2026-11-02' } },
    ).proposal;
    const receipt = receiptOf({ proposal: candidate, type: penetapanNip, agency: SLEMAN, trackingLink: LINK });
    expect(receipt.subject).toEqual({ kind: 'candidate', name: (penetapanNip.examplePayload as { nama: string }).nama });
    expect(receipt.filedBy).toBe('OPERATOR');
  });
});

describe('the QR code', () => {
  it('is one path of modules in an SVG with a text alternative, whatever the text: nothing from the text reaches the markup', () => {
    const hostile = `https://x.example/"><script>alert(1)</script><svg onload=alert(1)>&amp;`;
    for (const text of [LINK, hostile]) {
      const svg = qrCodeSvg(text, 'Kode QR "x" <y>').text;
      expect(svg).toMatch(/^<svg class="qr" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1" shape-rendering="crispEdges" role="img" aria-label="Kode QR &quot;x&quot; &lt;y&gt;"><path fill="#fff" d="M0 0h\1v\1H0z"\/><path stroke="#000" d="[Mmh0-9. ]+"\/><\/svg>$/);
      expect(svg).not.toMatch(/script|onload|alert/);
    }
    expect(qrCodeSvg(LINK, 'x').text).not.toBe(qrCodeSvg(`${LINK}x`, 'x').text);
  });
});

describe('the receipt page', () => {
  const receipt = receiptOf({ proposal: move(leave(), 'sari', 'submit'), type: cuti, agency: SLEMAN, employeeName: 'Sri <b>Wahyuni</b>', trackingLink: LINK });

  it('in Indonesian and in English: the number, the service, the link as text and QR code, and no PIN', () => {
    const id = receiptPage(receipt, 'id').text;
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Bukti pengajuan usulan');
    expect(id).toContain('USL-7K2M-9Q4D-H3XA');
    expect(id).toContain(cuti.names.id);
    expect(id).toContain('Senin, 2 November 2026');
    expect(id).toContain(`<a href="${LINK}">${LINK}</a>`);
    expect(id).toContain('<svg class="qr"');
    expect(id).toContain('Pindai kode QR');
    expect(id).toContain('Simpan PIN yang ditampilkan saat pengajuan');
    expect(id).toContain(`paling lama 2 hari kerja, dengan batas waktu Rabu, 4 November 2026`);
    expect(id).not.toMatch(/<script|\son\w+=|style=/i);
    const en = receiptPage(receipt, 'en').text;
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Proposal filing receipt');
    expect(en).toContain(cuti.names.en);
    expect(en).toContain('Monday, 2 November 2026');
    expect(en).toContain('Keep the PIN shown when the proposal was filed');
    expect(en).toContain('which takes at most 2 working days, due Wednesday, 4 November 2026');
  });

  it('escapes what comes from data', () => {
    const page = receiptPage(receipt, 'id').text;
    expect(page).toContain('Sri &lt;b&gt;Wahyuni&lt;/b&gt;');
    expect(page).not.toContain('<b>Wahyuni');
  });

  it('prints on A4, with what only works on a screen left out', () => {
    expect(PAGE_CSS).toContain('@page{size:A4;');
    expect(PAGE_CSS).toMatch(/@media print\{[^}]*\.noprint[^}]*\{display:none\}/);
  });
});
