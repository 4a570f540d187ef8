import { addWeeks, weekOf } from '../checkins/weeks.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Checkin, Db } from '../store/db-schema.js';
import {
  type ExportSupervision,
  type SupervisionSheet,
  supervisionSheet,
} from '../supervision/export-view.js';

/** What an export covers; every field optional. */
export interface ExportFilter {
  from?: string;
  to?: string;
  unit?: string;
  task?: number;
  /** Only the check-ins of this plan (its id); `kb` is then that plan. */
  plan?: string;
}

/** A check-in as exported: the latest version per unit/task/week, with how many versions there were. */
export interface LatestRow {
  record: Checkin;
  versions: number;
}

/** Everything the writers need, selected once from the database. */
export interface ExportData {
  kb: Knowledge;
  filter: ExportFilter;
  weeks: string[];
  /** All matching records, including superseded and withdrawn ones, in time order. */
  history: Checkin[];
  latest: LatestRow[];
  /** Per week and rostered unit: tasks without a current report. */
  missing: { week: string; unit: string; tasks: number[] }[];
  /** Units in the roster (for missing reports). */
  rosterUnits: string[];
  /** When the export was made (the title row's 导出日期). */
  exportedAt: Date;
  /** Deadlines, the 督办通报 and review (docs/supervision.md), when the caller gives the plan's settings. */
  supervision?: SupervisionSheet;
}

/** The week of the plan's last deadline (a task's, or the goals'), when the plan has one. */
export function planEndWeek(kb: Knowledge): string | undefined {
  const dates = [...kb.tasks.map((t) => t.deadline.date), kb.goals.deadline?.date].filter((d): d is string =>
    Boolean(d),
  );
  const last = dates.sort().at(-1);
  return last ? weekOf(new Date(`${last}T12:00:00+08:00`)) : undefined;
}

/**
 * The records a filter covers (every version, in time order) and the rostered units it concerns: the selection
 * alone, for views that need no latest rows or missing list (the web ledger).
 */
export function selectHistory(db: Db, filter: ExportFilter): { history: Checkin[]; rosterUnits: string[] } {
  const match = (c: Checkin) =>
    (!filter.from || c.week >= filter.from) &&
    (!filter.to || c.week <= filter.to) &&
    (!filter.unit || c.unit === filter.unit) &&
    (filter.task === undefined || c.task === filter.task) &&
    (filter.plan === undefined || c.plan === filter.plan);
  const rosterUnits = db.roster.map((u) => u.unit).filter((u) => !filter.unit || u === filter.unit);
  return { history: db.checkins.filter(match), rosterUnits };
}

/**
 * Selects the records an export covers; weeks default to the first recorded week through the plan's last deadline
 * (or the last week with data, when later), never past the current week. With
 * `sup` (the plan's id and review switch) it adds each task's deadline and the 督办通报.
 */
export function selectExport(
  db: Db,
  kb: Knowledge,
  filter: ExportFilter,
  now: Date,
  sup?: ExportSupervision,
): ExportData {
  const { history, rosterUnits } = selectHistory(db, filter);
  // one pass, records in time order: the last live record of each unit/task/week, and how many there were
  const groups = new Map<string, { record?: Checkin; versions: number }>();
  for (const c of history) {
    const key = `${c.week}|${c.unit}|${c.task}`;
    let g = groups.get(key);
    if (!g) {
      g = { versions: 0 };
      groups.set(key, g);
    }
    g.versions++;
    if (!c.withdrawn) g.record = c;
  }
  const latest: LatestRow[] = [];
  for (const g of groups.values()) if (g.record) latest.push({ record: g.record, versions: g.versions });
  // units in the plan's order (a collator per comparison made large exports slow)
  const unitOrder = new Map(kb.units.map((u, i) => [u.name, i]));
  latest.sort(
    (a, b) =>
      (a.record.week < b.record.week ? -1 : a.record.week > b.record.week ? 1 : 0) ||
      a.record.task - b.record.task ||
      (unitOrder.get(a.record.unit) ?? 99) - (unitOrder.get(b.record.unit) ?? 99),
  );
  const first = filter.from ?? history[0]?.week ?? db.checkins[0]?.week ?? weekOf(now);
  // by default up to the plan's last deadline, or the last week with data when units reported after it, but never
  // past the current week: a ledger run to today years later is hundreds of empty columns, every task red
  let lastData = '';
  for (const c of db.checkins)
    if (c.week > lastData && (filter.plan === undefined || c.plan === filter.plan)) lastData = c.week;
  const end = [planEndWeek(kb) ?? weekOf(now), lastData].sort().at(-1) as string;
  let last = filter.to ?? (end < weekOf(now) ? end : weekOf(now));
  if (!filter.to && last < first) last = first;
  const weeks: string[] = [];
  for (let w = first; w <= last && weeks.length < 5000; w = addWeeks(w, 1)) weeks.push(w);
  const reported = (key: string) => groups.get(key)?.record !== undefined;
  const missing: ExportData['missing'] = [];
  for (const week of weeks) {
    for (const unit of rosterUnits) {
      const tasks = kb.tasks
        .filter((t) => t.units.includes(unit) && (filter.task === undefined || t.no === filter.task))
        .map((t) => t.no)
        .filter((n) => !reported(`${week}|${unit}|${n}`));
      if (tasks.length) missing.push({ week, unit, tasks });
    }
  }
  return {
    kb,
    filter,
    weeks,
    history,
    latest,
    missing,
    rosterUnits,
    exportedAt: now,
    ...(sup ? { supervision: supervisionSheet(db, kb, sup, now) } : {}),
  };
}
