import * as z from 'zod';
import { DomainError, type FieldIssue } from '../errors';
import type { Employee } from '../employees';
import { employeeNumberSchema, type Sex } from '../nip';
import { kontakSchema, pendidikanSchema } from './pemutakhiran-data';
import type { NewRecordContext } from './types';

/**
 * What the two number services (PENETAPAN_NIP, PENETAPAN_NI_PPPK) share: the candidate as the
 * selection (seleksi CASN, SSCASN) recorded them, before they have an employee number.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** NIK: the 16-digit population number of the KTP (UU 24/2013 on population administration, art. 13). */
export const nikSchema = z.string().regex(/^\d{16}$/, 'a NIK is the 16 digits of the KTP');

export const candidateFields = {
  nama: text(200),
  nik: nikSchema,
  /** The registration number of the selection (nomor peserta SSCASN), as the announcement lists it. */
  nomorPeserta: z.string().regex(/^[0-9A-Z-]{6,30}$/, 'the selection registration number (nomor peserta), digits and capitals'),
  tempatLahir: text(100),
  tanggalLahir: z.iso.date(),
  jenisKelamin: z.enum(['M', 'F']),
  /** The education the candidate was selected with. */
  pendidikan: pendidikanSchema,
  /** The position of the formation (formasi) the candidate was selected for. */
  jabatan: text(200),
  unitKerja: text(200),
  /** Where the new employee hears of the proposal once they have a number: at least one. */
  kontak: kontakSchema,
  /** The direct supervisor on record, by number (an NIP, or a PPPK's NI PPPK). */
  atasanLangsungNip: employeeNumberSchema.optional(),
};

export interface CandidatePayload {
  nama: string;
  nik: string;
  tanggalLahir: string;
  jenisKelamin: Sex;
  pendidikan: z.output<typeof pendidikanSchema>;
  jabatan: string;
  unitKerja: string;
  kontak: { email?: string | undefined; phone?: string | undefined };
  atasanLangsungNip?: string | undefined;
}

/**
 * The issues of a number's parts as the payload's fields: nipPrefix and niPppkPrefix refuse by
 * part (birthDate, tmt, sex ...); the applicant reads them against the fields they filled in.
 */
export function numberIssues(compute: () => unknown, fieldOfPart: Record<string, string>): FieldIssue[] {
  try {
    compute();
    return [];
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
    return error.issues.map((issue) => ({ path: `payload.${fieldOfPart[issue.path] ?? issue.path}`, message: issue.message }));
  }
}

/** The record every new employee starts with: the candidate's data, the agency's zone, Indonesian and both channels. */
export function candidateRecord(ctx: NewRecordContext<CandidatePayload, unknown>, tmt: string): Omit<Employee, 'version' | 'updatedAt' | 'kind'> {
  const { payload, agency, number } = ctx;
  return {
    nip: number,
    name: payload.nama,
    agencyId: agency.id,
    birthDate: payload.tanggalLahir,
    sex: payload.jenisKelamin,
    jabatan: payload.jabatan,
    timeZone: agency.timeZone,
    ...(payload.atasanLangsungNip ? { atasanLangsungNip: payload.atasanLangsungNip } : {}),
    contact: { ...(payload.kontak.email ? { email: payload.kontak.email } : {}), ...(payload.kontak.phone ? { phone: payload.kontak.phone } : {}) },
    education: [
      {
        jenjang: payload.pendidikan.jenjang,
        institusi: payload.pendidikan.institusi,
        ...(payload.pendidikan.jurusan ? { jurusan: payload.pendidikan.jurusan } : {}),
        tahunLulus: payload.pendidikan.tahunLulus,
      },
    ],
    positionHistory: [{ jabatan: payload.jabatan, unitKerja: payload.unitKerja, tmt }],
    preferences: { language: 'id', channels: { email: payload.kontak.email !== undefined, sms: payload.kontak.phone !== undefined } },
  };
}
