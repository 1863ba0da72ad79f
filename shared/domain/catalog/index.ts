import { cuti } from './cuti';
import { kenaikanPangkat } from './kenaikan-pangkat';
import { mutasi } from './mutasi';
import { pemutakhiranData } from './pemutakhiran-data';
import { penetapanNiPppk } from './penetapan-ni-pppk';
import { penetapanNip } from './penetapan-nip';
import { pengangkatanPns } from './pengangkatan-pns';
import { pensiun } from './pensiun';
import { skp } from './skp';
import type { ServiceType } from './types';

/** The service catalog. Adding a service type is adding an entry here, not a code path. */
export const CATALOG: ReadonlyMap<string, ServiceType> = new Map(
  ([penetapanNip, penetapanNiPppk, pengangkatanPns, kenaikanPangkat, mutasi, pensiun, cuti, pemutakhiranData, skp] as ServiceType[]).map((type) => [type.code, type]),
);

export const findServiceType = (code: string): ServiceType | undefined => CATALOG.get(code);
