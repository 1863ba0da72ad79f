import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateRows } from '../../infra/local/records-generator';
import { mergeRecord } from '../../shared/domain/records/merge';
import { parseRecordRow, phoneOf, type ImportedRecord, type RowContext } from '../../shared/domain/records/row';
import { importScopeOf, type ImportScope } from '../../shared/domain/records/scope';
import { rejectsCsv } from '../../shared/domain/records/rejects';
import { ACTORS, ORGS } from '../support/fixtures';

const TODAY = '2026-12-03';
const NOW = '2026-12-03T02:00:00.000Z';
const agencies = new Map(Object.values(ORGS).map((o) => [o.id, o]));
const sleman: ImportScope = { importer: 'admin.sleman', agencyIds: ['PEMKAB-SLEMAN'] };
const ctx: RowContext = { today: TODAY, agencies, scope: sleman };

/** Budi's row as SIASN writes it: NIP 19850314 201003 1 004. */
const budi = {
  nip: '198503142010031004', nama: 'Budi Santoso', tanggal_lahir: '14-03-1985', jenis_kelamin: 'L', instansi_id: 'PEMKAB-SLEMAN',
  jabatan: 'Analis Kepegawaian Ahli Muda', jenis_jabatan: 'FUNGSIONAL_AHLI_MUDA', golongan: 'III/b', tmt_golongan: '2022-04-01',
  status_kepegawaian: 'PNS', tmt_cpns: '01-03-2010', tmt_pns: '2011-03-01', email: 'budi@example.go.id', nomor_hp: '0812-2714-0031', skp: '2025=BAIK;2026=SANGAT_BAIK',
};
const parsed = (fields: unknown, context = ctx) => parseRecordRow(fields, 7, context);
const rejectsOf = (fields: unknown, context = ctx) => {
  const result = parsed(fields, context);
  return result.ok ? [] : result.rejects;
};
const fieldsOf = (fields: unknown) => rejectsOf(fields).map((r) => r.field);
const record = (fields: unknown = budi): ImportedRecord => {
  const result = parsed(fields);
  if (!result.ok) throw new Error(JSON.stringify(result.rejects));
  return result.record;
};

describe('a SIASN row', () => {
  it('becomes the part of a record the register owns, dates and numbers as Pantau keeps them', () => {
    expect(record()).toEqual({
      nip: '198503142010031004', name: 'Budi Santoso', kind: 'PNS', agencyId: 'PEMKAB-SLEMAN', birthDate: '1985-03-14', sex: 'M',
      jabatan: 'Analis Kepegawaian Ahli Muda', jabatanKind: 'FUNGSIONAL_AHLI_MUDA', pangkat: { golongan: 'III/b', tmt: '2022-04-01' },
      tmtCpns: '2010-03-01', tmtPns: '2011-03-01', contact: { email: 'budi@example.go.id', phone: '+6281227140031' },
      skp: [{ tahun: 2025, predikat: 'BAIK' }, { tahun: 2026, predikat: 'SANGAT_BAIK' }],
    });
  });

  it('ignores columns SIASN exports that Pantau does not keep', () => {
    expect(parsed({ ...budi, agama: 'Islam', npwp: '12.345' }).ok).toBe(true);
  });

  it('takes JSON Lines SKP ratings as a list', () => {
    expect(record({ ...budi, skp: [{ tahun: 2026, predikat: 'baik' }] }).skp).toEqual([{ tahun: 2026, predikat: 'BAIK' }]);
  });

  it('checks the NIP against the birth date, the sex and the TMT CPNS month it encodes', () => {
    expect(fieldsOf({ ...budi, tanggal_lahir: '15-03-1985' })).toEqual(['tanggal_lahir']);
    expect(fieldsOf({ ...budi, jenis_kelamin: 'P' })).toEqual(['jenis_kelamin']);
    expect(fieldsOf({ ...budi, tmt_cpns: '2010-04-01' })).toEqual(['tmt_cpns']);
    expect(rejectsOf({ ...budi, nip: '19850314201003100' })[0]).toMatchObject({ field: 'nip', reason: expect.stringContaining('18 digits') });
  });

  it('names every problem of a row at once, each by its column, in both languages', () => {
    const rejects = rejectsOf({ ...budi, nama: '', golongan: 'III/f', nomor_hp: '12345', email: 'x', skp: '2025=LUAR_BIASA' });
    expect(rejects.map((r) => r.field).sort()).toEqual(['email', 'golongan', 'nama', 'nomor_hp', 'skp']);
    for (const r of rejects) expect(r).toMatchObject({ line: 7, nip: budi.nip, alasan: expect.any(String), reason: expect.any(String) });
    expect(rejects.find((r) => r.field === 'golongan')?.alasan).toBe('golongan "III/f" bukan I/a–IV/e');
  });

  it('refuses unknown agencies, and agencies outside the importer\'s scope', () => {
    expect(rejectsOf({ ...budi, instansi_id: 'PEMKAB-ENTAH' })[0]?.reason).toBe('agency "PEMKAB-ENTAH" is not known');
    expect(rejectsOf({ ...budi, instansi_id: 'KANREG-I' })[0]?.field).toBe('instansi_id');
    expect(rejectsOf({ ...budi, instansi_id: 'PEMKOT-YOGYAKARTA' })[0]?.reason).toBe("agency PEMKOT-YOGYAKARTA is outside the importer's scope");
    expect(parsed({ ...budi, instansi_id: 'PEMKOT-YOGYAKARTA' }, { ...ctx, scope: { importer: 'admin.bkn', agencyIds: 'ALL' } }).ok).toBe(true);
  });

  it('asks of each employment status what it has: a PNS its TMT PNS, a CPNS none, a PPPK an NI PPPK and no pangkat', () => {
    expect(fieldsOf({ ...budi, tmt_pns: '' })).toEqual(['tmt_pns']);
    expect(fieldsOf({ ...budi, status_kepegawaian: 'CPNS' })).toEqual(['tmt_pns']);
    expect(fieldsOf({ ...budi, tmt_pns: '2009-01-01' })).toEqual(['tmt_pns']);
    expect(fieldsOf({ ...budi, status_kepegawaian: 'HONORER' })).toEqual(['status_kepegawaian']);
    const pppk = { ...budi, nip: '199009132025242014', tanggal_lahir: '1990-09-13', jenis_kelamin: 'P', status_kepegawaian: 'PPPK', tmt_cpns: '', tmt_pns: '', golongan: 'IX', tmt_golongan: '' };
    const pppkRecord = record(pppk);
    expect(pppkRecord.kind).toBe('PPPK');
    expect(pppkRecord.pangkat).toBeUndefined();
    expect(fieldsOf({ ...pppk, golongan: 'III/b' })).toEqual(['golongan']);
  });

  it('refuses a NIP written as a JSON number, which has already lost digits', () => {
    expect(rejectsOf({ ...budi, nip: Number(budi.nip) })[0]?.field).toBe('nip');
  });

  it('refuses what is not a row at all', () => {
    for (const fields of [null, 'nip', 42, [budi], Symbol('unreadable')]) expect(rejectsOf(fields)[0]?.field).toBe('row');
  });

  it('reads Indonesian mobile numbers as people write them', () => {
    expect(['081227140031', '6281227140031', '+62 812-2714-0031', '(0812) 2714.0031'].map(phoneOf)).toEqual(Array(4).fill('+6281227140031'));
    expect(['0274 123456', '12345', '+6512345678'].map(phoneOf)).toEqual([undefined, undefined, undefined]);
  });
});

describe('merging a row into the record on file', () => {
  const mergeContext = { agency: ORGS.sleman!, scope: sleman, line: 7, now: NOW };
  const created = () => {
    const merge = mergeRecord(undefined, record(), mergeContext);
    if (merge.kind !== 'create') throw new Error(merge.kind);
    return merge.employee;
  };

  it('creates a record in the agency\'s zone, version 1, Indonesian notices on the channels it has', () => {
    expect(created()).toMatchObject({ nip: budi.nip, timeZone: 'Asia/Jakarta', version: 1, updatedAt: NOW, preferences: { language: 'id', channels: { email: true, sms: true } } });
  });

  it('leaves an unchanged, indexed record alone, and rewrites one that is not in its agency\'s index yet', () => {
    expect(mergeRecord({ employee: created(), indexed: true }, record(), mergeContext).kind).toBe('unchanged');
    expect(mergeRecord({ employee: created(), indexed: false }, record(), mergeContext)).toMatchObject({ kind: 'update', changes: [] });
  });

  it('writes a new version with the fields that changed, old beside new, and keeps what is Pantau\'s own', () => {
    const stored = { ...created(), leave: { year: 2026, taken: [] } as never, address: { jalan: 'Jl. Kaliurang', kelurahan: 'a', kecamatan: 'b', kabupatenKota: 'Sleman', provinsi: 'DIY', kodePos: '55281' } };
    const merge = mergeRecord({ employee: stored, indexed: true }, record({ ...budi, jabatan: 'Analis Kepegawaian Ahli Madya', jenis_jabatan: 'FUNGSIONAL_AHLI_MADYA' }), mergeContext);
    expect(merge).toMatchObject({ kind: 'update', changes: [{ field: 'jabatan', old: 'Analis Kepegawaian Ahli Muda', new: 'Analis Kepegawaian Ahli Madya' }, { field: 'jabatanKind', old: 'FUNGSIONAL_AHLI_MUDA', new: 'FUNGSIONAL_AHLI_MADYA' }] });
    if (merge.kind !== 'update') return;
    expect(merge.employee).toMatchObject({ version: 2, leave: stored.leave, address: stored.address });
  });

  it('keeps a later rank, a PNS appointment and the employee\'s own contact that Pantau recorded after the file was cut', () => {
    const stored = { ...created(), kind: 'PNS' as const, pangkat: { golongan: 'III/c', tmt: '2026-10-01' }, contact: { email: 'budi.baru@example.com', phone: '+6281299999999' } };
    expect(mergeRecord({ employee: stored, indexed: true }, record(), mergeContext).kind).toBe('unchanged');
  });

  it('never reactivates a retired record, nor moves one out of an agency the importer does not reach', () => {
    expect(mergeRecord({ employee: { ...created(), status: 'PENSIUN', retirementDate: '2026-04-01' }, indexed: true }, record(), mergeContext)).toMatchObject({ kind: 'refused', reject: { field: 'nip', line: 7 } });
    expect(mergeRecord({ employee: { ...created(), agencyId: 'PEMKOT-YOGYAKARTA' }, indexed: true }, record(), mergeContext)).toMatchObject({ kind: 'refused', reject: { field: 'instansi_id' } });
  });
});

describe('who may import', () => {
  it('an agency admin their agency, a BKN admin at headquarters all, at a Kanreg its agencies; nobody else', () => {
    expect(importScopeOf(ACTORS.adminSleman!, [])).toEqual({ importer: ACTORS.adminSleman!.username, agencyIds: ['PEMKAB-SLEMAN'] });
    expect(importScopeOf(ACTORS.opSleman!, [])).toBeUndefined();
    const kanreg = { ...ACTORS.adminSleman!, roles: ['ADMIN_BKN' as const], org: ORGS.kanreg1! };
    expect(importScopeOf(kanreg, Object.values(ORGS))?.agencyIds).toEqual(['PEMKAB-SLEMAN', 'PEMKOT-YOGYAKARTA']);
    expect(importScopeOf({ ...kanreg, org: ORGS.bkn! }, [])?.agencyIds).toBe('ALL');
  });
});

describe('the rejects report', () => {
  it('is CSV a spreadsheet opens without running any cell as a formula', () => {
    const csv = rejectsCsv([{ line: 3, nip: '1', field: 'nama', alasan: '=HYPERLINK("x")', reason: 'a, "quoted" reason' }], { header: true });
    expect(csv).toBe('line,nip,field,alasan,reason\n3,1,nama,"\'=HYPERLINK(""x"")","a, ""quoted"" reason"\n');
  });
});

describe('generated files (property)', () => {
  it('every good row is accepted and merging it twice changes nothing; every broken row is refused by its column', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 20, max: 120 }), fc.integer({ min: 0, max: 10 }), (seed, count, bad) => {
        const rows = generateRows({ agencyId: 'PEMKAB-SLEMAN', count, bad, seed, today: TODAY });
        const clean = generateRows({ agencyId: 'PEMKAB-SLEMAN', count, bad: 0, seed, today: TODAY });
        let refused = 0;
        rows.forEach((row, i) => {
          const result = parseRecordRow(row, i + 2, ctx);
          const broken = JSON.stringify(row) !== JSON.stringify(clean[i]);
          expect(result.ok, JSON.stringify({ row, result })).toBe(!broken);
          if (!result.ok) {
            refused += 1;
            expect(result.rejects.every((r) => r.line === i + 2)).toBe(true);
            return;
          }
          const first = mergeRecord(undefined, result.record, { agency: ORGS.sleman!, scope: sleman, line: i + 2, now: NOW });
          if (first.kind !== 'create') throw new Error(first.kind);
          expect(mergeRecord({ employee: first.employee, indexed: true }, result.record, { agency: ORGS.sleman!, scope: sleman, line: i + 2, now: NOW }).kind).toBe('unchanged');
        });
        expect(refused).toBe(Math.min(bad, count));
      }),
      { numRuns: 40 },
    );
  });
});
