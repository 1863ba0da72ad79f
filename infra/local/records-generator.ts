import { stringify } from 'csv-stringify/sync';
import { GOLONGAN } from '../../shared/domain/catalog/kenaikan-pangkat';
import { composeNiPppk, composeNip } from '../../shared/domain/nip';
import { RECORD_COLUMNS, type RecordColumn } from '../../shared/domain/records/row';

/**
 * Generated SIASN files for trying the import and the eligibility lists: a deterministic mix of an
 * agency's employees as of `today`, with some rows broken on purpose (each in one known way) so the
 * rejects report has something to say. The same options give the same file, byte for byte.
 *
 * The mix, for a file made on 2026-12-03 and the February 2027 promotion period:
 * - PNS (about 6 in 10): ranks II/a–IV/b; a third of them 4 or more years in rank by the period, most
 *   with SKP ratings for 2025 and 2026 (some with one only: not yet eligible, and the list says why);
 * - PNS at the end of their career (1 in 10): reaching 58, the BUP of an administrative post, in the
 *   next 12 months (the PENSIUN list);
 * - CPNS (about 1.5 in 10): half appointed more than a year ago (past their probation year, the
 *   PENGANGKATAN_PNS list), half recently;
 * - PPPK (about 1.5 in 10), with NI PPPK numbers and no pangkat.
 */
export interface GeneratorOptions {
  agencyId: string;
  count: number;
  /** Rows broken on purpose, spread through the file. */
  bad: number;
  seed: number;
  /** The day the file is cut: no date in it lies after. */
  today: string;
}

export type GeneratedRow = Record<RecordColumn, string>;

/** mulberry32: small, fast and seedable; the file only needs to look varied and repeat exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN_M = ['Agus', 'Bambang', 'Budi', 'Dimas', 'Eko', 'Fajar', 'Hadi', 'Hendra', 'Joko', 'Rizky', 'Slamet', 'Teguh', 'Wahyu', 'Yoga', 'Andi', 'Arif', 'Bayu', 'Dedi', 'Gilang', 'Irfan'];
const GIVEN_F = ['Ani', 'Dewi', 'Endang', 'Fitri', 'Indah', 'Lestari', 'Nur', 'Puji', 'Ratna', 'Rina', 'Sri', 'Tri', 'Wulan', 'Yuliana', 'Ayu', 'Citra', 'Dian', 'Eka', 'Kartika', 'Maya'];
const FAMILY = ['Santoso', 'Wibowo', 'Lestari', 'Pratama', 'Wahyuni', 'Saputra', 'Rahmawati', 'Nugroho', 'Handayani', 'Setiawan', 'Kusuma', 'Hidayat', 'Purnomo', 'Susanti', 'Utami', 'Prasetyo', 'Suryani', 'Wijaya', 'Haryanto', 'Anggraini'];
const POSITIONS: readonly [string, string][] = [
  ['Pengadministrasi Perkantoran', 'ADMINISTRASI'],
  ['Analis Kepegawaian Ahli Pertama', 'FUNGSIONAL_AHLI_PERTAMA'],
  ['Analis Kebijakan Ahli Muda', 'FUNGSIONAL_AHLI_MUDA'],
  ['Guru Ahli Madya', 'FUNGSIONAL_AHLI_MADYA'],
  ['Perawat Terampil', 'FUNGSIONAL_KETERAMPILAN'],
  ['Kepala Seksi Pelayanan', 'ADMINISTRASI'],
  ['Pranata Komputer Ahli Pertama', 'FUNGSIONAL_AHLI_PERTAMA'],
  ['Bendahara', 'ADMINISTRASI'],
];
const RATINGS = ['BAIK', 'BAIK', 'BAIK', 'BAIK', 'SANGAT_BAIK', 'SANGAT_BAIK', 'BUTUH_PERBAIKAN'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dmy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

type Kind = 'PNS' | 'BUP' | 'CPNS_PAST' | 'CPNS_NEW' | 'PPPK';

/** The file's rows: header order is RECORD_COLUMNS. */
export function generateRows({ agencyId, count, bad, seed, today }: GeneratorOptions): GeneratedRow[] {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const int = (from: number, to: number) => from + Math.floor(rand() * (to - from + 1));
  const year = Number(today.slice(0, 4));
  const used = new Set<string>();
  const rows: GeneratedRow[] = [];

  for (let i = 0; i < count; i += 1) {
    const roll = rand();
    const kind: Kind = roll < 0.6 ? 'PNS' : roll < 0.7 ? 'BUP' : roll < 0.775 ? 'CPNS_PAST' : roll < 0.85 ? 'CPNS_NEW' : 'PPPK';
    const sex = rand() < 0.5 ? 'M' : 'F';
    const name = `${pick(sex === 'M' ? GIVEN_M : GIVEN_F)} ${pick(FAMILY)}`;
    const [jabatan, jenisJabatan] = kind === 'BUP' ? POSITIONS[0]! : pick(POSITIONS);
    let birthDate: string;
    let tmtCpns = '';
    let tmtPns = '';
    let golongan = '';
    let tmtGolongan = '';
    let nip = '';
    if (kind === 'BUP') {
      // 58 (PP 11/2017 art. 239: administrative posts) 1 to 11 months from now.
      const months = (year - 58) * 12 + (Number(today.slice(5, 7)) - 1) + int(1, 11);
      birthDate = `${Math.floor(months / 12)}-${pad((months % 12) + 1)}-${pad(int(1, 28))}`;
    } else {
      birthDate = `${int(year - 55, year - 24)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
    }
    const birthYear = Number(birthDate.slice(0, 4));
    if (kind === 'PPPK') {
      const appointmentYear = int(Math.max(birthYear + 21, year - 4), year);
      for (let seq = 1; !nip || used.has(nip); seq += 1) nip = composeNiPppk({ birthDate, appointmentYear, middleDigits: pad(int(10, 29)), sex, sequence: seq });
      golongan = pick(['V', 'VII', 'IX', 'X']);
    } else {
      // Appointed between 20 and 35 (PP 11/2017 art. 23 (1) a: 18 to 35 at application).
      const cpnsYear = kind === 'CPNS_PAST' ? year - 1 - int(0, 1) : kind === 'CPNS_NEW' ? year : int(birthYear + 20, Math.min(year - 3, birthYear + 35));
      const cpnsMonth = kind === 'CPNS_NEW' ? int(1, Number(today.slice(5, 7)) - 1 || 1) : int(1, 12);
      tmtCpns = `${cpnsYear}-${pad(cpnsMonth)}-01`;
      for (let seq = 1; !nip || used.has(nip); seq += 1) nip = composeNip({ birthDate, tmt: tmtCpns.slice(0, 7), sex, sequence: seq });
      if (kind === 'PNS' || kind === 'BUP') {
        tmtPns = `${cpnsYear + 1}-${pad(cpnsMonth)}-01`;
        golongan = GOLONGAN[int(4, 13)]!;
        // About a third 4 years or more in rank by the period (PP 99/2000 art. 7); the rest promoted since.
        const longest = year - 4;
        const rankYear = rand() < 0.35 && cpnsYear + 1 <= longest ? int(Math.max(cpnsYear + 1, year - 10), longest) : int(Math.max(cpnsYear + 1, year - 3), year - 1);
        tmtGolongan = `${rankYear}-${pick(['04', '10'])}-01`;
      } else {
        golongan = pick(['II/a', 'II/c', 'III/a']);
        tmtGolongan = tmtCpns;
      }
    }
    used.add(nip);
    const skpYears = kind === 'CPNS_NEW' ? [] : rand() < 0.85 ? [year - 1, year] : [year];
    const local = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${i}`;
    rows.push({
      nip,
      nama: name,
      tanggal_lahir: rand() < 0.5 ? dmy(birthDate) : birthDate,
      jenis_kelamin: sex === 'M' ? 'L' : 'P',
      instansi_id: agencyId,
      jabatan,
      jenis_jabatan: jenisJabatan,
      golongan,
      tmt_golongan: tmtGolongan,
      status_kepegawaian: kind === 'PPPK' ? 'PPPK' : kind.startsWith('CPNS') ? 'CPNS' : 'PNS',
      tmt_cpns: tmtCpns,
      tmt_pns: tmtPns,
      email: `${local}@example.go.id`,
      nomor_hp: `08${int(11, 59)}${pad(int(0, 99999999), 8)}`,
      skp: skpYears.map((y) => `${y}=${pick(RATINGS)}`).join(';'),
    });
  }

  // Breaks, each a rule of the row handler, spread evenly so a resumed run meets them too.
  const breaks: ((row: GeneratedRow) => void)[] = [
    (r) => (r.tanggal_lahir = '31-02-1980'),
    (r) => (r.instansi_id = 'PEMKAB-TIDAK-ADA'),
    (r) => (r.golongan = r.status_kepegawaian === 'PPPK' ? 'XXI' : 'III/f'),
    (r) => (r.nip = r.nip.slice(0, 17)),
    (r) => (r.nomor_hp = '12345'),
    (r) => (r.nama = ''),
    (r) => (r.jenis_kelamin = 'X'),
    (r) => (r.status_kepegawaian = 'HONORER'),
    (r) => (r.skp = '2025=LUAR_BIASA'),
    (r) => (r.email = 'bukan-email'),
  ];
  const step = bad > 0 ? Math.max(1, Math.floor(count / bad)) : 0;
  for (let b = 0; b < Math.min(bad, count); b += 1) breaks[b % breaks.length]!(rows[Math.min(count - 1, b * step + Math.floor(step / 2))]!);
  return rows;
}

export const rowsAsCsv = (rows: readonly GeneratedRow[]): string => stringify(rows as GeneratedRow[], { header: true, columns: [...RECORD_COLUMNS] });
export const rowsAsJsonl = (rows: readonly GeneratedRow[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
