import type { Names } from './types';

/**
 * The government records systems a required document may already live in, so the checklist can
 * point at it instead of a second copy: decrees in SIASN's document store (DMS), performance
 * ratings in e-Kinerja, official letters in SRIKANDI (the national e-office, Perpres 95/2018 SPBE).
 */
export const RECORDS_SYSTEMS = {
  SIASN_DMS: { id: 'DMS SIASN', en: 'SIASN document store (DMS)' },
  E_KINERJA: { id: 'e-Kinerja BKN', en: 'BKN e-Kinerja' },
  SRIKANDI: { id: 'SRIKANDI (tata naskah dinas elektronik)', en: 'SRIKANDI (electronic official correspondence)' },
} as const satisfies Record<string, Names>;
