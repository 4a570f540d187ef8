import { Roster } from '../checkins/roster.js';
import { weekStatus } from '../checkins/weekly-messages.js';
import { weekOf } from '../checkins/weeks.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Store } from '../store/store.js';

/** One plan as 方案列表 and `plan-bot plans` show it. */
export interface PlanRow {
  no: number;
  id: string;
  name: string;
  title: string;
  docNumber: string;
  tasks: number;
  units: number;
  /** Roster units with tasks in the plan. */
  rosterUnits: number;
  /** This week's reports: tasks × units reported / expected (null when no rostered unit has tasks in it). */
  reported: number;
  expected: number;
  rate: number | null;
  stopped: boolean;
  file: string;
}

/** Each plan with its tasks, units and this week's reporting rate, in list order. */
export function planRows(set: PlanSet, store: Store, now: Date): PlanRow[] {
  const roster = new Roster(set, store);
  const week = weekOf(now);
  return set.list.map((p: Plan, i) => {
    const rows = weekStatus(roster, week, p.id);
    const reported = rows.reduce((n, r) => n + r.reported.length, 0);
    const expected = rows.reduce((n, r) => n + r.reported.length + r.missing.length, 0);
    return {
      no: i + 1,
      id: p.id,
      name: p.short,
      title: p.kb.document.title,
      docNumber: p.kb.document.docNumber,
      tasks: p.kb.tasks.length,
      units: p.kb.units.length,
      rosterUnits: rows.length,
      reported,
      expected,
      rate: expected ? Math.round((reported / expected) * 100) : null,
      stopped: store.data.plans.stopped.includes(p.id),
      file: p.file,
    };
  });
}

/** 方案列表 as text: a line per plan. */
export function planListText(set: PlanSet, store: Store, now: Date): string {
  const rows = planRows(set, store, now);
  const lines = rows.map(
    (r) =>
      `${r.no}. ${r.name}${r.stopped ? '〔已停用〕' : ''}\n   《${r.title}》${r.docNumber}：${r.tasks}项任务，${r.units}个责任单位；本周（${weekOf(now)}）汇报${r.rate === null ? '—（花名册中没有该方案的单位）' : `${r.reported}/${r.expected}项（${r.rate}%）`}`,
  );
  return `已加载${rows.length}个方案：\n${lines.join('\n')}`;
}
