import * as z from 'zod';
import { RECORDS_SYSTEMS } from './records-systems';
import type { FieldIssue } from '../errors';
import type { ServiceType } from './types';

const isoDate = z.iso.date();

/**
 * A transfer between agencies (mutasi antar instansi): both PPKs agree, BKN gives its technical
 * consideration, the destination issues the decree. UU 20/2023 art. 49 (mobility of ASN talent)
 * and PP 11/2017 art. 190–191 as amended by PP 17/2020 (mutasi antar-instansi needs the approval
 * of both PPKs and BKN's pertimbangan teknis).
 */
export const mutasiPayloadSchema = z.strictObject({
  instansiTujuan: z.string().regex(/^[A-Z0-9-]{2,64}$/, 'an agency id, e.g. PEMKOT-YOGYAKARTA'),
  jabatanTujuan: z.string().trim().min(3).max(200),
  unitKerjaTujuan: z.string().trim().min(3).max(200),
  alasan: z.string().trim().min(3).max(1000),
  tmtRencana: isoDate,
});
export type MutasiPayload = z.output<typeof mutasiPayloadSchema>;

export const mutasiOutputSchema = z.strictObject({
  nomorPertek: z.string().trim().min(3).max(100),
  nomorSk: z.string().trim().min(3).max(100),
  tanggalSk: isoDate,
  tmtMutasi: isoDate,
});
export type MutasiOutput = z.output<typeof mutasiOutputSchema>;

export const mutasi: ServiceType<MutasiPayload, MutasiOutput> = {
  code: 'MUTASI',
  names: { id: 'Mutasi Antar Instansi', en: 'Transfer between agencies' },
  description: {
    id: 'Pindah instansi: persetujuan PPK instansi asal dan tujuan, pertimbangan teknis BKN, lalu SK oleh instansi tujuan.',
    en: 'A transfer to another agency: the approval of both agencies’ PPK, BKN’s technical consideration, then the destination issues the decree.',
  },
  initiators: ['OPERATOR'],
  payloadSchema: mutasiPayloadSchema,
  outputSchema: mutasiOutputSchema,
  requiredDocuments: [
    { code: 'PERSETUJUAN_INSTANSI_ASAL', names: { id: 'Surat persetujuan PPK instansi asal', en: 'Approval letter of the origin agency’s PPK' }, externalIn: RECORDS_SYSTEMS.SRIKANDI },
    { code: 'PERSETUJUAN_INSTANSI_TUJUAN', names: { id: 'Surat persetujuan PPK instansi tujuan', en: 'Approval letter of the destination agency’s PPK' }, externalIn: RECORDS_SYSTEMS.SRIKANDI },
    { code: 'SK_PANGKAT_TERAKHIR', names: { id: 'SK pangkat terakhir', en: 'Latest rank decree' }, externalIn: RECORDS_SYSTEMS.SIASN_DMS },
    { code: 'SKP_DUA_TAHUN', names: { id: 'SKP dua tahun terakhir', en: 'Performance ratings of the last two years' }, externalIn: RECORDS_SYSTEMS.E_KINERJA },
  ],
  // SLAs: Pantau's defaults, of the order of BKN's service standard for pertimbangan teknis.
  stages: [
    { code: 'PERSETUJUAN_INSTANSI_ASAL', names: { id: 'Persetujuan PPK instansi asal', en: 'Origin agency’s PPK approval' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 5 },
    { code: 'PERSETUJUAN_INSTANSI_TUJUAN', names: { id: 'Persetujuan PPK instansi tujuan', en: 'Destination agency’s PPK approval' }, handler: 'DESTINATION_AGENCY', role: 'APPROVER', slaWorkingDays: 5 },
    { code: 'VERIFIKASI_BKN', names: { id: 'Verifikasi BKN / Kanreg', en: 'BKN / regional office verification' }, handler: 'KANREG', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERTEK', names: { id: 'Persetujuan teknis (Pertek) mutasi', en: 'Technical approval (Pertek) of the transfer' }, handler: 'KANREG', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Penerbitan SK mutasi oleh instansi tujuan', en: 'The destination issues the transfer decree' }, handler: 'DESTINATION_AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  examplePayload: {
    instansiTujuan: 'PEMKOT-YOGYAKARTA',
    jabatanTujuan: 'Analis Sumber Daya Manusia Aparatur Ahli Pertama',
    unitKerjaTujuan: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    alasan: 'Mengikuti suami yang bertugas di Kota Yogyakarta',
    tmtRencana: '2027-03-01',
  },
  exampleOutput: { nomorPertek: 'PERTEK-MUT/I/2027/00045', nomorSk: '821.2/017/2027', tanggalSk: '2027-02-15', tmtMutasi: '2027-03-01' },
  involvedAgencies: (payload) => [payload.instansiTujuan],
  checkFiling(payload, { employee }): FieldIssue[] {
    if (payload.instansiTujuan === employee.agencyId) return [{ path: 'payload.instansiTujuan', message: 'the destination is the employee’s own agency' }];
    // A CPNS is in probation at the agency that appointed them (PP 11/2017 art. 34): no transfer yet.
    if (employee.kind === 'CPNS') return [{ path: 'nip', message: 'a CPNS cannot transfer before becoming PNS' }];
    return [];
  },
  onComplete: ({ employee, payload, organisations }) => {
    // The recorded kind belonged to the old position: the new title decides until one is recorded.
    const { jabatanKind: _oldKind, ...rest } = employee;
    return {
      employee: { ...rest, agencyId: payload.instansiTujuan, jabatan: payload.jabatanTujuan, timeZone: organisations.get(payload.instansiTujuan)?.timeZone ?? employee.timeZone },
    };
  },
};
