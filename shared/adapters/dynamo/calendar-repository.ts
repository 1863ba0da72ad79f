import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { TimeZone } from '../../domain/actors';
import { addWorkingDays, Calendars, type HolidayCalendar } from '../../domain/calendar';
import type { SlaCalendar } from '../../app/proposal-service';
import { keys, stripStorage } from './keys';

/** Holiday calendars by year, as BKN admins keep them; cached a few minutes per container. */
export class CalendarRepository {
  private readonly cache = new Map<number, { calendar: HolidayCalendar | undefined; until: number }>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cacheMs = 5 * 60_000,
  ) {}

  async get(year: number): Promise<HolidayCalendar | undefined> {
    const cached = this.cache.get(year);
    if (cached && cached.until > Date.now()) return cached.calendar;
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.calendar(year) }));
    const calendar = Item ? stripStorage<HolidayCalendar>(Item) : undefined;
    this.cache.set(year, { calendar, until: Date.now() + this.cacheMs });
    return calendar;
  }

  async put(calendar: HolidayCalendar): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.calendar(calendar.year), entity: 'CALENDAR', ...calendar } }));
    this.cache.delete(calendar.year);
  }
}

/**
 * SLA deadlines from the stored calendars of this year and the next (a deadline can cross New
 * Year). A year without a calendar counts weekends only; that is logged as a warning.
 */
export function calendarSla(repository: CalendarRepository, logger?: Pick<Logger, 'warn'>): SlaCalendar {
  return {
    async calendars(now: Date) {
      const year = now.getUTCFullYear();
      const found = await Promise.all([year - 1, year, year + 1].map((y) => repository.get(y)));
      return new Calendars(found.filter((c): c is HolidayCalendar => Boolean(c)));
    },
    async deadlines(now: Date) {
      const calendars = await this.calendars(now);
      return (from: string, workingDays: number, zone: TimeZone) => {
        const answer = addWorkingDays(from, workingDays, zone, calendars);
        if (answer.yearsWithoutCalendar.length) {
          logger?.warn('deadline counted weekends only: no holiday calendar', { years: answer.yearsWithoutCalendar, from, workingDays, zone });
        }
        return { dueAt: answer.value, yearsWithoutCalendar: answer.yearsWithoutCalendar };
      };
    },
  };
}
