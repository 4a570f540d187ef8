import { weekStart } from '../checkins/weeks.js';
import type { Knowledge, Task } from '../knowledge/schema.js';
import type { Checkin } from '../store/db-schema.js';

/** Traffic light of a task. */
export type Light = 'green' | 'yellow' | 'red';

/** A task's state as of a week. */
export interface TaskStatus {
  task: Task;
  light: Light;
  /** Mean of the latest reported progress of the units that reported (null when none did). */
  progress: number | null;
  /** Share of the time from the plan's issue date to the task's deadline that has passed (序时进度), 0–100. */
  expected: number | null;
  reasons: string[];
}

/** Chinese label of a light. */
export const LIGHT_LABEL: Record<Light, string> = { green: '绿', yellow: '黄', red: '红' };

/** What each light means (the rules of judge() below): the legend of the XLSX ledger. */
export const LIGHT_MEANING: Record<Light, string> = {
  red: '受阻、落后序时进度20个百分点以上、已过完成时限仍未完成，或没有单位汇报过',
  yellow: '滞后、落后序时进度5个百分点以上，或本周有责任单位未报',
  green: '正常推进',
};
/** A task's deadline as the status reads it: the plan's, or one set by an admin (src/supervision). */
export interface StatusDeadline {
  date: string | null;
  text: string;
}

/** The plan's start and a task's deadline as instants, for 序时进度. */
function span(kb: Knowledge, deadline: StatusDeadline): { start: number; deadline: number } | undefined {
  if (!kb.document.issuedOn || !deadline.date) return undefined;
  return {
    start: new Date(`${kb.document.issuedOn}T00:00:00+08:00`).getTime(),
    deadline: new Date(`${deadline.date}T23:59:59+08:00`).getTime(),
  };
}

/**
 * Red/yellow/green of a task at the end of a week, from each unit's latest report up to then (rules also in
 * docs/using.md › Status per task): red — a unit reports it blocked, or progress is 20+ points behind 序时进度, or the deadline has passed
 * unfinished, or no unit has ever reported; yellow — a unit reports it delayed, progress is 5+ points behind, or a
 * rostered unit has not reported this week; green otherwise.
 */
function judge(
  kb: Knowledge,
  task: Task,
  latest: Map<string, Checkin>,
  week: string,
  rosterUnits: string[],
  deadline: StatusDeadline,
): TaskStatus {
  const end = weekStart(week).getTime() + 7 * 86400_000;
  const s = span(kb, deadline);
  // without an issue date or a deadline there is no 序时进度 to compare with
  const expected = s
    ? Math.max(0, Math.min(100, Math.round(((end - s.start) / (s.deadline - s.start)) * 100)))
    : null;
  const reports = [...latest.values()];
  const withProgress = reports.filter((c) => c.progress !== null);
  const progress = withProgress.length
    ? Math.round(withProgress.reduce((s, c) => s + (c.progress ?? 0), 0) / withProgress.length)
    : null;
  const red: string[] = [];
  const yellow: string[] = [];
  for (const c of reports) {
    if (c.status === 'blocked') red.push(`${c.unit}报告受阻`);
    if (c.status === 'delayed') yellow.push(`${c.unit}报告滞后`);
  }
  const done = reports.length > 0 && reports.every((c) => c.status === 'done' || c.progress === 100);
  if (reports.length === 0) red.push('没有任何单位汇报');
  if (s && end > s.deadline && !done) red.push(`已过完成时限（${deadline.text}）仍未完成`);
  if (progress !== null && expected !== null && !done) {
    if (expected - progress >= 20) red.push(`进度${progress}%落后序时进度${expected}%达20个百分点以上`);
    else if (expected - progress >= 5) yellow.push(`进度${progress}%落后序时进度${expected}%`);
  }
  const silent = rosterUnits.filter((u) => task.units.includes(u) && latest.get(u)?.week !== week);
  if (silent.length && reports.length) yellow.push(`本周未报：${silent.join('、')}`);
  const light: Light = red.length ? 'red' : yellow.length ? 'yellow' : 'green';
  return { task, light, progress, expected, reasons: [...red, ...yellow] };
}

/**
 * A task's status at the end of each of the given weeks (ascending), in one pass over its records; `deadline`
 * replaces the plan's (an admin's, src/supervision).
 */
export function taskStatusByWeek(
  kb: Knowledge,
  taskRecords: Checkin[],
  weeks: string[],
  rosterUnits: string[],
  task: Task,
  deadline: StatusDeadline = task.deadline,
): TaskStatus[] {
  const sorted = taskRecords
    .filter((c) => c.task === task.no && !c.withdrawn)
    .sort((a, b) => a.week.localeCompare(b.week) || a.at.localeCompare(b.at));
  const latest = new Map<string, Checkin>();
  let i = 0;
  return weeks.map((week) => {
    for (; i < sorted.length && (sorted[i] as Checkin).week <= week; i++) {
      const c = sorted[i] as Checkin;
      latest.set(c.unit, c);
    }
    return judge(kb, task, latest, week, rosterUnits, deadline);
  });
}

/** A task's status at the end of one week. */
export function taskStatus(
  kb: Knowledge,
  taskRecords: Checkin[],
  week: string,
  rosterUnits: string[],
  task: Task,
  deadline: StatusDeadline = task.deadline,
): TaskStatus {
  return taskStatusByWeek(kb, taskRecords, [week], rosterUnits, task, deadline)[0] as TaskStatus;
}

/** Records grouped by task number, so that per-task work does not rescan every record. */
export function byTask(records: Checkin[]): Map<number, Checkin[]> {
  const out = new Map<number, Checkin[]>();
  for (const c of records) {
    const g = out.get(c.task);
    if (g) g.push(c);
    else out.set(c.task, [c]);
  }
  return out;
}

/** Status of every task as of a week. */
export function allTaskStatus(
  kb: Knowledge,
  records: Checkin[],
  week: string,
  rosterUnits: string[],
  deadlineOf: (task: Task) => StatusDeadline = (t) => t.deadline,
): TaskStatus[] {
  const grouped = byTask(records);
  return kb.tasks.map((t) => taskStatus(kb, grouped.get(t.no) ?? [], week, rosterUnits, t, deadlineOf(t)));
}
