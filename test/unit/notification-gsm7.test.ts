import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GSM7_BASIC,
  GSM7_EXTENSION,
  fitSms,
  foldToGsm7,
  gsm7Length,
  isGsm7,
  isSingleSegment,
  type SmsPart,
} from '../../shared/domain/notifications/gsm7';

describe('the GSM 03.38 alphabet', () => {
  it('has 127 basic characters (the escape to the extension is none) and 10 extension characters', () => {
    expect(GSM7_BASIC.size).toBe(127);
    expect(GSM7_EXTENSION.size).toBe(10);
    for (const char of 'AZaz09 @£$¥èéÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑ\u00dc\u00a7¿äöñüà\n\r') expect(GSM7_BASIC.has(char), char).toBe(true);
    for (const char of '`´’“”—…€{}[]~\\|^ç') expect(GSM7_BASIC.has(char), char).toBe(false);
  });

  it('counts each extension character ({ } [ ] ~ \\ | ^ €) as two septets', () => {
    for (const char of '{}[]~\\|^€') expect(gsm7Length(char), char).toBe(2);
    expect(gsm7Length('Rp 1.000 [lunas]')).toBe(18);
    expect(gsm7Length('€5')).toBe(3);
  });

  it('cannot count a character it cannot carry', () => {
    expect(gsm7Length('Cuti 😀')).toBe(Number.POSITIVE_INFINITY);
    expect(isGsm7('公务员')).toBe(false);
  });

  it('fits 160 plain septets, or 80 extension characters, in one segment and no more', () => {
    expect(isSingleSegment('a'.repeat(160))).toBe(true);
    expect(isSingleSegment('a'.repeat(161))).toBe(false);
    expect(isSingleSegment('€'.repeat(80))).toBe(true);
    expect(isSingleSegment(`${'€'.repeat(79)}ab`)).toBe(true);
    expect(isSingleSegment(`${'€'.repeat(79)}abc`)).toBe(false);
    expect(isSingleSegment('Négeri')).toBe(true);
    expect(isSingleSegment('ẹ')).toBe(false);
  });
});

describe('folding Indonesian text to GSM-7', () => {
  it.each([
    ['Pegawai Négeri — “Cuti” 😀', 'Pegawai Negeri - "Cuti" '],
    ['Ma’ruf Amin', "Ma'ruf Amin"],
    ['Bpk. I Gusti Ngurah Ṛai', 'Bpk. I Gusti Ngurah Rai'],
    ['Tunggu…', 'Tunggu...'],
    ['SK\u00a0jabatan\u2003terakhir', 'SK jabatan terakhir'],
    ['• SKP 2025\n• SK pangkat', '- SKP 2025 - SK pangkat'],
    ['2025–2026', '2025-2026'],
    ['ÇAĞLAR Łukasz Œuvre', 'CAGLAR Lukasz OEuvre'],
    ['公务员 Cuti   tahunan', ' Cuti tahunan'],
    ['{Rp 100} [€]', '{Rp 100} [€]'],
    ['👩‍👩‍👧 keluarga', ' keluarga'],
  ])('%j reads as %j', (input, folded) => {
    expect(foldToGsm7(input)).toBe(folded);
  });

  it('always gives GSM-7 text, and folding it again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
        const folded = foldToGsm7(text);
        expect(isGsm7(folded)).toBe(true);
        expect(foldToGsm7(folded)).toBe(folded);
        expect(folded).not.toMatch(/ {2}/);
      }),
    );
  });
});

describe('fitting an SMS into one segment', () => {
  const number = { text: 'USL-7K2M-9QXA-4TNB' };
  const link = { text: 'https://pantau.example/track/USL-7K2M-9QXA-4TNB' };

  it('joins what fits as it is', () => {
    expect(fitSms([number, { text: 'disetujui.', priority: 1 }, link])).toBe('USL-7K2M-9QXA-4TNB disetujui. https://pantau.example/track/USL-7K2M-9QXA-4TNB');
  });

  it('shortens the lowest-priority text first, at a word, with "..."', () => {
    const sms = fitSms([
      number,
      { text: 'dikembalikan (BTS).', priority: 1 },
      { label: 'Alasan: ', text: 'Dokumen tidak lengkap.', priority: 2 },
      { label: 'Lengkapi: ', text: 'SKP tahun 2025 yang telah ditandatangani; SK jabatan terakhir.', priority: 3 },
      link,
    ]);
    expect(sms).toBe(
      'USL-7K2M-9QXA-4TNB dikembalikan (BTS). Alasan: Dokumen tidak lengkap. Lengkapi: SKP tahun 2025 yang telah... https://pantau.example/track/USL-7K2M-9QXA-4TNB',
    );
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
  });

  it('drops a part with its label when too little of it would be left, and a whole part rather than cut it', () => {
    const parts: SmsPart[] = [
      number,
      { text: 'Kenaikan Pangkat', priority: 4, whole: true },
      { text: 'ditolak (TMS).', priority: 1 },
      { label: 'Alasan: ', text: 'x'.repeat(200), priority: 2 },
      link,
    ];
    const sms = fitSms(parts, 110);
    expect(sms).toBe(`USL-7K2M-9QXA-4TNB ditolak (TMS). Alasan: ${'x'.repeat(17)}... https://pantau.example/track/USL-7K2M-9QXA-4TNB`);
    expect(gsm7Length(sms)).toBe(110);
    expect(fitSms(parts, 90)).toBe('USL-7K2M-9QXA-4TNB ditolak (TMS). https://pantau.example/track/USL-7K2M-9QXA-4TNB');
  });

  it('counts extension characters as two when it shortens', () => {
    const sms = fitSms([number, { text: '€'.repeat(100), priority: 1 }, link]);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
    expect(sms).toContain('€€€...');
  });

  it('folds the optional parts and never the required ones', () => {
    expect(fitSms([number, { text: 'Négeri “Cuti” 😀', priority: 1 }])).toBe('USL-7K2M-9QXA-4TNB Negeri "Cuti"');
    expect(() => fitSms([number, { text: 'https://pantau.example/lacak/usulan-ñandú-😀' }])).toThrow(RangeError);
  });

  it('refuses, rather than sends without its link, when the required parts alone are too long', () => {
    expect(() => fitSms([number, { text: `https://pantau.example/${'a'.repeat(150)}` }])).toThrow(/one segment holds 160/);
  });
});
