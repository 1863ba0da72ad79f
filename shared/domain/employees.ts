import type { TimeZone } from './actors';
import type { LeaveRecord } from './leave';

export const EMPLOYEE_KINDS = ['PNS', 'CPNS', 'PPPK'] as const;
export type EmployeeKind = (typeof EMPLOYEE_KINDS)[number];

export const EMPLOYEE_STATUSES = ['AKTIF', 'PENSIUN'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

export type Language = 'id' | 'en';

export interface NotificationPreferences {
  language: Language;
  /** A status change of one's own proposal is statutory: at least one channel stays on. */
  channels: { email: boolean; sms: boolean };
}

/** An employee's personnel record, keyed by NIP. */
export interface Employee {
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyId: string;
  birthDate: string;
  sex: 'M' | 'F';
  /** Golongan/ruang, e.g. "III/b", with its TMT (start date). */
  pangkat?: { golongan: string; tmt: string };
  jabatan?: string;
  /** TMT CPNS and TMT PNS (appointment dates); absent on records that predate them. */
  tmtCpns?: string;
  tmtPns?: string;
  /** Absent means active: records are written before pension was tracked. */
  status?: EmployeeStatus;
  /** TMT pensiun, set when a pension proposal completes. */
  retirementDate?: string;
  /** Leave balances and granted leave; absent means a full entitlement for the current year. */
  leave?: LeaveRecord;
  timeZone: TimeZone;
  contact: { email?: string; phone?: string };
  preferences: NotificationPreferences;
  version: number;
  updatedAt: string;
}

export interface ContactChange {
  expectedVersion: number;
  contact?: { email?: string | null; phone?: string | null };
  preferences?: { language?: Language; channels?: { email: boolean; sms: boolean } };
}
