/** A calendar date, 'YYYY-MM-DD', as people in one time zone read it. */
export type IsoDate = string;

/** One day off: a national holiday (hari libur nasional) or a collective leave day (cuti bersama). */
export interface CalendarDay {
  date: IsoDate;
  name: string;
}

/**
 * One year's days off as decreed. Religious holidays move every year and cannot be computed,
 * so the yearly joint decree (SKB of the Ministers of Religious Affairs, Manpower and PANRB) is
 * the source; `source` names it.
 */
export interface HolidayCalendar {
  year: number;
  source?: string;
  holidays: CalendarDay[];
  /** Cuti bersama: no working day, and not taken from a civil servant's annual leave. */
  collectiveLeave: CalendarDay[];
}
