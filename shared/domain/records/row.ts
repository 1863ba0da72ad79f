import * as z from 'zod';
import type { Organisation } from '../actors';
import { parseIsoDate } from '../calendar/days';
import { GOLONGAN } from '../catalog/kenaikan-pangkat';
import { EMPLOYEE_KINDS, JABATAN_KINDS, SKP_PREDIKAT, type EmployeeKind, type JabatanKind, type SkpRating } from '../employees';
import { parseNiPppk, parseNip, type Sex } from '../nip';
import type { ImportScope } from './scope';
import { inScope } from './scope';

/**
 * One row of a SIASN-style employee file (CSV by its header, or one JSON Lines object), as the
 * national register (SIASN, BKN) exports an agency's employees. Column names are SIASN's own, in
 * Indonesian; columns not listed here (SIASN exports many) are ignored, never refused.
 */
export const RECORD_COLUMNS = [
  'nip', 'nama', 'tanggal_lahir', 'jenis_kelamin', 'instansi_id', 'jabatan', 'jenis_jabatan',
  'golongan', 'tmt_golongan', 'status_kepegawaian', 'tmt_cpns', 'tmt_pns', 'email', 'nomor_hp', 'skp',
] as const;
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

/** What a valid row says about one employee: the part of the record the register owns. */
export interface ImportedRecord {
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyId: string;
  birthDate: string;
  sex: Sex;
  jabatan?: string;
  jabatanKind?: JabatanKind;
  /** PNS and CPNS only: PPPK hold no pangkat (their golongan is a pay grade, Perpres 98/2020). */
  pangkat?: { golongan: string; tmt: string };
  tmtCpns?: string;
  tmtPns?: string;
  contact: { email?: string; phone?: string };
  skp: { tahun: number; predikat: SkpRating }[];
}

/** Why a row was not imported: its line in the file, the column, and the reason in both languages. */
export interface RowReject {
  line: number;
  nip?: string;
  field: RecordColumn | 'row';
  /** Indonesian first. */
  alasan: string;
  reason: string;
}

export interface RowContext {
  /** Today in Jakarta: numbers and dates may not lie in the future beyond what the rules allow. */
  today: string;
  /** The organisations the rows' instansi_id name, as the directory holds them (unknown ones are absent). */
  agencies: ReadonlyMap<string, Organisation>;
  scope: ImportScope;
}

export type ParsedRow = { ok: true; record: ImportedRecord } | { ok: false; rejects: RowReject[] };

/** SIASN writes dates as DD-MM-YYYY; ISO YYYY-MM-DD is taken too. */
const DMY = /^(\d{2})-(\d{2})-(\d{4})$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
function isoDateOf(text: string): string | undefined {
  const dmy = DMY.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : text;
  return ISO.test(iso) && parseIsoDate(iso) !== undefined ? iso : undefined;
}

/** Indonesian mobile numbers as people write them (0812…, 62812…, +62 812-…) to E.164. */
export function phoneOf(text: string): string | undefined {
  const digits = text.replace(/[\s.()-]/g, '');
  const national = digits.startsWith('+62') ? digits.slice(3) : digits.startsWith('62') ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : undefined;
  return national !== undefined && /^8\d{7,12}$/.test(national) ? `+62${national}` : undefined;
}

/** L/P as SIASN writes sex (laki-laki, perempuan); M/F as Pantau does. */
const SEXES: Readonly<Record<string, Sex>> = { L: 'M', P: 'F', M: 'M', F: 'F' };
/** PPPK pay grades I–XVII (Perpres 98/2020): read so a PPPK row is not refused for carrying one, never stored as pangkat. */
const PPPK_GRADES = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII'];

/** The cell as text: CSV cells are strings; JSON Lines may carry numbers and nulls. */
const cell = z.union([z.string(), z.number(), z.null(), z.undefined()]).transform((v) => (v === null || v === undefined ? '' : String(v).trim()));
/** 18 digits exceed a JSON number's exact range (2^53): a NIP written as a number has already lost digits. */
const nipCell = z.union([z.string(), z.null(), z.undefined()]).transform((v) => (v ?? '').trim());
const skpEntry = z.strictObject({ tahun: z.number().int(), predikat: z.string() });
const rowShape = z.looseObject({
  ...Object.fromEntries(RECORD_COLUMNS.filter((c) => c !== 'skp' && c !== 'nip').map((c) => [c, cell])),
  nip: nipCell,
  skp: z.union([cell, z.array(skpEntry)]).optional(),
});

const say = (line: number, nip: string | undefined, field: RowReject['field'], alasan: string, reason: string): RowReject => ({
  line,
  ...(nip ? { nip } : {}),
  field,
  alasan,
  reason,
});

/**
 * Validates one row against the domain's rules, reporting every problem of the row at once:
 * the NIP (Peraturan Kepala BKN 22/2007) or NI PPPK with its birth date, sex and TMT CPNS checked
 * against the row's own columns, a known agency inside the importer's scope, a rank I/a–IV/e
 * (PP 99/2000 as amended by PP 12/2002) for PNS and CPNS, dates in order, contact as Pantau keeps it.
 */
export function parseRecordRow(fields: unknown, line: number, ctx: RowContext): ParsedRow {
  const shaped = rowShape.safeParse(fields);
  if (!shaped.success) {
    const nipIssue = shaped.error.issues.some((issue) => issue.path[0] === 'nip');
    return {
      ok: false,
      rejects: [
        nipIssue
          ? say(line, undefined, 'nip', 'NIP harus ditulis sebagai teks, bukan angka (18 digit melebihi presisi angka JSON)', 'write the NIP as text, not a number (18 digits exceed a JSON number)')
          : say(line, undefined, 'row', 'baris tidak terbaca sebagai kolom SIASN (satu objek JSON per baris, atau CSV di bawah kepala kolom)', 'the row does not read as SIASN columns (one JSON object per line, or CSV under a header)'),
      ],
    };
  }
  const row = shaped.data as Record<Exclude<RecordColumn, 'skp'>, string> & { skp?: string | { tahun: number; predikat: string }[] };
  const rejects: RowReject[] = [];
  const nip = row.nip;
  const refuse = (field: RowReject['field'], alasan: string, reason: string) => rejects.push(say(line, /^\d{18}$/.test(nip) ? nip : undefined, field, alasan, reason));

  const kind = (EMPLOYEE_KINDS as readonly string[]).includes(row.status_kepegawaian.toUpperCase()) ? (row.status_kepegawaian.toUpperCase() as EmployeeKind) : undefined;
  if (!kind) refuse('status_kepegawaian', `status kepegawaian "${row.status_kepegawaian}" bukan CPNS, PNS atau PPPK`, `employment status "${row.status_kepegawaian}" is not CPNS, PNS or PPPK`);

  const name = row.nama;
  if (name.length < 2 || name.length > 200) refuse('nama', 'nama wajib diisi (2–200 karakter)', 'the name is required (2–200 characters)');

  const birthDate = isoDateOf(row.tanggal_lahir);
  if (!birthDate) refuse('tanggal_lahir', `tanggal lahir "${row.tanggal_lahir}" bukan tanggal (DD-MM-YYYY atau YYYY-MM-DD)`, `birth date "${row.tanggal_lahir}" is not a date (DD-MM-YYYY or YYYY-MM-DD)`);

  const sex = SEXES[row.jenis_kelamin.toUpperCase()];
  if (!sex) refuse('jenis_kelamin', `jenis kelamin "${row.jenis_kelamin}" bukan L atau P`, `sex "${row.jenis_kelamin}" is not L or P`);

  const tmtCpns = row.tmt_cpns ? isoDateOf(row.tmt_cpns) : undefined;
  if (row.tmt_cpns && !tmtCpns) refuse('tmt_cpns', `TMT CPNS "${row.tmt_cpns}" bukan tanggal`, `TMT CPNS "${row.tmt_cpns}" is not a date`);
  if (!row.tmt_cpns && kind && kind !== 'PPPK') refuse('tmt_cpns', `TMT CPNS wajib diisi untuk ${kind}`, `TMT CPNS is required for a ${kind}`);
  const tmtPns = row.tmt_pns ? isoDateOf(row.tmt_pns) : undefined;
  if (row.tmt_pns && !tmtPns) refuse('tmt_pns', `TMT PNS "${row.tmt_pns}" bukan tanggal`, `TMT PNS "${row.tmt_pns}" is not a date`);
  if (kind === 'PNS' && !row.tmt_pns) refuse('tmt_pns', 'TMT PNS wajib diisi untuk PNS', 'TMT PNS is required for a PNS');
  if (kind && kind !== 'PNS' && row.tmt_pns) refuse('tmt_pns', `${kind} tidak memiliki TMT PNS`, `a ${kind} has no TMT PNS`);
  if (tmtCpns && tmtPns && tmtPns < tmtCpns) refuse('tmt_pns', `TMT PNS ${tmtPns} sebelum TMT CPNS ${tmtCpns}`, `TMT PNS ${tmtPns} is before TMT CPNS ${tmtCpns}`);

  // The number carries birth date, sex and (NIP) the TMT CPNS month: each must agree with its column.
  if (kind === 'PPPK') {
    const parsed = parseNiPppk(nip, { today: ctx.today });
    if (!parsed.ok) for (const issue of parsed.issues) refuse('nip', `NI PPPK tidak sah: ${issue.message}`, `invalid NI PPPK: ${issue.message}`);
    else {
      if (birthDate && parsed.birthDate !== birthDate) refuse('tanggal_lahir', `tanggal lahir ${birthDate} tidak sama dengan NI PPPK (${parsed.birthDate})`, `birth date ${birthDate} differs from the NI PPPK's (${parsed.birthDate})`);
      if (sex && parsed.sex !== sex) refuse('jenis_kelamin', 'jenis kelamin tidak sama dengan digit ke-15 NI PPPK', "sex differs from the NI PPPK's 15th digit");
    }
  } else if (kind) {
    const parsed = parseNip(nip, { today: ctx.today });
    if (!parsed.ok) for (const issue of parsed.issues) refuse('nip', `NIP tidak sah: ${issue.message}`, `invalid NIP: ${issue.message}`);
    else {
      if (birthDate && parsed.birthDate !== birthDate) refuse('tanggal_lahir', `tanggal lahir ${birthDate} tidak sama dengan NIP (${parsed.birthDate})`, `birth date ${birthDate} differs from the NIP's (${parsed.birthDate})`);
      if (sex && parsed.sex !== sex) refuse('jenis_kelamin', 'jenis kelamin tidak sama dengan digit ke-15 NIP', "sex differs from the NIP's 15th digit");
      if (tmtCpns && tmtCpns.slice(0, 7) !== parsed.tmt) refuse('tmt_cpns', `TMT CPNS ${tmtCpns} tidak sama dengan bulan TMT di NIP (${parsed.tmt})`, `TMT CPNS ${tmtCpns} differs from the NIP's TMT month (${parsed.tmt})`);
    }
  }

  const agency = ctx.agencies.get(row.instansi_id);
  if (!agency || agency.kind !== 'INSTANSI') refuse('instansi_id', `instansi "${row.instansi_id}" tidak dikenal`, `agency "${row.instansi_id}" is not known`);
  else if (!inScope(ctx.scope, agency.id)) refuse('instansi_id', `instansi ${agency.id} di luar kewenangan pengimpor`, `agency ${agency.id} is outside the importer's scope`);

  const jabatan = row.jabatan || undefined;
  if (jabatan && jabatan.length > 200) refuse('jabatan', 'jabatan paling banyak 200 karakter', 'the position is at most 200 characters');
  const jabatanKind = row.jenis_jabatan ? (JABATAN_KINDS as readonly string[]).includes(row.jenis_jabatan.toUpperCase()) ? (row.jenis_jabatan.toUpperCase() as JabatanKind) : undefined : undefined;
  if (row.jenis_jabatan && !jabatanKind) refuse('jenis_jabatan', `jenis jabatan "${row.jenis_jabatan}" tidak dikenal (${JABATAN_KINDS.join(', ')})`, `position kind "${row.jenis_jabatan}" is unknown (${JABATAN_KINDS.join(', ')})`);

  let pangkat: ImportedRecord['pangkat'];
  if (kind === 'PPPK') {
    if (row.golongan && !PPPK_GRADES.includes(row.golongan.toUpperCase())) refuse('golongan', `golongan PPPK "${row.golongan}" bukan I–XVII`, `PPPK pay grade "${row.golongan}" is not I–XVII`);
  } else if (kind) {
    const golongan = GOLONGAN.find((g) => g.toUpperCase() === row.golongan.toUpperCase());
    const tmt = isoDateOf(row.tmt_golongan);
    if (!golongan) refuse('golongan', `golongan "${row.golongan}" bukan I/a–IV/e`, `rank "${row.golongan}" is not I/a–IV/e`);
    if (!tmt) refuse('tmt_golongan', `TMT golongan "${row.tmt_golongan}" bukan tanggal`, `rank TMT "${row.tmt_golongan}" is not a date`);
    else if (tmtCpns && tmt < tmtCpns) refuse('tmt_golongan', `TMT golongan ${tmt} sebelum TMT CPNS ${tmtCpns}`, `rank TMT ${tmt} is before TMT CPNS ${tmtCpns}`);
    if (golongan && tmt) pangkat = { golongan, tmt };
  }

  const email = row.email || undefined;
  if (email && !z.email().max(254).safeParse(email).success) refuse('email', `email "${email}" tidak sah`, `email "${email}" is not valid`);
  const phone = row.nomor_hp ? phoneOf(row.nomor_hp) : undefined;
  if (row.nomor_hp && !phone) refuse('nomor_hp', `nomor HP "${row.nomor_hp}" bukan nomor seluler Indonesia`, `phone "${row.nomor_hp}" is not an Indonesian mobile number`);

  const skp = skpOf(row.skp, birthDate, ctx.today);
  if ('problem' in skp) refuse('skp', skp.problem.alasan, skp.problem.reason);

  if (rejects.length > 0 || !kind || !birthDate || !sex || !agency) return { ok: false, rejects };
  return {
    ok: true,
    record: {
      nip, name, kind, agencyId: agency.id, birthDate, sex,
      ...(jabatan ? { jabatan } : {}),
      ...(jabatanKind ? { jabatanKind } : {}),
      ...(pangkat ? { pangkat } : {}),
      ...(tmtCpns ? { tmtCpns } : {}),
      ...(tmtPns ? { tmtPns } : {}),
      contact: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
      skp: 'ratings' in skp ? skp.ratings : [],
    },
  };
}

/** SKP ratings: CSV `2025=BAIK;2026=SANGAT_BAIK`, JSON Lines the same text or `[{ tahun, predikat }]`. One per year, sorted. */
function skpOf(value: string | { tahun: number; predikat: string }[] | undefined, birthDate: string | undefined, today: string): { ratings: ImportedRecord['skp'] } | { problem: { alasan: string; reason: string } } {
  const entries = typeof value === 'string' || value === undefined
    ? (value ?? '').split(';').map((s) => s.trim()).filter(Boolean).map((part) => {
        const [year, predikat] = part.split('=');
        return { tahun: /^\d{4}$/.test(year?.trim() ?? '') ? Number(year) : Number.NaN, predikat: (predikat ?? '').trim() };
      })
    : value;
  const thisYear = Number(today.slice(0, 4));
  const fromYear = birthDate ? Number(birthDate.slice(0, 4)) + 18 : 1950;
  const seen = new Set<number>();
  for (const { tahun, predikat } of entries) {
    if (!Number.isInteger(tahun) || tahun < fromYear || tahun > thisYear) {
      return { problem: { alasan: `tahun SKP "${String(tahun)}" tidak sah (tulis 2025=BAIK;2026=SANGAT_BAIK)`, reason: `SKP year "${String(tahun)}" is not valid (write 2025=BAIK;2026=SANGAT_BAIK)` } };
    }
    if (!(SKP_PREDIKAT as readonly string[]).includes(predikat.toUpperCase())) {
      return { problem: { alasan: `predikat SKP ${tahun} "${predikat}" tidak dikenal (${SKP_PREDIKAT.join(', ')})`, reason: `SKP rating ${tahun} "${predikat}" is unknown (${SKP_PREDIKAT.join(', ')})` } };
    }
    if (seen.has(tahun)) return { problem: { alasan: `SKP tahun ${tahun} tertulis dua kali`, reason: `SKP year ${tahun} is given twice` } };
    seen.add(tahun);
  }
  return { ratings: entries.map(({ tahun, predikat }) => ({ tahun, predikat: predikat.toUpperCase() as SkpRating })).sort((a, b) => a.tahun - b.tahun) };
}
