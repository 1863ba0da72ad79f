import * as z from 'zod';
import { RECORDS_SYSTEMS } from './records-systems';
import type { Employee } from '../employees';
import type { FieldIssue } from '../errors';
import {
  LEAVE_KINDS,
  LEAVE_LIMITS,
  annualRemaining,
  annualYear,
  ineligibility,
  lastDayWithin,
  requestedWorkingDays,
  workingDaysByYear,
  type AnnualLeaveYear,
  type LeaveRecord,
  type TakenLeave,
} from '../leave';
import type { CompletionContext, CompletionEffect, FilingContext, ServiceType } from './types';

const isoDate = z.iso.date();

/**
 * Kinds of leave for PNS: PP 11/2017 art. 309 (tahunan, besar, sakit, melahirkan, alasan penting,
 * CLTN); for PPPK only tahunan, sakit, melahirkan (PP 49/2018 art. 30). Their limits, with the
 * article each rests on, are in ../leave.
 */
export { LEAVE_KINDS };

export const cutiPayloadSchema = z
  .strictObject({
    jenisCuti: z.enum(LEAVE_KINDS),
    tanggalMulai: isoDate,
    tanggalSelesai: isoDate,
    alasan: z.string().trim().min(3).max(500),
    alamatSelamaCuti: z.string().trim().min(3).max(300),
    nomorTeleponSelamaCuti: z.string().regex(/^\+62\d{8,13}$/).optional(),
  })
  .refine((p) => p.tanggalSelesai >= p.tanggalMulai, {
    path: ['tanggalSelesai'],
    message: 'tanggalSelesai must not be before tanggalMulai',
  });
export type CutiPayload = z.output<typeof cutiPayloadSchema>;

export const cutiOutputSchema = z.strictObject({
  nomorSuratCuti: z.string().trim().min(3).max(100),
  tanggalSurat: isoDate,
});
export type CutiOutput = z.output<typeof cutiOutputSchema>;

const overlaps = (a: { from: string; to: string }, from: string, to: string): boolean => a.from <= to && a.to >= from;
const describeLeave = (t: TakenLeave): string =>
  `${t.kind} leave ${t.from} to ${t.to} (letter ${t.letter}${t.proposalId ? `, proposal ${t.proposalId}` : ''})`;

export function checkCuti(payload: CutiPayload, ctx: FilingContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { employee, calendars } = ctx;
  const { jenisCuti: kind, tanggalMulai: from, tanggalSelesai: to } = payload;

  // The kind for the employee's kind and service (PP 11/2017 art. 310, 315, 325, 331; PP 49/2018 art. 30).
  const refused = ineligibility(employee, kind, from);
  if (refused) issues.push({ path: 'payload.jenisCuti', message: refused });

  // Leave is counted in working days: a range of weekends, holidays and cuti bersama asks for nothing.
  const requested = requestedWorkingDays(from, to, calendars);
  if (requested === 0) issues.push({ path: 'payload.tanggalMulai', message: `${from} to ${to} contains no working day` });

  const limit = LEAVE_LIMITS[kind];
  if (limit.maxMonths !== undefined) {
    const lastDay = lastDayWithin(from, limit.maxMonths);
    if (to > lastDay) {
      issues.push({ path: 'payload.tanggalSelesai', message: `${kind} is at most ${limit.maxMonths} month${limit.maxMonths === 1 ? '' : 's'}: from ${from} it ends by ${lastDay}, not ${to}` });
    }
  }

  if (kind === 'TAHUNAN' && limit.kinds.includes(employee.kind)) {
    // Each year's part against that year's balance (PP 11/2017 art. 311–312).
    for (const [year, days] of workingDaysByYear(from, to, calendars)) {
      const row = annualYear(employee, year);
      const available = annualRemaining(row);
      if (days > available) {
        const bigLeave = (employee.leave?.taken ?? []).some((t) => t.kind === 'BESAR' && t.from.startsWith(`${year}-`));
        issues.push({
          path: 'payload.tanggalSelesai',
          message:
            `requested ${days} working days of annual leave in ${year}, available ${available}` +
            ` (entitlement ${row.entitlement} + carried over ${row.carriedOver} − taken ${row.taken})` +
            (bigLeave ? `: cuti besar in ${year} replaces that year's annual leave (PP 11/2017 art. 316)` : ''),
        });
      }
    }
  }

  for (const other of employee.leave?.taken ?? []) {
    if (overlaps(other, from, to)) issues.push({ path: 'payload.tanggalMulai', message: `${from} to ${to} overlaps the approved ${describeLeave(other)}` });
  }
  return issues;
}

/** What a completion may know beyond the common context: the proposal's id and the calendars in force. */
type CutiCompletion = CompletionContext<CutiPayload, CutiOutput>;

function upsertYear(rows: readonly AnnualLeaveYear[], row: AnnualLeaveYear): AnnualLeaveYear[] {
  // Only the last three years matter: the running one and the two it may carry from.
  return [...rows.filter((r) => r.year !== row.year), row].sort((a, b) => a.year - b.year).filter((r, _i, all) => r.year > all[all.length - 1]!.year - 3);
}

/** The record after a granted leave: the leave is listed, and annual leave deducted or replaced. */
export function completeCuti(ctx: CutiCompletion): CompletionEffect {
  const { employee, payload, output } = ctx;
  // The lifecycle does not pass calendars to completion yet: the decreed calendars built in are the fallback.
  const { calendars } = ctx;
  const { jenisCuti: kind, tanggalMulai: from, tanggalSelesai: to } = payload;
  const leave: TakenLeave = {
    proposalId: ctx.proposalId,
    letter: output.nomorSuratCuti,
    kind,
    from,
    to,
    workingDays: requestedWorkingDays(from, to, calendars),
  };
  let annual = employee.leave?.annual ?? [];
  if (kind === 'TAHUNAN') {
    for (const [year, days] of workingDaysByYear(from, to, calendars)) {
      const row = annualYear({ ...employee, leave: { annual, taken: [] } }, year);
      annual = upsertYear(annual, { ...row, taken: row.taken + days });
    }
  } else if (kind === 'BESAR') {
    // PP 11/2017 art. 316: no annual leave in the year of a big leave.
    const year = Number(from.slice(0, 4));
    const row = annualYear({ ...employee, leave: { annual, taken: [] } }, year);
    annual = upsertYear(annual, { ...row, entitlement: 0, carriedOver: 0 });
  }
  const record: LeaveRecord = { annual, taken: [...(employee.leave?.taken ?? []), leave] };
  const next: Employee = { ...employee, leave: record };
  return { employee: next };
}

export const cuti: ServiceType<CutiPayload, CutiOutput> = {
  code: 'CUTI',
  names: { id: 'Cuti', en: 'Leave' },
  description: {
    id: 'Permohonan cuti pegawai: dipertimbangkan atasan langsung, diputuskan pejabat yang berwenang memberikan cuti (PYBMC).',
    en: "An employee's leave request: considered by the direct superior, decided by the official authorised to grant leave (PYBMC).",
  },
  initiators: ['PEGAWAI'],
  payloadSchema: cutiPayloadSchema,
  outputSchema: cutiOutputSchema,
  requiredDocuments: [{ code: 'FORMULIR_CUTI', names: { id: 'Formulir permintaan cuti', en: 'Leave request form' }, externalIn: RECORDS_SYSTEMS.SRIKANDI }],
  // PP 11/2017 art. 311 ff.: the direct superior gives consideration, then PYBMC decides.
  stages: [
    { code: 'PERTIMBANGAN_ATASAN', names: { id: 'Pertimbangan atasan langsung', en: 'Direct superior consideration' }, handler: 'AGENCY', role: 'VERIFIKATOR', slaWorkingDays: 2 },
    { code: 'KEPUTUSAN_PYBMC', names: { id: 'Keputusan pejabat yang berwenang memberikan cuti', en: 'Decision of the official authorised to grant leave' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 3 },
  ],
  completion: { names: { id: 'Penerbitan surat izin cuti', en: 'Issuing the leave letter' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 2 },
  returnedSlaWorkingDays: 5,
  examplePayload: {
    jenisCuti: 'TAHUNAN',
    tanggalMulai: '2026-12-14',
    tanggalSelesai: '2026-12-18',
    alasan: 'Keperluan keluarga',
    alamatSelamaCuti: 'Jl. Kaliurang Km 5, Sleman, DI Yogyakarta',
  },
  exampleOutput: { nomorSuratCuti: '800.1.11.4/123/2026', tanggalSurat: '2026-12-10' },
  checkFiling: checkCuti,
  onComplete: completeCuti,
};
