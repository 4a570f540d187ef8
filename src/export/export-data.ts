import { addWeeks, weekOf } from '../checkins/weeks.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Checkin, Db } from '../store/db-schema.js';

/** What an export covers; every field optional. */
export interface ExportFilter {
  from?: string;
  to?: string;
  unit?: string;
  task?: number;
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
}

/** Selects the records an export covers; weeks default to the first recorded week through the current one. */
export function selectExport(db: Db, kb: Knowledge, filter: ExportFilter, now: Date): ExportData {
  const match = (c: Checkin) =>
    (!filter.from || c.week >= filter.from) &&
    (!filter.to || c.week <= filter.to) &&
    (!filter.unit || c.unit === filter.unit) &&
    (filter.task === undefined || c.task === filter.task);
  const history = db.checkins.filter(match);
  const groups = new Map<string, Checkin[]>();
  for (const c of history) {
    const key = `${c.week}|${c.unit}|${c.task}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const latest: LatestRow[] = [];
  for (const g of groups.values()) {
    const live = g.filter((c) => !c.withdrawn);
    const record = live[live.length - 1];
    if (record) latest.push({ record, versions: g.length });
  }
  latest.sort(
    (a, b) =>
      a.record.week.localeCompare(b.record.week) ||
      a.record.task - b.record.task ||
      a.record.unit.localeCompare(b.record.unit, 'zh'),
  );
  const first = filter.from ?? history[0]?.week ?? db.checkins[0]?.week ?? weekOf(now);
  const last = filter.to ?? weekOf(now);
  const weeks: string[] = [];
  for (let w = first; w <= last && weeks.length < 5000; w = addWeeks(w, 1)) weeks.push(w);
  const rosterUnits = db.roster.map((u) => u.unit).filter((u) => !filter.unit || u === filter.unit);
  const reported = new Set(latest.map((r) => `${r.record.week}|${r.record.unit}|${r.record.task}`));
  const missing: ExportData['missing'] = [];
  for (const week of weeks) {
    for (const unit of rosterUnits) {
      const tasks = kb.tasks
        .filter((t) => t.units.includes(unit) && (filter.task === undefined || t.no === filter.task))
        .map((t) => t.no)
        .filter((n) => !reported.has(`${week}|${unit}|${n}`));
      if (tasks.length) missing.push({ week, unit, tasks });
    }
  }
  return { kb, filter, weeks, history, latest, missing, rosterUnits };
}
