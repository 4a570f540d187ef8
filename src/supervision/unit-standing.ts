import { localDate } from '../checkins/weeks.js';
import type { Checkin, RosterUnit } from '../store/db-schema.js';
import { daysBetween, deadlineOverrides, type TaskDeadline, taskDeadline } from './deadlines.js';
import type { PlanView } from './plan-view.js';
import { counts, isDone } from './review-state.js';

/** A unit's task past its deadline and not done. */
export interface OverdueTask {
  unit: string;
  task: number;
  deadline: TaskDeadline;
  /** Days since the deadline (1 on the day after it). */
  days: number;
}

/** How a unit stands in one plan as of a moment: overdue tasks, missed and late weekly reports. */
export interface UnitStanding {
  unit: string;
  overdue: OverdueTask[];
  /** Weeks it was prompted for and sent nothing for (weeks whose reports are due by now). */
  missed: string[];
  /** Weeks whose every report came after the week closed. */
  late: string[];
  /** The missed weeks in a row up to the latest week due (empty when it reported in that week). */
  streak: string[];
}

/** The roster units that answer for tasks of the plan, in the plan's unit order. */
export function planUnits(view: PlanView): RosterUnit[] {
  const order = new Map(view.kb.units.map((u, i) => [u.name, i]));
  return view.data.roster
    .filter((u) => view.kb.tasks.some((t) => t.units.includes(u.unit)))
    .sort((a, b) => (order.get(a.unit) ?? 99) - (order.get(b.unit) ?? 99));
}

/** The plan's check-ins grouped by `unit|task` and by `unit|week`, in time order. */
function index(view: PlanView): { byTask: Map<string, Checkin[]>; byWeek: Map<string, Checkin[]> } {
  const byTask = new Map<string, Checkin[]>();
  const byWeek = new Map<string, Checkin[]>();
  const push = (m: Map<string, Checkin[]>, k: string, c: Checkin) => {
    const g = m.get(k);
    if (g) g.push(c);
    else m.set(k, [c]);
  };
  for (const c of view.data.checkins) {
    if (c.plan !== view.plan || c.withdrawn) continue;
    push(byTask, `${c.unit}|${c.task}`, c);
    push(byWeek, `${c.unit}|${c.week}`, c);
  }
  return { byTask, byWeek };
}

/** The latest check-in of a unit's task that counts (review), from a group in time order. */
function latestCounted(records: Checkin[] | undefined, review: boolean): Checkin | undefined {
  let best: Checkin | undefined;
  for (const c of records ?? []) if (counts(c, review) && (!best || best.at <= c.at)) best = c;
  return best;
}

/** The weeks the plan's prompts went to a unit, whose reports are due by `now`, oldest first. */
export function roundsOf(view: PlanView, unit: string, now: Date): string[] {
  return Object.values(view.data.rounds ?? {})
    .filter((r) => r.plan === view.plan && r.units.includes(unit) && view.closeOf(r.week) <= now)
    .map((r) => r.week)
    .sort();
}

/**
 * Every rostered unit's standing in the plan at `now`: its tasks past their deadline (set in chat, in the
 * overlay, in the task's text, or the goals') whose latest counted report is not 已完成; the weeks it was prompted
 * for (holiday weeks have no prompt, so they never count) and sent nothing, or sent everything late; and the
 * missed weeks in a row up to now.
 */
export function unitStandings(view: PlanView, now: Date): UnitStanding[] {
  const { byTask, byWeek } = index(view);
  const overrides = deadlineOverrides(view.data, view.plan);
  const today = localDate(now);
  return planUnits(view).map(({ unit }) => {
    const overdue: OverdueTask[] = [];
    for (const t of view.kb.tasks) {
      if (!t.units.includes(unit)) continue;
      const deadline = taskDeadline(view.kb, t.no, overrides);
      if (!deadline.date || today <= deadline.date) continue;
      const last = latestCounted(byTask.get(`${unit}|${t.no}`), view.review);
      if (last && isDone(last)) continue;
      overdue.push({ unit, task: t.no, deadline, days: daysBetween(deadline.date, today) });
    }
    const missed: string[] = [];
    const late: string[] = [];
    let streak: string[] = [];
    for (const week of roundsOf(view, unit, now)) {
      const sent = byWeek.get(`${unit}|${week}`) ?? [];
      if (sent.length === 0) {
        missed.push(week);
        streak.push(week);
        continue;
      }
      streak = [];
      if (sent.every((c) => c.late)) late.push(week);
    }
    return { unit, overdue, missed, late, streak };
  });
}

/** Every rostered unit's tasks past their deadline and not done, most overdue first (for the web ledger too). */
export function overdueTasks(view: PlanView, now: Date): OverdueTask[] {
  return unitStandings(view, now)
    .flatMap((s) => s.overdue)
    .sort((a, b) => b.days - a.days || a.task - b.task);
}
