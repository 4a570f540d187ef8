/** Asia/Shanghai is UTC+8 all year (no daylight saving), so local dates are a fixed offset away. */
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The Asia/Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO week id (2021-W23) of an instant, in Asia/Shanghai. */
export function weekOf(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  const day = (local.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - day + 3),
  );
  const year = thursday.getUTCFullYear();
  // the Thursday of ISO week 1 falls on 1–7 January, so the Thursday's day of year gives the week
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 Asia/Shanghai of an ISO week id, as an instant. */
export function weekStart(week: string): Date {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  const year = Number(m[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Day = (new Date(jan4).getUTCDay() + 6) % 7;
  const monday = jan4 - jan4Day * DAY_MS + (Number(m[2]) - 1) * 7 * DAY_MS;
  return new Date(monday - OFFSET_MS);
}

/** The week id n weeks after (or before, when negative) a week. */
export function addWeeks(week: string, n: number): string {
  return weekOf(new Date(weekStart(week).getTime() + n * 7 * DAY_MS + DAY_MS));
}

/** True when a string is a valid ISO week id such as 2021-W23. */
export function isWeekId(s: string): boolean {
  return /^\d{4}-W\d{2}$/.test(s) && weekOf(new Date(weekStart(s).getTime() + DAY_MS)) === s;
}
