import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import { STATUS_LABELS } from '../../shared/domain/messages';
import { SMS_SEGMENT_SEPTETS, gsm7Length, isGsm7 } from '../../shared/domain/notifications/gsm7';
import { renderStatusChange } from '../../shared/domain/notifications/templates';
import type { StatusChangeMessage } from '../../shared/domain/notifications/types';
import { ACTIONS, STATUSES } from '../../shared/domain/proposal/types';

// What people paste: Indonesian with diacritics and typography, emoji, other scripts, and the
// GSM-7 extension characters that cost two septets each.
const PIECES = ['Négeri', 'Ṛai', 'SK', 'pangkat', '😀', '👩‍👩‍👧', '🇮🇩', '公务员', '한국', 'ا', '—', '“', '”', '…', '•', '{', '€', '[', '~', '|', ' ', '\n', '\u00a0', '\u200b', 'é', '́'];
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((pieces) => pieces.join('')),
);
const names = fc.record({ id: text, en: text });
const proposalId = fc.stringMatching(/^USL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
// Base URLs as stages configure them (the longest is staging's): the link is a deployment's choice, not a user's.
const base = fc.constantFrom('https://pantau.example.go.id', 'https://staging.pantau.example.go.id', 'http://127.0.0.1:3000');
const web = fc.constantFrom('https://app.pantau.example.go.id', 'https://app.staging.pantau.example.go.id', 'http://localhost:5173');
// A signed token's shape: a key id and 12 base64url characters.
const token = fc.stringMatching(/^[a-z][A-Za-z0-9_-]{12}$/);
const reasonCode = fc.constantFrom(...Object.keys(RETURN_REASONS), ...Object.keys(REJECTION_REASONS), 'NOT_A_CODE');

const message: fc.Arbitrary<StatusChangeMessage> = fc
  .record({
    lang: fc.constantFrom('id' as const, 'en' as const),
    audience: fc.constantFrom('applicant' as const, 'filer' as const),
    recipientName: text,
    proposalId,
    service: names,
    action: fc.constantFrom(...ACTIONS),
    status: fc.constantFrom(...STATUSES),
    stage: fc.option(names, { nil: null }),
    reason: fc.option(fc.record({ code: reasonCode, label: fc.option(names, { nil: undefined }), text: fc.option(text, { nil: undefined }) }), { nil: undefined }),
    missingItems: fc.option(fc.array(text, { maxLength: 30 }), { nil: undefined }),
    base,
    web,
    token,
  })
  .map(({ base: url, web: front, token: t, ...m }) => ({
    ...m,
    statusLabel: STATUS_LABELS[m.status],
    // The applicant's signed link, or the front end's page of the proposal for the operator who filed it.
    trackUrl: m.audience === 'applicant' ? `${url}/t/${m.proposalId}/${t}` : `${front}/proposals/${m.proposalId}`,
    preferencesUrl: `${front}/settings/notifications`,
  }));

describe('the SMS an employee receives', () => {
  it('is always one GSM-7 segment with the proposal number and the link, whatever was typed', () => {
    fc.assert(
      fc.property(message, (m) => {
        const { sms } = renderStatusChange(m);
        expect(isGsm7(sms)).toBe(true);
        expect(gsm7Length(sms)).toBeLessThanOrEqual(SMS_SEGMENT_SEPTETS);
        expect(sms).toContain(m.proposalId);
        expect(sms).toContain(m.trackUrl);
      }),
      { numRuns: 1000 },
    );
  });

  // 160 septets are few: with the proposal number, the status and the reason, only a short link
  // leaves room for the missing items.
  it('of a returned proposal names the reason and, when there is room, what to complete', () => {
    const { sms } = renderStatusChange({
      lang: 'id',
      audience: 'applicant',
      recipientName: 'Siti',
      proposalId: 'USL-7K2M-9QXA-4TNB',
      service: { id: 'Cuti', en: 'Leave' },
      action: 'return',
      status: 'RETURNED',
      statusLabel: STATUS_LABELS.RETURNED,
      stage: null,
      reason: { code: 'DOKUMEN_TIDAK_TERBACA', label: RETURN_REASONS.DOKUMEN_TIDAK_TERBACA },
      missingItems: ['Formulir cuti yang terbaca.'],
      trackUrl: 'https://pantau.id/t/USL-7K2M-9QXA-4TNB',
      preferencesUrl: 'https://app.pantau.example.go.id/settings/notifications',
    });
    expect(sms).toBe(
      'Pantau: Usulan USL-7K2M-9QXA-4TNB dikembalikan (BTS). Alasan: Dokumen tidak terbaca. Lengkapi: Formulir cuti... Lacak: https://pantau.id/t/USL-7K2M-9QXA-4TNB',
    );
  });

  it('with a long list of missing items keeps the reason and shortens the list', () => {
    const { sms } = renderStatusChange({
      lang: 'en',
      audience: 'applicant',
      recipientName: 'Siti',
      proposalId: 'USL-7K2M-9QXA-4TNB',
      service: { id: 'Cuti', en: 'Leave' },
      action: 'return',
      status: 'RETURNED',
      statusLabel: STATUS_LABELS.RETURNED,
      stage: null,
      reason: { code: 'DOKUMEN_TIDAK_LENGKAP' },
      missingItems: Array.from({ length: 30 }, (_, i) => `Lampiran ${i + 1}`),
      trackUrl: 'https://pantau.id/t/USL-7K2M-9QXA-4TNB',
      preferencesUrl: 'https://app.pantau.example.go.id/settings/notifications',
    });
    expect(sms).toBe('Pantau: Proposal USL-7K2M-9QXA-4TNB returned for completion. Reason: Documents incomplete. Missing: Lampiran 1... Track: https://pantau.id/t/USL-7K2M-9QXA-4TNB');
  });
});
