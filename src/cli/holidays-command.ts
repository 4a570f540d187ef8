import path from 'node:path';
import { CALENDAR_HORIZON_DAYS } from '../checkins/calendar-warning.js';
import { HOLIDAYS_FILE, loadWorkCalendar } from '../checkins/holidays-file.js';
import { localDate } from '../checkins/weeks.js';

const DAY_MS = 86400_000;

/** `plan-bot holidays`: how far the holiday calendar reaches, and the days off coming up. Reads only. */
export function holidaysCommand(
  dataDir: string,
  o: { json: boolean; now?: Date },
  stdout: NodeJS.WritableStream,
): number {
  const now = o.now ?? new Date();
  const calendar = loadWorkCalendar(dataDir);
  const file = path.join(dataDir, HOLIDAYS_FILE);
  const uncovered = calendar.uncoveredFrom(now, CALENDAR_HORIZON_DAYS);
  const daysOff: string[] = [];
  for (let i = 0; i < CALENDAR_HORIZON_DAYS; i++) {
    const d = localDate(new Date(now.getTime() + i * DAY_MS));
    const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (!calendar.isWorkday(d) && weekday !== 0 && weekday !== 6) daysOff.push(d);
  }
  const report = {
    libraryCoveredUntil: `${calendar.libraryCoveredYear}-12-31`,
    holidaysFile: calendar.overrides.source ?? null,
    holidaysFileDays: {
      holidays: calendar.overrides.holidays.size,
      workdays: calendar.overrides.workdays.size,
    },
    holidaysFileYears: calendar.fileYears(),
    calendarCoveredUntil: calendar.coveredUntil(),
    coversNext60Days: uncovered === undefined,
    uncoveredFrom: uncovered ?? null,
    weekdaysOffNext60Days: daysOff,
  };
  if (o.json) {
    stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const lines = [
    `chinese-days package: State Council notices up to ${calendar.libraryCoveredYear} (known until ${report.libraryCoveredUntil})`,
    report.holidaysFile
      ? `holidays.json:        ${file}: ${report.holidaysFileDays.holidays} holidays, ${report.holidaysFileDays.workdays} workdays in ${report.holidaysFileYears.join(', ') || '—'}`
      : `holidays.json:        none (${file} does not exist)`,
    `known until:          ${report.calendarCoveredUntil}`,
    uncovered
      ? `next ${CALENDAR_HORIZON_DAYS} days:         NOT covered from ${uncovered}: type in the State Council's notice for ${uncovered.slice(0, 4)} (plan-bot holidays --help, docs/operating.md › Holidays)`
      : `next ${CALENDAR_HORIZON_DAYS} days:         covered`,
    `weekdays off in the next ${CALENDAR_HORIZON_DAYS} days: ${daysOff.join(', ') || 'none'}`,
  ];
  stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
