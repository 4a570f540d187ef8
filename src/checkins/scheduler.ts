import { Cron } from 'croner';
import type { Store } from '../store/store.js';
import { weekOf } from './weeks.js';
import { WorkCalendar } from './work-calendar.js';

/** The weekly jobs. */
export type JobName = 'prompt' | 'reminder' | 'digest';

/** A job that is due: its name, when it was meant to run (after holiday shifting), and its week. */
export interface DueJob {
  name: JobName;
  at: Date;
  week: string;
}

const CURSOR = '@cursor';
const LOOKBACK_MS = 21 * 86400_000;
/** A job of an earlier week still runs when it is at most this late (a Sunday-night job seen on Monday morning). */
const GRACE_MS = 12 * 3600_000;

/**
 * Decides which weekly jobs are due, on the Asia/Shanghai clock: each cron occurrence is moved off holidays to
 * the next workday, and each job fires at most once per ISO week. What fired is kept in the store, so a restart
 * neither repeats a job nor forgets one that came due while the bot was down. After a longer outage only the
 * current week's jobs run: prompts, reminders and digests of weeks gone by are stale, so they are marked done
 * without running and handed out by `takeMissed()` (for one note to the admins).
 */
export class Scheduler {
  private readonly crons: { name: JobName; cron: Cron }[];
  private missed: DueJob[] = [];

  constructor(
    private readonly store: Store,
    patterns: Record<JobName, string>,
    start: Date,
    private readonly calendar: WorkCalendar = new WorkCalendar(),
  ) {
    this.crons = (Object.keys(patterns) as JobName[]).map((name) => ({
      name,
      cron: new Cron(patterns[name], { timezone: 'Asia/Shanghai', paused: true }),
    }));
    if (!this.store.data.jobs[CURSOR]) this.store.setJob(CURSOR, start);
  }

  /** Jobs due in (last check, now], oldest first; marks them fired in memory (the caller commits). */
  due(now: Date): DueJob[] {
    const cursor = new Date(this.store.data.jobs[CURSOR] ?? now.toISOString());
    const out: DueJob[] = [];
    for (const { name, cron } of this.crons) {
      let o = cron.nextRun(new Date(cursor.getTime() - LOOKBACK_MS));
      while (o && o <= now) {
        const at = this.calendar.nextWorkdayAt(o);
        const week = weekOf(at);
        const key = `${name}:${week}`;
        if (at > cursor && at <= now && !this.store.data.jobs[key]) {
          const stale = week !== weekOf(now) && now.getTime() - at.getTime() > GRACE_MS;
          (stale ? this.missed : out).push({ name, at, week });
          this.store.setJob(key, at);
        }
        o = cron.nextRun(o);
      }
    }
    if (now > cursor) this.store.setJob(CURSOR, now);
    return out.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** The jobs of past weeks that `due` skipped since the last call, oldest first; clears the list. */
  takeMissed(): DueJob[] {
    const out = this.missed.sort((a, b) => a.at.getTime() - b.at.getTime());
    this.missed = [];
    return out;
  }

  /** The next time any job may be due after `from` (for the live timer). */
  nextAfter(from: Date): Date | undefined {
    const next = this.crons.map(({ cron }) => cron.nextRun(from)).filter((d): d is Date => d !== null);
    return next.sort((a, b) => a.getTime() - b.getTime())[0];
  }
}
