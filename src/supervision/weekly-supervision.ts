import type { WeeklySupervision } from '../checkins/weekly-jobs.js';
import type { AdminRef, SupervisionSettings } from '../config.js';
import type { ActionButton, OutgoingText } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { bulletinText } from './bulletin.js';
import { deadlineMarks } from './deadline-marks.js';
import { runEscalations } from './escalate.js';
import type { PlanView } from './plan-view.js';
import { pendingReviews } from './review.js';
import { planUnits } from './unit-standing.js';

/** What supervision needs from the composition. */
export interface SupervisionDeps {
  /** The plan as it stands now (read fresh for every job). */
  view(): PlanView;
  store: Store;
  settings: SupervisionSettings;
  admins: AdminRef[];
  /** County leaders (PLAN_BOT_LEADERS). */
  county: AdminRef[];
}

/** The buttons under the digest and 本周汇报情况 for admins: review (when on) and the 督办通报. */
export function supervisionButtons(view: PlanView, review: boolean): ActionButton[] {
  const pending = review ? pendingReviews(view).length : 0;
  return [
    ...(pending ? [{ label: `待审核（${pending}）`, say: '待审核' }] : []),
    { label: '督办通报', say: '督办通报' },
  ];
}

/**
 * Supervision on the weekly clock: each prompt records which units it went to (a 报送轮次; holiday weeks have
 * none) and marks each task line with its deadline and warning; each digest runs the escalation ladder, adds its
 * lines (and the count waiting for review) to the digest, and sends the 督办通报 to the admins.
 */
export function weeklySupervision(d: SupervisionDeps): WeeklySupervision {
  return {
    marks(now) {
      const marks = deadlineMarks(d.view(), { now, warnDays: d.settings.warnDays });
      return (unit, task) => marks.unitTask(unit, task);
    },
    run(job, now) {
      const view = d.view();
      if (job.name === 'prompt') {
        const units = planUnits(view)
          .filter((u) => u.members.some((m) => m.role !== 'leader'))
          .map((u) => u.unit);
        if (units.length)
          d.store.putRound(`${view.plan}|${job.week}`, {
            plan: view.plan,
            week: job.week,
            at: now.toISOString(),
            units,
          });
        return { lines: [], buttons: [], messages: [] };
      }
      if (job.name !== 'digest' || planUnits(view).length === 0)
        return { lines: [], buttons: [], messages: [] };
      const esc = runEscalations({ view, store: d.store, settings: d.settings, county: d.county, now });
      const after = d.view();
      const pending = d.settings.review ? pendingReviews(after).length : 0;
      const lines = [...esc.lines];
      if (pending) lines.push(`待审核：${pending}条汇报，发送“待审核”逐条确认或退回`);
      const bulletin = bulletinText(after, now);
      const messages: OutgoingText[] = [
        ...esc.messages,
        ...d.admins.map((a) => ({
          to: { platform: a.platform, chatId: a.id, userId: a.id },
          text: bulletin,
        })),
      ];
      return { lines, buttons: supervisionButtons(after, d.settings.review), messages };
    },
  };
}
