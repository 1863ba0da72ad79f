import type { TimeZone } from './actors';

export const EMPLOYEE_KINDS = ['PNS', 'CPNS', 'PPPK'] as const;
export type EmployeeKind = (typeof EMPLOYEE_KINDS)[number];

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
