import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain/actors';
import { CATALOG } from '../../shared/domain/catalog';
import { GOLONGAN, PANGKAT_NAMES } from '../../shared/domain/catalog/kenaikan-pangkat';
import { DOCUMENT_REJECTION_REASONS, REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import { STAFF_ROLES } from '../../shared/domain/directory/staff';
import { EMPLOYEE_KINDS, JABATAN_KINDS } from '../../shared/domain/employees';
import { STATUS_LABELS } from '../../shared/domain/messages';
import { ACTIONS, STATUSES, TERMINAL_STATUSES } from '../../shared/domain/proposal/types';
import { referenceLists } from '../../shared/domain/reference';
import { BUP_TABLE } from '../../shared/domain/sla/retirement';
import { contractDocument, schemaErrors } from '../support/contract';

const lists = referenceLists();
const codes = (list: readonly { code: string }[]) => list.map((entry) => entry.code);

describe('the reference lists (GET /reference)', () => {
  it('are the domain’s own codes, in the domain’s order, each with an Indonesian and an English name', () => {
    expect(codes(lists.returnReasons)).toEqual(Object.keys(RETURN_REASONS));
    expect(codes(lists.rejectionReasons)).toEqual(Object.keys(REJECTION_REASONS));
    expect(codes(lists.documentRejectionReasons)).toEqual(Object.keys(DOCUMENT_REJECTION_REASONS));
    expect(codes(lists.serviceTypes)).toEqual([...CATALOG.keys()]);
    expect(codes(lists.golongan)).toEqual([...GOLONGAN]);
    expect(codes(lists.employeeKinds)).toEqual([...EMPLOYEE_KINDS]);
    expect(codes(lists.jabatanKinds)).toEqual([...JABATAN_KINDS]);
    expect(codes(lists.statuses)).toEqual([...STATUSES]);
    expect(codes(lists.actions)).toEqual([...ACTIONS]);
    expect(codes(lists.roles)).toEqual([...ROLES]);
    for (const [name, list] of Object.entries(lists)) {
      for (const entry of list as { code: string; names: { id: string; en: string } }[]) {
        expect(entry.names.id.trim(), `${name} ${entry.code}`).not.toBe('');
        expect(entry.names.en.trim(), `${name} ${entry.code}`).not.toBe('');
      }
    }
  });

  it('words a reason as the reason lists do', () => {
    expect(lists.returnReasons[0]).toEqual({ code: 'DOKUMEN_TIDAK_LENGKAP', names: { id: 'Dokumen tidak lengkap', en: 'Documents incomplete' } });
    expect(lists.rejectionReasons.find((r) => r.code === 'USUL_GANDA')?.names).toEqual(REJECTION_REASONS.USUL_GANDA);
  });

  it('names every golongan’s pangkat from Juru Muda (I/a) to Pembina Utama (IV/e), PP 99/2000', () => {
    expect(lists.golongan.map(({ code, names }) => `${code} ${names.id}`)).toEqual([
      'I/a Juru Muda', 'I/b Juru Muda Tingkat I', 'I/c Juru', 'I/d Juru Tingkat I',
      'II/a Pengatur Muda', 'II/b Pengatur Muda Tingkat I', 'II/c Pengatur', 'II/d Pengatur Tingkat I',
      'III/a Penata Muda', 'III/b Penata Muda Tingkat I', 'III/c Penata', 'III/d Penata Tingkat I',
      'IV/a Pembina', 'IV/b Pembina Tingkat I', 'IV/c Pembina Utama Muda', 'IV/d Pembina Utama Madya', 'IV/e Pembina Utama',
    ]);
    expect(Object.keys(PANGKAT_NAMES)).toEqual([...GOLONGAN]);
  });

  it('lists every required document of every service type, with where it may be referenced instead', () => {
    const expected = [...CATALOG.values()].flatMap((type) => type.requiredDocuments.map((d) => `${type.code} ${d.code}`));
    expect(lists.documentKinds.map((d) => `${d.serviceType} ${d.code}`)).toEqual(expected);
    expect(lists.documentKinds.find((d) => d.serviceType === 'KENAIKAN_PANGKAT' && d.code === 'SKP_DUA_TAHUN')).toEqual({
      code: 'SKP_DUA_TAHUN', serviceType: 'KENAIKAN_PANGKAT', names: { id: 'SKP dua tahun terakhir', en: 'Performance ratings of the last two years' }, externalIn: { id: 'e-Kinerja BKN', en: 'BKN e-Kinerja' },
    });
    // Uploaded only: no externalIn key at all, not an undefined one.
    expect(lists.documentKinds.find((d) => d.code === 'PAS_FOTO')).not.toHaveProperty('externalIn');
    // One code, worded for each service that asks for it.
    const announcements = lists.documentKinds.filter((d) => d.code === 'PENGUMUMAN_KELULUSAN').map((d) => d.names.id);
    expect(announcements).toEqual(['Pengumuman kelulusan seleksi CPNS', 'Pengumuman kelulusan seleksi PPPK']);
  });

  it('says which statuses end a proposal, which roles an admin grants, and each jabatan kind’s BUP', () => {
    expect(lists.statuses.filter((s) => s.terminal).map((s) => s.code)).toEqual([...TERMINAL_STATUSES]);
    expect(lists.statuses[0]).toEqual({ code: 'DRAFT', names: STATUS_LABELS.DRAFT, terminal: false });
    expect(lists.roles.filter((r) => r.grantable).map((r) => r.code).sort()).toEqual([...STAFF_ROLES].sort());
    expect(lists.roles.find((r) => r.code === 'PEGAWAI')?.grantable).toBe(false);
    expect(Object.fromEntries(lists.jabatanKinds.map((j) => [j.code, j.bupAge]))).toEqual(BUP_TABLE.ages);
    expect(lists.actions.find((a) => a.code === 'submit')?.names).toEqual({ id: 'Ajukan', en: 'Submit' });
  });

  it('fit the answer schema, whose codes are enums in the document', () => {
    expect(schemaErrors('Reference', lists)).toBeUndefined();
    expect(schemaErrors('Reference', { ...lists, golongan: [...lists.golongan, { code: 'V/a', names: { id: 'x', en: 'x' } }] })).toMatch(/enum|allowed values/);
    const reference = contractDocument().components.schemas.Reference as { properties: Record<string, { items: { properties: { code: { enum?: string[] } } } }> };
    for (const list of ['returnReasons', 'rejectionReasons', 'documentRejectionReasons', 'serviceTypes', 'documentKinds', 'golongan', 'employeeKinds', 'jabatanKinds', 'statuses', 'actions', 'roles']) {
      expect(reference.properties[list]!.items.properties.code.enum, list).toEqual([...new Set(codes(lists[list as keyof typeof lists]))]);
    }
  });
});
