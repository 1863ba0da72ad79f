import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { createProposal, applyTransition } from '../../shared/domain/proposal/lifecycle';
import { documentsToFix, trackingPage } from '../../shared/domain/tracking/tracking-page';
import { normalisePin, normaliseProposalNumber } from '../../shared/http/schemas';
import { dateTimeText, deadlineText, trackingPageHtml } from '../../shared/http/pages/tracking-page';
import { parsePage } from '../support/pages';
import { ACTORS, EMPLOYEES, ORGS, context } from '../support/fixtures';

/** The page's view model and its wording, without a table: what a state says, in which zone. */

describe('what a return asks to fix', () => {
  it('shows only missing items that name a catalog document, by the catalog’s names; counts the rest', () => {
    expect(documentsToFix(cuti, ['FORMULIR_CUTI'])).toEqual({ documents: [cuti.requiredDocuments[0]!.names], more: false });
    expect(documentsToFix(cuti, ['  formulir   PERMINTAAN cuti ', 'Leave request form', 'Pindaian KTP buram'])).toEqual({ documents: [cuti.requiredDocuments[0]!.names], more: true });
    expect(documentsToFix(cuti, ['SK pangkat terakhir'])).toEqual({ documents: [], more: true });
    // Another service's document is no document of this one.
    expect(documentsToFix(cuti, [kenaikanPangkat.requiredDocuments[0]!.code]).documents).toEqual([]);
  });
});

describe('the page of a promotion at a Kanreg in WITA', () => {
  // Pemprov Kalsel is covered by Kanreg VIII Banjarmasin (WITA).
  const kalselOperator = { ...ACTORS.opYogya, org: ORGS.kalsel!, userId: 'user-op.kalsel', username: 'op.kalsel', name: 'op.kalsel' };
  const kalselApprover = { ...kalselOperator, roles: ['APPROVER' as const], userId: 'user-appr.kalsel', username: 'appr.kalsel' };
  const rahmat = EMPLOYEES.rahmat;
  const ctx = (actor: typeof kalselOperator) => context(actor, kenaikanPangkat, '2026-11-02T02:00:00.000Z', rahmat);
  const docs = kenaikanPangkat.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://${d.code}` }));
  const filed = createProposal({ id: 'USL-0000-0000-00KS', pinHash: 'x', subject: { employee: rahmat }, payload: kenaikanPangkat.examplePayload, documents: docs }, ctx(kalselOperator));
  const submitted = applyTransition(filed.proposal, { action: 'submit', expectedVersion: 1 }, ctx(kalselOperator));
  const forwarded = applyTransition(submitted.proposal, { action: 'forward', expectedVersion: 2 }, ctx(kalselApprover));
  const organisations = new Map([ORGS.kalsel!, ORGS.kanreg8!].map((o) => [o.id, o]));
  const page = trackingPage({ proposal: forwarded.proposal, history: [filed.event, submitted.event, forwarded.event], deliveries: [], type: kenaikanPangkat, organisations, now: '2026-11-02T02:00:00.000Z' });

  it('names the Kanreg, counts its due date in WITA, and reads the timeline in the agency’s zone', () => {
    expect(page.holder).toMatchObject({ who: 'office', organisation: 'Kanreg VIII BKN Banjarmasin' });
    expect(page.due).toMatchObject({ zone: 'Asia/Makassar', overdue: false });
    expect(page.zone).toBe('Asia/Makassar');
    expect(page.timeline.map((e) => e.type)).toEqual(['forward', 'submit', 'create']);
    const text = parsePage(trackingPageHtml(page, 'id').text).text;
    expect(text).toContain('Ditangani oleh Kanreg VIII BKN Banjarmasin');
    expect(text).toContain(deadlineText(page.due!.at, 'Asia/Makassar', 'id'));
    expect(text).toContain('Senin, 2 November 2026 pukul 10.00 WITA');
    expect(text).not.toContain(rahmat.nip);
  });

  it('never colours alone: the tag carries its words and a sentence says what they mean', () => {
    const text = parsePage(trackingPageHtml(page, 'en').text).text;
    expect(text).toContain('Status: In progress');
    expect(text).toContain('Officers are working on it.');
  });
});

describe('dates as people read them', () => {
  it('a moment in WIB, WITA and WIT, in both languages', () => {
    const at = '2026-03-16T17:30:00.000Z';
    expect(dateTimeText(at, 'Asia/Jakarta', 'id')).toBe('Selasa, 17 Maret 2026 pukul 00.30 WIB');
    expect(dateTimeText(at, 'Asia/Makassar', 'en')).toBe('Tuesday, 17 March 2026 at 01:30 WITA');
    expect(dateTimeText(at, 'Asia/Jayapura', 'id')).toBe('Selasa, 17 Maret 2026 pukul 02.30 WIT');
  });

  it('a deadline at the end of a local day is its date and zone', () => {
    expect(deadlineText('2026-11-04T16:59:59.999Z', 'Asia/Jakarta', 'id')).toBe('Rabu, 4 November 2026 (WIB)');
    expect(deadlineText('2026-11-04T16:59:59.999Z', 'Asia/Jayapura', 'en')).toBe('Thursday, 5 November 2026 at 01:59 WIT');
  });
});

describe('what a person types into the form', () => {
  it('a number in any case, spaced or run together, O/I/L for 0/1, full-width', () => {
    for (const typed of ['USL-7K2M-9Q4D-H3XA', 'usl-7k2m-9q4d-h3xa', ' USL 7K2M 9Q4D H3XA ', 'USL7K2M9Q4DH3XA', 'usl–7k2m–9q4d–h3xa', 'ＵＳＬ－７Ｋ２Ｍ－９Ｑ４Ｄ－Ｈ３ＸＡ']) {
      expect(normaliseProposalNumber(typed), typed).toBe('USL-7K2M-9Q4D-H3XA');
    }
    expect(normaliseProposalNumber('USL-OOOO-IIII-LLLL')).toBe('USL-0000-1111-1111');
    for (const typed of ['', 'USL-12', 'ABC-7K2M-9Q4D-H3XA', 'USL-7K2M-9Q4D-H3XAA', 'USL-7K2U-9Q4D-H3XA', '<script>']) expect(normaliseProposalNumber(typed), typed).toBeUndefined();
  });

  it('a PIN of six digits, spaces aside, full-width digits read as digits; nothing else', () => {
    expect(normalisePin(' 042 526 ')).toBe('042526');
    expect(normalisePin('０４２５２６')).toBe('042526');
    for (const typed of ['', '12345', '1234567', 'abcdef', '١٢٣٤٥٦']) expect(normalisePin(typed), typed).toBeUndefined();
  });
});
