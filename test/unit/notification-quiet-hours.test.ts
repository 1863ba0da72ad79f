import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/actors';
import { smsSendableAt } from '../../shared/domain/notifications/quiet-hours';

const OFFSETS: Record<TimeZone, string> = { 'Asia/Jakarta': '+07:00', 'Asia/Makassar': '+08:00', 'Asia/Jayapura': '+09:00' };
const ZONES = Object.keys(OFFSETS) as TimeZone[];

/** A local wall-clock time, written out by hand rather than by the module under test. */
const local = (date: string, time: string, zone: TimeZone): string => `${date}T${time}${OFFSETS[zone]}`;
const utc = (instant: string): string => new Date(instant).toISOString();

describe('an employee is not woken by a non-urgent SMS', () => {
  it.each(ZONES)('in %s, 07:00 and 20:59 local are sent at once', (zone) => {
    expect(smsSendableAt(local('2026-05-04', '07:00:00', zone), zone, false)).toEqual({ sendNow: true });
    expect(smsSendableAt(local('2026-05-04', '20:59:00', zone), zone, false)).toEqual({ sendNow: true });
    expect(smsSendableAt(local('2026-05-04', '20:59:59.999', zone), zone, false)).toEqual({ sendNow: true });
  });

  it.each(ZONES)('in %s, 06:59 local waits until 07:00 the same morning', (zone) => {
    expect(smsSendableAt(local('2026-05-04', '06:59:00', zone), zone, false)).toEqual({ sendNow: false, at: utc(local('2026-05-04', '07:00:00', zone)) });
    expect(smsSendableAt(local('2026-05-04', '00:00:00', zone), zone, false)).toEqual({ sendNow: false, at: utc(local('2026-05-04', '07:00:00', zone)) });
  });

  it.each(ZONES)('in %s, 21:00 local waits until 07:00 the next morning', (zone) => {
    expect(smsSendableAt(local('2026-05-04', '21:00:00', zone), zone, false)).toEqual({ sendNow: false, at: utc(local('2026-05-05', '07:00:00', zone)) });
    expect(smsSendableAt(local('2026-05-04', '23:59:59.999', zone), zone, false)).toEqual({ sendNow: false, at: utc(local('2026-05-05', '07:00:00', zone)) });
  });

  it('22:00 in Makassar (WITA) waits until 07:00 WITA, which is 23:00 UTC of the same UTC day', () => {
    expect(smsSendableAt('2026-05-04T14:00:00Z', 'Asia/Makassar', false)).toEqual({ sendNow: false, at: '2026-05-04T23:00:00.000Z' });
  });

  it('the same instant is daytime in Jakarta and night in Jayapura', () => {
    // 13:30 UTC is 20:30 WIB, 21:30 WIT.
    expect(smsSendableAt('2026-05-04T13:30:00Z', 'Asia/Jakarta', false)).toEqual({ sendNow: true });
    expect(smsSendableAt('2026-05-04T13:30:00Z', 'Asia/Jayapura', false)).toEqual({ sendNow: false, at: '2026-05-04T22:00:00.000Z' });
  });

  it('the night before a new year waits into the new year', () => {
    expect(smsSendableAt(local('2026-12-31', '22:15:00', 'Asia/Jakarta'), 'Asia/Jakarta', false)).toEqual({ sendNow: false, at: '2027-01-01T00:00:00.000Z' });
  });

  it('an instant written with another offset is read as the same instant', () => {
    // 22:30 WIT is 20:30 WIB.
    expect(smsSendableAt('2026-05-04T22:30:00+09:00', 'Asia/Jakarta', false)).toEqual({ sendNow: true });
    expect(smsSendableAt('2026-05-04T22:30:00+09:00', 'Asia/Jayapura', false)).toEqual({ sendNow: false, at: '2026-05-04T22:00:00.000Z' });
  });

  it('an urgent SMS goes at once, at any hour, in any zone', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...ZONES), (date, zone) => {
        expect(smsSendableAt(date.toISOString(), zone, true)).toEqual({ sendNow: true });
      }),
    );
  });

  it('a held SMS goes at the next 07:00 local, within ten hours, and never earlier than asked', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...ZONES), (date, zone) => {
        const decision = smsSendableAt(date.toISOString(), zone, false);
        const offsetHours = Number(OFFSETS[zone].slice(1, 3));
        const localHour = (date.getUTCHours() + offsetHours) % 24;
        expect(decision.sendNow).toBe(localHour >= 7 && localHour < 21);
        if (!decision.sendNow) {
          const wait = Date.parse(decision.at) - date.getTime();
          expect(wait).toBeGreaterThan(0);
          expect(wait).toBeLessThanOrEqual(10 * 3_600_000);
          expect((new Date(decision.at).getUTCHours() + offsetHours) % 24).toBe(7);
          expect(decision.at.endsWith(':00:00.000Z')).toBe(true);
        }
      }),
    );
  });

  it('a time without an offset is refused rather than read in the host zone', () => {
    expect(() => smsSendableAt('2026-05-04T22:00:00', 'Asia/Jakarta', false)).toThrow(RangeError);
  });
});
