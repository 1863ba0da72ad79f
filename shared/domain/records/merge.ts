import type { Organisation } from '../actors';
import type { Employee } from '../employees';
import type { ImportedRecord, RowReject } from './row';
import { inScope, type ImportScope } from './scope';

/** A field the import changed, old beside new, as the change it writes keeps it. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface StoredRecord {
  employee: Employee;
  /** Whether the item sits in its agency's partition of the byEmployee index (records written before it did not). */
  indexed: boolean;
}

export type Merge =
  | { kind: 'create'; employee: Employee }
  | { kind: 'update'; employee: Employee; changes: FieldChange[] }
  | { kind: 'unchanged' }
  | { kind: 'refused'; reject: RowReject };

export interface MergeContext {
  /** The row's agency (the record's new agency when it moved). */
  agency: Organisation;
  scope: ImportScope;
  line: number;
  now: string;
}

/** The fields the register owns and an import compares and writes; everything else on a record is Pantau's own. */
const IMPORTED_FIELDS = ['name', 'kind', 'agencyId', 'birthDate', 'sex', 'jabatan', 'jabatanKind', 'pangkat', 'tmtCpns', 'tmtPns', 'contact', 'skp', 'timeZone'] as const;
type ImportedField = (typeof IMPORTED_FIELDS)[number];

/** Key order must not make two equal values differ. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  return value;
}
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

const refused = (ctx: MergeContext, nip: string, field: RowReject['field'], alasan: string, reason: string): Merge => ({ kind: 'refused', reject: { line: ctx.line, nip, field, alasan, reason } });

/**
 * What importing a valid row does to the record on file: create it, write a new version with the
 * fields that changed, or nothing. The register's fields replace the record's, except where Pantau
 * knows better since the file was cut:
 * - contact: the employee's own settings (PUT /employees/{nip}) win; the file fills what is missing;
 * - pangkat: a rank with a later TMT on record (a promotion completed in Pantau) is kept;
 * - a PNS on record (PENGANGKATAN_PNS completed, with its TMT PNS) is not made CPNS again;
 * - SKP ratings: the file's years replace the record's same years, others are kept.
 * Leave, address, education, family, position history, preferences and the supervisor are never
 * touched. A retired record is not reactivated, and a row may not move a record out of an agency
 * outside the importer's scope. Pure.
 */
export function mergeRecord(stored: StoredRecord | undefined, record: ImportedRecord, ctx: MergeContext): Merge {
  if (!stored) {
    const { skp, ...rest } = record;
    const channels = { email: record.contact.email !== undefined || record.contact.phone === undefined, sms: record.contact.phone !== undefined };
    return {
      kind: 'create',
      employee: {
        ...rest,
        ...(skp.length > 0 ? { skp } : {}),
        timeZone: ctx.agency.timeZone,
        preferences: { language: 'id', channels },
        version: 1,
        updatedAt: ctx.now,
      },
    };
  }
  const current = stored.employee;
  if (current.status === 'PENSIUN') {
    return refused(ctx, record.nip, 'nip', `pegawai sudah pensiun${current.retirementDate ? ` (TMT ${current.retirementDate})` : ''}; impor tidak mengaktifkan kembali`, `the employee is retired${current.retirementDate ? ` (since ${current.retirementDate})` : ''}; an import does not reactivate a record`);
  }
  if (current.agencyId !== record.agencyId && !inScope(ctx.scope, current.agencyId)) {
    return refused(ctx, record.nip, 'instansi_id', `NIP ini tercatat di instansi ${current.agencyId}, di luar kewenangan pengimpor`, `this NIP is on record at ${current.agencyId}, outside the importer's scope`);
  }

  const keepsPns = current.kind === 'PNS' && record.kind === 'CPNS' && current.tmtPns !== undefined;
  const keepsPangkat = current.pangkat !== undefined && record.pangkat !== undefined && current.pangkat.tmt > record.pangkat.tmt;
  const skpByYear = new Map((current.skp ?? []).map((s) => [s.tahun, s]));
  for (const s of record.skp) skpByYear.set(s.tahun, s);
  const skp = [...skpByYear.values()].sort((a, b) => a.tahun - b.tahun);
  const jabatan = record.jabatan ?? current.jabatan;
  // A new title without its kind drops the old kind: the retirement age is then read from the title.
  const jabatanKind = record.jabatanKind ?? (record.jabatan !== undefined && record.jabatan !== current.jabatan ? undefined : current.jabatanKind);

  const next: Pick<Employee, ImportedField> = {
    name: record.name,
    kind: keepsPns ? 'PNS' : record.kind,
    agencyId: record.agencyId,
    birthDate: record.birthDate,
    sex: record.sex,
    jabatan,
    jabatanKind,
    pangkat: keepsPangkat ? current.pangkat : (record.pangkat ?? (record.kind === 'PPPK' ? undefined : current.pangkat)),
    tmtCpns: record.tmtCpns ?? current.tmtCpns,
    tmtPns: keepsPns ? current.tmtPns : (record.tmtPns ?? (record.kind === 'PNS' ? current.tmtPns : undefined)),
    contact: { ...record.contact, ...current.contact },
    skp: skp.length > 0 ? skp : undefined,
    timeZone: record.agencyId === current.agencyId ? current.timeZone : ctx.agency.timeZone,
  };
  const changes: FieldChange[] = IMPORTED_FIELDS.filter((field) => !same(current[field], next[field])).map((field) => ({ field, old: current[field] ?? null, new: next[field] ?? null }));
  if (changes.length === 0 && stored.indexed) return { kind: 'unchanged' };

  const employee = { ...current } as Employee & Record<string, unknown>;
  for (const field of IMPORTED_FIELDS) {
    if (next[field] === undefined) delete employee[field];
    else (employee as Record<string, unknown>)[field] = next[field];
  }
  return { kind: 'update', employee: { ...employee, version: current.version + 1, updatedAt: ctx.now }, changes };
}
