import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { employeeItem } from '../../shared/adapters/dynamo/keys';
import { GOLONGAN } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { TimeZone } from '../../shared/domain/actors';
import type { Employee } from '../../shared/domain/employees';
import { batchWriteAll } from './timer-load';

/**
 * Many employee records, fast, as an import writes them (employeeItem: under the NIP and in the
 * agency's partition of byEmployee). Used by the eligibility read-cost test and the benchmark.
 *
 * Record `i` has a valid NIP of its own: the 3-digit sequence counts i within 999, and the first
 * 15 digits (birth date, TMT CPNS, sex) move on every 999, so numbers never repeat (11 million
 * and more before they would): give each agency a range of i of its own, or records overwrite
 * each other. Ranks, TMTs and ratings vary with i, so a list has both verdicts.
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function loadEmployee(i: number, agencyId: string, timeZone: TimeZone = 'Asia/Jakarta'): Employee {
  const k = Math.floor(i / 999);
  const year = 1966 + (k % 33);
  const month = 1 + (Math.floor(k / 33) % 12);
  const day = 1 + (Math.floor(k / 396) % 28);
  const sex = i % 2 === 0 ? '1' : '2';
  const birthDate = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
  const tmtCpns = `${year + 24}-${pad(month, 2)}-01`;
  const nip = `${year}${pad(month, 2)}${pad(day, 2)}${year + 24}${pad(month, 2)}${sex}${pad(1 + (i % 999), 3)}`;
  return {
    nip,
    name: `Pegawai Muat ${i}`,
    kind: i % 20 === 0 ? 'CPNS' : 'PNS',
    agencyId,
    birthDate,
    sex: sex === '1' ? 'M' : 'F',
    pangkat: { golongan: GOLONGAN[4 + (i % 10)]!, tmt: `${2018 + (i % 8)}-${pad(1 + (i % 6) * 2, 2)}-01` },
    jabatan: i % 3 === 0 ? 'Pengadministrasi Perkantoran' : 'Analis Sumber Daya Manusia Aparatur Ahli Muda',
    tmtCpns,
    timeZone,
    skp: [{ tahun: 2025, predikat: i % 7 === 0 ? 'BUTUH_PERBAIKAN' : 'BAIK' }, { tahun: 2026, predikat: 'BAIK' }],
    contact: { email: `pegawai.${i}@example.go.id`, phone: '+6281200000000' },
    preferences: { language: 'id', channels: { email: true, sms: false } },
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Writes records `from`..`to` (exclusive) of an agency, 25 to a BatchWrite. */
export async function loadEmployees(doc: DynamoDBDocumentClient, tableName: string, { agencyId, from = 0, to, timeZone }: { agencyId: string; from?: number; to: number; timeZone?: TimeZone }): Promise<void> {
  const items = Array.from({ length: Math.max(0, to - from) }, (_, k) => employeeItem(loadEmployee(from + k, agencyId, timeZone)));
  await batchWriteAll(doc, tableName, items);
}
