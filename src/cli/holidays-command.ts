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
    `chinese-days 软件包：国务院通知至 ${calendar.libraryCoveredYear} 年（已知至 ${report.libraryCoveredUntil}）`,
    report.holidaysFile
      ? `holidays.json：       ${file}：${report.holidaysFileYears.join('、') || '—'} 年放假 ${report.holidaysFileDays.holidays} 天、调休上班 ${report.holidaysFileDays.workdays} 天`
      : `holidays.json：       无（${file} 不存在）`,
    `日历已知至：          ${report.calendarCoveredUntil}`,
    uncovered
      ? `未来${CALENDAR_HORIZON_DAYS}天：            从 ${uncovered} 起没有覆盖：请录入国务院办公厅 ${uncovered.slice(0, 4)} 年的放假通知（plan-bot holidays --help，docs/operating.md › Holidays）`
      : `未来${CALENDAR_HORIZON_DAYS}天：            已覆盖`,
    `未来${CALENDAR_HORIZON_DAYS}天中放假的工作日：${daysOff.join('、') || '无'}`,
  ];
  stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
