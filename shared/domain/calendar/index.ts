/** Working days under Indonesia's decreed holidays and cuti bersama, in WIB, WITA and WIT. */
export type { CalendarDay, HolidayCalendar, IsoDate } from './types';
export { holidayCalendarSchema, parseHolidayCalendar, type CalendarParse } from './schema';
export { CALENDAR_2026, KNOWN_CALENDARS } from './known';
export { UTC_OFFSET_HOURS, endOfDay, localDate } from './zones';
export {
  Calendars,
  addWorkingDays,
  addWorkingTime,
  addWorkingDaysToDate,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
  type CalendarAnswer,
} from './working-days';
