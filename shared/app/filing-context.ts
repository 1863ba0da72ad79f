import { localDate, type Calendars } from '../domain/calendar';
import type { FilingContext, ServiceType } from '../domain/catalog/types';
import type { Employee } from '../domain/employees';
import type { SubmissionWindow } from '../domain/sla/windows';
import type { WindowsRepository } from '../adapters/dynamo/windows-repository';

/**
 * What a service's rules see at `now`, employee by employee: the record, today in the employee's
 * zone, the calendars, the windows in force around today's year. Filing and submit build it here,
 * and so do the eligibility lists: a list and a submit at the same moment judge alike. The
 * windows are read once per year asked (an agency's employees share a zone, so once).
 */
export function filingContexts(windows: Pick<WindowsRepository, 'around'>, type: ServiceType, now: Date, calendars: Calendars): (employee: Employee) => Promise<FilingContext> {
  const instant = now.toISOString();
  const byYear = new Map<number, Promise<SubmissionWindow[]>>();
  const windowsAround = (year: number) => {
    let found = byYear.get(year);
    if (!found) byYear.set(year, (found = windows.around(type.code, year)));
    return found;
  };
  return async (employee) => {
    const today = localDate(instant, employee.timeZone);
    return { employee, today, now: instant, calendars, windows: type.hasSubmissionWindows ? await windowsAround(Number(today.slice(0, 4))) : [] };
  };
}
