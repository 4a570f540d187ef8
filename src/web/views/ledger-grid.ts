import { selectHistory } from '../../export/export-data.js';
import { byTask, type TaskStatus, taskStatusByWeek } from '../../export/task-status.js';
import type { Knowledge, Task } from '../../knowledge/schema.js';
import type { Db } from '../../store/db-schema.js';
import type { PlanRules } from './plan-rules.js';
import { weeksBetween } from './week-range.js';

/** The ledger's filter: a week range (checked) and optionally one unit and one task, as the export takes. */
export interface LedgerFilter {
  from: string;
  to: string;
  unit?: string;
  task?: number;
}

/** One row of the grid: a task and its status at the end of each week. */
export interface LedgerRow {
  task: Task;
  cells: TaskStatus[];
}

/**
 * The ledger grid, task × week, with the export's selection (selectHistory) and status rules (taskStatusByWeek), so
 * the page and the XLSX 台账 agree. A week's status counts every report up to that week, also those before `from`.
 */
export function ledgerGrid(
  db: Db,
  kb: Knowledge,
  f: LedgerFilter,
  rules: PlanRules,
): { weeks: string[]; rows: LedgerRow[] } {
  const data = selectHistory(db, {
    to: f.to,
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.task !== undefined ? { task: f.task } : {}),
  });
  const weeks = weeksBetween(f.from, f.to);
  // with review on (PLAN_BOT_REVIEW=on) only confirmed reports count, as in the XLSX 台账
  const grouped = byTask(data.history.filter(rules.counts));
  const tasks = kb.tasks.filter(
    (t) => (f.task === undefined || t.no === f.task) && (!f.unit || t.units.includes(f.unit)),
  );
  const rows = tasks.map((task) => ({
    task,
    cells: taskStatusByWeek(
      kb,
      grouped.get(task.no) ?? [],
      weeks,
      data.rosterUnits,
      task,
      rules.statusDeadline(task),
    ),
  }));
  return { weeks, rows };
}
