import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import { localDate } from './weeks.js';

// chinese-days ships CommonJS for Node: named ESM imports fail at run time, the default import works
const { isWorkday: libraryIsWorkday } = chineseDays;
const DAY_MS = 86400_000;

/** Days an admin declared in holidays.json: 放假 days and 调休 make-up workdays, as YYYY-MM-DD. */
export interface CalendarOverrides {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** Where the overrides came from (shown by `plan-bot holidays` and in warnings). */
  source?: string;
}

let lastYear: number | undefined;

/** The last year the chinese-days package has the State Council's holiday notice for. */
export function libraryLastYear(): number {
  if (lastYear !== undefined) return lastYear;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, unknown>;
    workdays: Record<string, unknown>;
  };
  const last = [...Object.keys(data.holidays), ...Object.keys(data.workdays)].sort().at(-1) ?? '2004';
  lastYear = Number(last.slice(0, 4));
  return lastYear;
}

/**
 * The Chinese work calendar: chinese-days (法定节假日 and 调休 up to its last notice) overridden and extended by the
 * admin's holidays.json. A year counts as known when the library or the file lists any day of it (a State Council
 * notice covers one calendar year); in unknown years only weekends are days off.
 */
export class WorkCalendar {
  constructor(readonly overrides: CalendarOverrides = { holidays: new Set(), workdays: new Set() }) {}

  /** True when a local date (YYYY-MM-DD) is a working day. */
  isWorkday(date: string): boolean {
    if (this.overrides.holidays.has(date)) return false;
    if (this.overrides.workdays.has(date)) return true;
    return libraryIsWorkday(date);
  }

  /** Moves an instant on a holiday or weekend to the same time on the next workday, honouring 调休 workdays. */
  nextWorkdayAt(at: Date): Date {
    let t = at.getTime();
    for (let i = 0; i < 60 && !this.isWorkday(localDate(new Date(t))); i++) t += DAY_MS;
    return new Date(t);
  }

  /** The years the admin's file lists a day of. */
  fileYears(): number[] {
    const years = new Set<number>();
    for (const d of [...this.overrides.holidays, ...this.overrides.workdays])
      years.add(Number(d.slice(0, 4)));
    return [...years].sort((a, b) => a - b);
  }

  /** The last library year. */
  get libraryCoveredYear(): number {
    return libraryLastYear();
  }

  /** The last day (YYYY-MM-DD) up to which every year is known, from the library and then the file, year by year. */
  coveredUntil(): string {
    const years = new Set(this.fileYears());
    let y = libraryLastYear();
    while (years.has(y + 1)) y++;
    return `${y}-12-31`;
  }

  /** When the next `days` days from `now` are not all known: the first unknown date; otherwise undefined. */
  uncoveredFrom(now: Date, days = 60): string | undefined {
    const until = this.coveredUntil();
    const horizon = localDate(new Date(now.getTime() + days * DAY_MS));
    if (horizon <= until) return undefined;
    return localDate(new Date(new Date(`${until}T12:00:00Z`).getTime() + DAY_MS));
  }
}
