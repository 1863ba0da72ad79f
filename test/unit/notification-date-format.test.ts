import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDeadline,
  formatInstantDate,
  formatShortDate,
  formatShortDeadline,
} from '../../shared/domain/notifications/date-format';

describe('dates as a letter writes them', () => {
  it('in Indonesian and English, with the day of the week', () => {
    expect(formatDate('2026-03-26', 'id')).toBe('Kamis, 26 Maret 2026');
    expect(formatDate('2026-03-26', 'en')).toBe('Thursday, 26 March 2026');
    expect(formatDate('2026-03-20', 'id')).toBe('Jumat, 20 Maret 2026');
    expect(formatDate('2026-03-22', 'en')).toBe('Sunday, 22 March 2026');
  });

  it('names every month and every day of the week in both languages', () => {
    const id = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
    const en = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    for (let month = 1; month <= 12; month++) {
      const date = `2026-${String(month).padStart(2, '0')}-01`;
      expect(formatDate(date, 'id', { weekday: false })).toBe(`1 ${id[month - 1]} 2026`);
      expect(formatDate(date, 'en', { weekday: false })).toBe(`1 ${en[month - 1]} 2026`);
    }
    // Mon 16 to Sun 22 March 2026.
    const days = ['16', '17', '18', '19', '20', '21', '22'].map((d) => formatDate(`2026-03-${d}`, 'id').split(',')[0]);
    expect(days).toEqual(['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']);
  });

  it('short for an SMS', () => {
    expect(formatShortDate('2026-08-17', 'id')).toBe('17 Agu 2026');
    expect(formatShortDate('2026-08-17', 'en')).toBe('17 Aug 2026');
    expect(formatShortDate('2026-05-01', 'id')).toBe('1 Mei 2026');
  });

  it('refuses what is no date', () => {
    expect(() => formatDate('2026-02-29', 'id')).toThrow(RangeError);
  });
});

describe('deadlines in the reader’s zone', () => {
  it('at the end of a local day are the date alone', () => {
    expect(formatDeadline('2026-03-26T16:59:59.999Z', 'Asia/Jakarta', 'id')).toBe('Kamis, 26 Maret 2026');
    expect(formatShortDeadline('2026-03-26T16:59:59.999Z', 'Asia/Jakarta', 'en')).toBe('26 Mar 2026');
  });

  it('of an office in WIT, read in WIB, carry the time and the zone', () => {
    expect(formatDeadline('2026-03-26T14:59:59.999Z', 'Asia/Jakarta', 'id')).toBe('Kamis, 26 Maret 2026 pukul 21.59 WIB');
    expect(formatDeadline('2026-03-26T14:59:59.999Z', 'Asia/Jakarta', 'en')).toBe('Thursday, 26 March 2026 at 21:59 WIB');
    expect(formatShortDeadline('2026-03-26T14:59:59.999Z', 'Asia/Jakarta', 'id')).toBe('26 Mar 2026 21.59 WIB');
  });

  it('of an office in WIB, read in WITA, fall in the next day’s first hour', () => {
    expect(formatDeadline('2026-03-26T16:59:59.999Z', 'Asia/Makassar', 'id')).toBe('Jumat, 27 Maret 2026 pukul 00.59 WITA');
  });

  it('an instant’s local date', () => {
    expect(formatInstantDate('2026-03-16T17:30:00Z', 'Asia/Jakarta', 'id')).toBe('Selasa, 17 Maret 2026');
    expect(formatInstantDate('2026-03-16T16:30:00Z', 'Asia/Jakarta', 'en')).toBe('Monday, 16 March 2026');
  });
});
