import type { AdminRef } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { DeliveryFailures } from '../delivery/delivery-failures.js';
import { queueJobMessages } from '../delivery/queue-job-messages.js';
import { EXPORT_BUTTONS } from '../export/export-buttons.js';
import type { PlanSet } from '../knowledge/plan-set.js';
import type { ActionButton, Outgoing, OutgoingText } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { calendarWarning } from './calendar-warning.js';
import type { Roster } from './roster.js';
import type { DueJob, Scheduler } from './scheduler.js';
import { jobMessages, missedJobsNote } from './weekly-messages.js';
import type { WorkCalendar } from './work-calendar.js';

/** What the weekly jobs need. */
export interface WeeklyJobsDeps {
  store: Store;
  scheduler: Scheduler;
  roster: Roster;
  plans: PlanSet;
  admins: AdminRef[];
  calendar: WorkCalendar;
  undelivered: DeliveryFailures;
  log: Logger;
  /** When a week's reports are due (a check-in after it is late). */
  closeOf(week: string): Date;
  /** Deadlines, escalation and the 督办通报 on the same clock (src/supervision). */
  supervision?: WeeklySupervision;
}

/** What supervision adds to the weekly jobs (docs/supervision.md). */
export interface WeeklySupervision {
  /** The deadline mark of a unit's task (of a plan) in a prompt sent at `now`. */
  marks(now: Date): (unit: string, task: number, plan: string) => string;
  /** Runs with a job (in memory; committed with it): lines and buttons for the digest, and messages to send. */
  run(job: DueJob, now: Date): { lines: string[]; buttons: ActionButton[]; messages: OutgoingText[] };
}

/**
 * The weekly prompt, reminder and digest: runs every job due by `now`, queues its messages in the outbox and
 * commits the jobs marked done together with their messages (one write: both or neither). The digest also
 * names the messages the platforms refused, and once a week the admins hear when the holiday calendar runs out.
 * After an outage only the current week's jobs run; those of past weeks go to the admins as one note.
 */
export function weeklyJobs(d: WeeklyJobsDeps): (now: Date) => Promise<Outgoing[]> {
  return async (now) => {
    const due = d.scheduler.due(now);
    // jobs of weeks gone by (an outage) are not run: the admins get one note about them
    const skipped = d.scheduler.takeMissed();
    const missed = missedJobsNote(skipped, d.admins, now);
    if (due.length === 0 && missed.length === 0) return [];
    for (const m of missed) if (!('file' in m)) d.store.enqueue(m, 'missed-jobs', now);
    const out = due.flatMap((job) => {
      d.log.info({ job: job.name, week: job.week }, 'weekly job');
      // a stopped plan sends no prompts or reminders and leaves the digest
      const active = d.plans.list.filter((p) => !d.store.data.plans.stopped.includes(p.id));
      const mark = job.name === 'prompt' ? d.supervision?.marks(now) : undefined;
      const msgs = jobMessages(job, d.roster, d.plans, d.admins, d.closeOf(job.week), active, mark);
      const sup = d.supervision?.run(job, now);
      // escalations and the 督办通报 go out after the job's own messages, in the same commit
      const extra = () => {
        for (const m of sup?.messages ?? []) d.store.enqueue(m, `supervision:${job.week}`, now);
        return sup?.messages ?? [];
      };
      if (job.name !== 'digest') return [...queueJobMessages(d.store, job, msgs, now), ...extra()];
      const failures = d.undelivered.drainText((to) => {
        if (to.userId) {
          const m = d.roster.memberOf(to.platform, to.userId);
          return m && `${m.unit} ${m.member.name}`;
        }
        const u = d.store.data.roster.find(
          (r) => r.chat?.platform === to.platform && r.chat?.id === to.chatId,
        );
        return u && `${u.unit}工作群`;
      });
      const block = sup?.lines.length ? `\n\n${sup.lines.join('\n')}` : '';
      const buttons = [...EXPORT_BUTTONS, ...(sup?.buttons ?? [])];
      const digest = msgs.map((o) =>
        'text' in o && !('file' in o) ? { ...o, text: o.text + block + failures, buttons } : o,
      );
      return [...queueJobMessages(d.store, job, digest, now), ...extra()];
    });
    // once a week, with the digest (run or skipped): the holiday calendar must reach 60 days ahead
    if ([...due, ...skipped].some((j) => j.name === 'digest')) {
      const warnings = calendarWarning(d.calendar, now, d.admins);
      for (const w of warnings) if (!('file' in w)) d.store.enqueue(w, 'calendar-warning', now);
      out.push(...warnings);
    }
    // one journal line: the jobs marked done and their messages in the outbox, or neither
    await d.store.commit();
    return [...missed, ...out];
  };
}
