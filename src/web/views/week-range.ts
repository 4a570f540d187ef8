import { addWeeks, isWeekId, weekOf, weekStart } from '../../checkins/weeks.js';
import type { Db } from '../../store/db-schema.js';

/** The first and last week that have any record (withdrawn ones too), or undefined when there is none. */
export function dataWeeks(db: Db): { first: string; last: string } | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const c of db.checkins) {
    if (first === undefined || c.week < first) first = c.week;
    if (last === undefined || c.week > last) last = c.week;
  }
  return first && last ? { first, last } : undefined;
}

/** Every week id from `from` to `to`, both included. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = from; w <= to; w = addWeeks(w, 1)) out.push(w);
  return out;
}

/** The most weeks one page shows (five years): more would make a page nobody can read or load on a phone. */
export const MAX_WEEKS = 260;
/** Weeks shown when the viewer has not chosen: the last quarter. */
export const DEFAULT_WEEKS = 12;

/**
 * The week range a page shows: the viewer's `from`/`to` when given (checked), else ending at the last week with
 * data (this week when there is none) and going back `DEFAULT_WEEKS`, not before the first week with data.
 */
export function chooseRange(
  asked: { from?: string; to?: string },
  data: { first: string; last: string } | undefined,
  now: Date,
  span = DEFAULT_WEEKS,
): { from: string; to: string } | { error: string } {
  for (const w of [asked.from, asked.to])
    if (w !== undefined && !isWeekId(w)) return { error: `“${w}”不是有效的周次，格式如 2021-W23。` };
  const to =
    asked.to ?? (asked.from && data && asked.from > data.last ? asked.from : (data?.last ?? weekOf(now)));
  let from = asked.from ?? addWeeks(to, -(span - 1));
  // biome-ignore lint/complexity/useMathMinMax: week ids are compared as strings
  if (!asked.from && data && from < data.first) from = data.first < to ? data.first : to;
  if (from > to) return { error: `起始周${from}晚于结束周${to}。` };
  // counted from the dates, not by listing them: a range of centuries must cost nothing
  if ((weekStart(to).getTime() - weekStart(from).getTime()) / (7 * 86400_000) + 1 > MAX_WEEKS)
    return { error: `一次最多显示${MAX_WEEKS}周（约五年），请缩小周次范围。` };
  return { from, to };
}
