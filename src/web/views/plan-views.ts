import { addWeeks, weekOf } from '../../checkins/weeks.js';
import { selectExport } from '../../export/export-data.js';
import { allTaskStatus, type TaskStatus } from '../../export/task-status.js';
import type { Knowledge, Task } from '../../knowledge/schema.js';
import type { Checkin, Db } from '../../store/db-schema.js';
import { type OverdueState, overdueState } from '../pages/overdue.js';
import type { PlanRules } from './plan-rules.js';
import { dataWeeks } from './week-range.js';

/**
 * The latest live report of each unit on each task ("unit|task" → record); with `counts`, only reports that count
 * (review), as the status rules read them.
 */
export function latestReports(db: Db, counts?: (c: Checkin) => boolean): Map<string, Checkin> {
  const out = new Map<string, Checkin>();
  for (const c of db.checkins) {
    if (c.withdrawn || (counts && !counts(c))) continue;
    const key = `${c.unit}|${c.task}`;
    const prev = out.get(key);
    if (!prev || c.week > prev.week || (c.week === prev.week && c.at >= prev.at)) out.set(key, c);
  }
  return out;
}

/** The units' latest reports on a task, in the task's unit order. */
export function taskLatest(task: Task, latest: Map<string, Checkin>): Checkin[] {
  return task.units.flatMap((u) => {
    const c = latest.get(`${u}|${task.no}`);
    return c ? [c] : [];
  });
}

/** Everything the overview shows, as of the current week. */
export interface OverviewView {
  week: string;
  statuses: TaskStatus[];
  /** Rostered units' task reports this week: expected and made; units with nothing, with part, with all. */
  reporting: { expected: number; made: number; none: string[]; partial: string[]; full: string[] };
  /** Tasks due within 30 days, soonest first. */
  dueSoon: { task: Task; left: number }[];
  overdue: { task: Task; state: OverdueState }[];
  /** Every task's deadline and overdue state. */
  deadlines: Map<number, OverdueState>;
  /** Units by tasks left unreported over the last four weeks (this one included), most first. */
  lateUnits: { unit: string; missed: number; weeks: number }[];
  lastDataWeek?: string;
}

/** The overview of a plan at `now`: statuses (the chat's 任务进度总览 rules), this week's reporting, deadlines. */
export function overviewView(db: Db, kb: Knowledge, rules: PlanRules, now: Date): OverviewView {
  const week = weekOf(now);
  const rosterUnits = db.roster.map((u) => u.unit);
  const statuses = allTaskStatus(
    kb,
    db.checkins.filter(rules.counts),
    week,
    rosterUnits,
    rules.statusDeadline,
  );
  const recent = selectExport(db, kb, { from: addWeeks(week, -3), to: week }, now);
  const tasksOf = (unit: string) => kb.tasks.filter((t) => t.units.includes(unit)).length;
  const reporting: OverviewView['reporting'] = { expected: 0, made: 0, none: [], partial: [], full: [] };
  const lateCount = new Map<string, { missed: number; weeks: number }>();
  for (const m of recent.missing) {
    const l = lateCount.get(m.unit) ?? { missed: 0, weeks: 0 };
    l.missed += m.tasks.length;
    l.weeks++;
    lateCount.set(m.unit, l);
  }
  for (const unit of recent.rosterUnits) {
    const n = tasksOf(unit);
    if (n === 0) continue;
    const missing = recent.missing.find((m) => m.week === week && m.unit === unit)?.tasks.length ?? 0;
    reporting.expected += n;
    reporting.made += n - missing;
    (missing === 0 ? reporting.full : missing === n ? reporting.none : reporting.partial).push(unit);
  }
  const latest = latestReports(db, rules.counts);
  const dueSoon: OverviewView['dueSoon'] = [];
  const overdue: OverviewView['overdue'] = [];
  const deadlines = new Map<number, OverdueState>();
  for (const task of kb.tasks) {
    const state = overdueState(rules.deadline(task), taskLatest(task, latest), now);
    deadlines.set(task.no, state);
    if (state.overdue) overdue.push({ task, state });
    else if (state.left !== null && state.left <= 30) dueSoon.push({ task, left: state.left });
  }
  dueSoon.sort((a, b) => a.left - b.left);
  const lateUnits = [...lateCount]
    .map(([unit, l]) => ({ unit, ...l }))
    .sort((a, b) => b.missed - a.missed || a.unit.localeCompare(b.unit, 'zh'));
  const last = dataWeeks(db)?.last;
  return {
    week,
    statuses,
    reporting,
    dueSoon,
    overdue,
    deadlines,
    lateUnits,
    ...(last ? { lastDataWeek: last } : {}),
  };
}

/** One of a unit's tasks on the unit page. */
export interface UnitTaskView {
  task: Task;
  role: '牵头' | '配合';
  latest?: Checkin;
  overdue: OverdueState;
}

/** Everything the unit page shows. */
export interface UnitView {
  unit: string;
  rostered: boolean;
  tasks: UnitTaskView[];
  /**
   * Tasks not reported, up to this week (rostered units only): consecutive weeks that missed the same tasks make one
   * run, newest first, so a year of silence is one line.
   */
  missing: MissedRun[];
}

/** Consecutive weeks in which a unit left the same tasks unreported. */
export interface MissedRun {
  from: string;
  to: string;
  weeks: number;
  tasks: number[];
}

/** Groups per-week missing lists (ascending weeks) into runs of consecutive weeks with the same tasks, newest first. */
export function missedRuns(missing: { week: string; tasks: number[] }[]): MissedRun[] {
  const runs: MissedRun[] = [];
  for (const m of missing) {
    const prev = runs[runs.length - 1];
    if (prev && addWeeks(prev.to, 1) === m.week && prev.tasks.join() === m.tasks.join()) {
      prev.to = m.week;
      prev.weeks++;
    } else runs.push({ from: m.week, to: m.week, weeks: 1, tasks: m.tasks });
  }
  return runs.reverse();
}

/** A unit's tasks with its latest report and overdue state, and the weeks it left tasks unreported. */
export function unitView(db: Db, kb: Knowledge, unit: string, rules: PlanRules, now: Date): UnitView {
  const latest = latestReports(db);
  const counted = latestReports(db, rules.counts);
  const tasks = kb.tasks
    .filter((t) => t.units.includes(unit))
    .map((task) => {
      const last = latest.get(`${unit}|${task.no}`);
      const count = counted.get(`${unit}|${task.no}`);
      return {
        task,
        role: task.units[0] === unit ? ('牵头' as const) : ('配合' as const),
        ...(last ? { latest: last } : {}),
        overdue: overdueState(rules.deadline(task), count ? [count] : [], now),
      };
    });
  const rostered = db.roster.some((u) => u.unit === unit);
  // from the first week anyone reported (when the bot began collecting), not the unit's own first report
  const first = dataWeeks(db)?.first;
  const missing =
    rostered && first
      ? missedRuns(selectExport(db, kb, { unit, from: first, to: weekOf(now) }, now).missing)
      : [];
  return { unit, rostered, tasks, missing };
}

/** One unit's reports on a task in one week: every version in time order, the current one marked. */
export interface WeekReports {
  week: string;
  records: { record: Checkin; state: 'current' | 'superseded' | 'withdrawn' }[];
}

/** Everything the task page shows for one unit. */
export interface TaskUnitView {
  unit: string;
  role: '牵头' | '配合';
  rostered: boolean;
  latest?: Checkin;
  overdue: OverdueState;
  weeks: WeekReports[];
}

/** The first and last week with any record of a task. */
export function taskWeeks(db: Db, task: Task): { first: string; last: string } | undefined {
  return dataWeeks({ ...db, checkins: db.checkins.filter((c) => c.task === task.no) });
}

/** A task's reports per unit in a week range (newest week first), with every edit and withdrawal. */
export function taskView(
  db: Db,
  task: Task,
  range: { from: string; to: string },
  rules: PlanRules,
  now: Date,
): TaskUnitView[] {
  const own = db.checkins.filter((c) => c.task === task.no);
  const latest = latestReports({ ...db, checkins: own });
  const counted = latestReports({ ...db, checkins: own }, rules.counts);
  const rostered = new Set(db.roster.map((u) => u.unit));
  const units = task.units.map((unit) => {
    const byWeek = new Map<string, Checkin[]>();
    for (const c of own) {
      if (c.unit !== unit || c.week < range.from || c.week > range.to) continue;
      const list = byWeek.get(c.week);
      if (list) list.push(c);
      else byWeek.set(c.week, [c]);
    }
    const weeks = [...byWeek.entries()]
      .sort((a, b) => (a[0] < b[0] ? 1 : -1))
      .map(([week, list]) => {
        const sorted = [...list].sort((a, b) => a.at.localeCompare(b.at));
        const current = [...sorted].reverse().find((c) => !c.withdrawn);
        return {
          week,
          records: sorted.map((record) => ({
            record,
            state: record.withdrawn
              ? ('withdrawn' as const)
              : record === current
                ? ('current' as const)
                : ('superseded' as const),
          })),
        };
      });
    const l = latest.get(`${unit}|${task.no}`);
    const count = counted.get(`${unit}|${task.no}`);
    return {
      unit,
      role: task.units[0] === unit ? ('牵头' as const) : ('配合' as const),
      rostered: rostered.has(unit),
      ...(l ? { latest: l } : {}),
      overdue: overdueState(rules.deadline(task), count ? [count] : [], now),
      weeks,
    };
  });
  return units;
}
