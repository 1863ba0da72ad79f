import { createHash } from 'node:crypto';
import type { DocumentVersion } from '../../shared/domain/documents/types';
import type { DocumentRef } from '../../shared/domain/proposal/types';
import type { Actor, Organisation, Role } from '../../shared/domain/actors';
import type { Employee } from '../../shared/domain/employees';
import type { LifecycleContext } from '../../shared/domain/proposal/lifecycle';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { CALENDAR_2026, Calendars } from '../../shared/domain/calendar';
import { defaultWindows } from '../../shared/domain/sla/windows';

/** A small directory for domain tests: two agencies under one Kanreg, one under another. */
export const ORGS: Record<string, Organisation> = {
  bkn: { id: 'BKN-PUSAT', kind: 'BKN_PUSAT', name: 'Badan Kepegawaian Negara', timeZone: 'Asia/Jakarta' },
  kanreg1: { id: 'KANREG-I', kind: 'KANREG', name: 'Kanreg I BKN Yogyakarta', timeZone: 'Asia/Jakarta' },
  kanreg8: { id: 'KANREG-VIII', kind: 'KANREG', name: 'Kanreg VIII BKN Banjarmasin', timeZone: 'Asia/Makassar' },
  sleman: { id: 'PEMKAB-SLEMAN', kind: 'INSTANSI', name: 'Pemerintah Kabupaten Sleman', timeZone: 'Asia/Jakarta', kanregId: 'KANREG-I' },
  yogya: { id: 'PEMKOT-YOGYAKARTA', kind: 'INSTANSI', name: 'Pemerintah Kota Yogyakarta', timeZone: 'Asia/Jakarta', kanregId: 'KANREG-I' },
  kalsel: { id: 'PEMPROV-KALSEL', kind: 'INSTANSI', name: 'Pemerintah Provinsi Kalimantan Selatan', timeZone: 'Asia/Makassar', kanregId: 'KANREG-VIII' },
};

export function employee(nip: string, agency: Organisation, overrides: Partial<Employee> = {}): Employee {
  return {
    nip,
    name: `Pegawai ${nip.slice(-3)}`,
    kind: 'PNS',
    agencyId: agency.id,
    birthDate: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
    sex: nip[14] === '2' ? 'F' : 'M',
    pangkat: { golongan: 'III/b', tmt: '2022-04-01' },
    jabatan: 'Analis Kepegawaian',
    timeZone: agency.timeZone,
    contact: { email: `${nip}@example.com`, phone: '+6281200000000' },
    preferences: { language: 'id', channels: { email: true, sms: true } },
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const EMPLOYEES = {
  sari: employee('199001012015032001', ORGS.sleman!),
  budi: employee('198805122014031002', ORGS.sleman!),
  dewi: employee('199203152019032003', ORGS.yogya!),
  rahmat: employee('198711202012031004', ORGS.kalsel!),
};

export function actor(username: string, roles: Role[], org: Organisation, nip?: string): Actor {
  return { userId: `user-${username}`, username, name: username, roles, org, ...(nip ? { nip } : {}) };
}

export const ACTORS = {
  sari: actor('sari', ['PEGAWAI'], ORGS.sleman!, EMPLOYEES.sari.nip),
  // Sari holding a staff role at her agency too: her own proposals meet every role.
  sariAsOperator: actor('sari', ['PEGAWAI', 'OPERATOR'], ORGS.sleman!, EMPLOYEES.sari.nip),
  sariAsVerifier: actor('sari', ['PEGAWAI', 'VERIFIKATOR'], ORGS.sleman!, EMPLOYEES.sari.nip),
  sariAsApprover: actor('sari', ['PEGAWAI', 'APPROVER'], ORGS.sleman!, EMPLOYEES.sari.nip),
  sariAsAdmin: actor('sari', ['PEGAWAI', 'ADMIN_INSTANSI'], ORGS.sleman!, EMPLOYEES.sari.nip),
  budi: actor('budi', ['PEGAWAI'], ORGS.sleman!, EMPLOYEES.budi.nip),
  dewi: actor('dewi', ['PEGAWAI'], ORGS.yogya!, EMPLOYEES.dewi.nip),
  opSleman: actor('op.sleman', ['OPERATOR'], ORGS.sleman!),
  verSleman: actor('ver.sleman', ['VERIFIKATOR'], ORGS.sleman!),
  apprSleman: actor('appr.sleman', ['APPROVER'], ORGS.sleman!),
  adminSleman: actor('admin.sleman', ['ADMIN_INSTANSI'], ORGS.sleman!),
  opYogya: actor('op.yogya', ['OPERATOR'], ORGS.yogya!),
  verYogya: actor('ver.yogya', ['VERIFIKATOR'], ORGS.yogya!),
  apprYogya: actor('appr.yogya', ['APPROVER'], ORGS.yogya!),
  adminYogya: actor('admin.yogya', ['ADMIN_INSTANSI'], ORGS.yogya!),
  opKanreg1: actor('op.kanreg1', ['OPERATOR'], ORGS.kanreg1!),
  verKanreg1: actor('ver.kanreg1', ['VERIFIKATOR'], ORGS.kanreg1!),
  apprKanreg1: actor('appr.kanreg1', ['APPROVER'], ORGS.kanreg1!),
  // A Kanreg's admin holds ADMIN_BKN at the Kanreg: the jobs escalate its overdue stages to them.
  adminKanreg1: actor('admin.kanreg1', ['ADMIN_BKN'], ORGS.kanreg1!),
  verKanreg8: actor('ver.kanreg8', ['VERIFIKATOR'], ORGS.kanreg8!),
  apprKanreg8: actor('appr.kanreg8', ['APPROVER'], ORGS.kanreg8!),
  auditorKanreg8: actor('auditor.kanreg8', ['AUDITOR'], ORGS.kanreg8!),
  adminKanreg8: actor('admin.kanreg8', ['ADMIN_BKN'], ORGS.kanreg8!),
  adminBkn: actor('admin.bkn', ['ADMIN_BKN'], ORGS.bkn!),
  auditor: actor('auditor.bkn', ['AUDITOR'], ORGS.bkn!),
};

/** Deadlines in tests: n days after `from`, so assertions do not depend on the calendar module. */
export const plainDeadline = (from: string, workingDays: number) => ({ dueAt: new Date(new Date(from).getTime() + workingDays * 86_400_000).toISOString(), yearsWithoutCalendar: [] });

/** A lifecycle context; `subject` is the employee whose record the service's rules and effects see. */
export function context(actorValue: Actor, type: ServiceType, now = '2026-11-02T02:00:00.000Z', subject: Employee = EMPLOYEES.sari): LifecycleContext {
  return {
    now,
    actor: actorValue,
    serviceType: type,
    organisations: new Map(Object.values(ORGS).map((o) => [o.id, o])),
    deadline: plainDeadline,
    rules: { employee: subject, today: now.slice(0, 10), now, calendars: new Calendars([CALENDAR_2026]), windows: type.hasSubmissionWindows ? defaultWindows(2026, type.code).concat(defaultWindows(2027, type.code)) : [] },
  };
}

/**
 * A proposal's documents as a test that is not about documents needs them ready: a reference for
 * each kind the catalog lets live in a records system, and an uploaded version scanned clean for
 * every other kind (give `uploaded` to the lifecycle's context as `documents`).
 */
export function readyDocuments(type: ServiceType, proposalId: string): { references: DocumentRef[]; uploaded: DocumentVersion[] } {
  const references = type.requiredDocuments.filter((d) => d.externalIn).map((d) => ({ code: d.code, reference: `dms://${d.code.toLowerCase()}` }));
  const uploaded = type.requiredDocuments
    .filter((d) => !d.externalIn)
    .map((d, i): DocumentVersion => {
      const sha256 = createHash('sha256').update(`${proposalId}/${d.code}`).digest('hex');
      return {
        proposalId,
        code: d.code,
        version: 1,
        sha256,
        size: 1000 + i,
        contentType: 'application/pdf',
        key: `${proposalId}/${d.code}/${sha256}`,
        registeredAt: '2026-01-01T00:00:00.000Z',
        registeredBy: { userId: 'user-op.sleman', role: 'OPERATOR' },
        scan: { status: 'CLEAN', at: '2026-01-01T00:00:01.000Z' },
      };
    });
  return { references, uploaded };
}
