import type { DueJob } from '../checkins/scheduler.js';
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
  /** The plans supervised (not stopped), each as it stands now (read fresh for every job). */
  views(): PlanView[];
  store: Store;
  settings: SupervisionSettings;
  admins: AdminRef[];
  /** County leaders (PLAN_BOT_LEADERS). */
  county: AdminRef[];
}

/** The buttons under the digest and 本周汇报情况 for admins: review (when on) and the 督办通报. */
export function supervisionButtons(views: PlanView[], review: boolean): ActionButton[] {
  const pending = review ? views.reduce((n, v) => n + pendingReviews(v).length, 0) : 0;
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
      const marks = new Map(
        d.views().map((v) => [v.plan, deadlineMarks(v, { now, warnDays: d.settings.warnDays })] as const),
      );
      return (unit, task, plan) => marks.get(plan)?.unitTask(unit, task) ?? '';
    },
    run(job, now) {
      const lines: string[] = [];
      const messages: OutgoingText[] = [];
      const bulletins: string[] = [];
      const views = d.views();
      const many = views.length > 1;
      const label = (v: PlanView) => (many ? `〔${v.short ?? v.plan}〕` : '');
      for (const view of views) {
        const r = runForPlan(d, view, job, now);
        lines.push(...(many && r.lines.length ? [label(view)] : []), ...r.lines);
        messages.push(...r.messages);
        if (r.bulletin) bulletins.push(`${label(view)}${r.bulletin}`);
      }
      // one 督办通报 to each admin, a part per plan
      if (bulletins.length)
        for (const a of d.admins)
          messages.push({
            to: { platform: a.platform, chatId: a.id, userId: a.id },
            text: bulletins.join('\n\n'),
          });
      const buttons = job.name === 'digest' ? supervisionButtons(d.views(), d.settings.review) : [];
      return { lines, buttons, messages };
    },
  };
}

/** One plan's part of a weekly job: the prompt's round; the digest's escalations, review count and 督办通报. */
function runForPlan(
  d: SupervisionDeps,
  view: PlanView,
  job: DueJob,
  now: Date,
): { lines: string[]; messages: OutgoingText[]; bulletin?: string } {
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
    return { lines: [], messages: [] };
  }
  if (job.name !== 'digest' || planUnits(view).length === 0) return { lines: [], messages: [] };
  const esc = runEscalations({ view, store: d.store, settings: d.settings, county: d.county, now });
  const after = { ...view, data: d.store.data };
  const pending = d.settings.review ? pendingReviews(after).length : 0;
  const lines = [...esc.lines];
  if (pending) lines.push(`待审核：${pending}条汇报，发送“待审核”逐条确认或退回`);
  return { lines, messages: esc.messages, bulletin: bulletinText(after, now) };
}
