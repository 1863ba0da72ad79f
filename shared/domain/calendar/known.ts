import type { HolidayCalendar } from './types';
import calendar2026 from './data/calendar-2026.json' with { type: 'json' };

/** 2026 as decreed by SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025 (named in its `source`). */
export const CALENDAR_2026: HolidayCalendar = calendar2026;

/** The calendars shipped with the code, to seed storage; BKN admins manage later years. */
export const KNOWN_CALENDARS: readonly HolidayCalendar[] = [CALENDAR_2026];
