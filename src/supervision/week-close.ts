import { Cron } from 'croner';
import { weekStart } from '../checkins/weeks.js';

/**
 * When a week's reports are due, for readers without a running desk (the command-line export): the week's digest
 * time, or the end of the week — the same rule as CheckinDesk.closeOf.
 */
export function weekCloser(digestCron: string): (week: string) => Date {
  const cron = new Cron(digestCron, { timezone: 'Asia/Shanghai', paused: true });
  const known = new Map<string, Date>();
  return (week) => {
    const hit = known.get(week);
    if (hit) return hit;
    const start = weekStart(week);
    const end = new Date(start.getTime() + 7 * 86400_000);
    const next = cron.nextRun(start);
    const close = next && next < end ? next : end;
    known.set(week, close);
    return close;
  };
}
