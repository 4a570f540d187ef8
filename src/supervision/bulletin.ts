import { localDate, weekOf } from '../checkins/weeks.js';
import { escalationLevel } from './escalate.js';
import type { PlanView } from './plan-view.js';
import { type OverdueTask, unitStandings } from './unit-standing.js';

/** One unit's line in the 督办通报, ranked. */
export interface BulletinRow {
  rank: number;
  unit: string;
  overdue: OverdueTask[];
  /** Weeks prompted and not reported at all. */
  missed: string[];
  /** Missed weeks in a row up to now. */
  streak: string[];
  /** Weeks reported only after they closed. */
  late: string[];
  /** 2: reported to the county leaders, 1: to the unit's leaders, 0: not escalated. */
  level: 0 | 1 | 2;
  /** False when the escalation found nobody to tell (no leader bound, PLAN_BOT_LEADERS empty). */
  reached: boolean;
}

/**
 * The units of a plan that are behind, ranked: most overdue tasks first, then most days overdue, the longest run
 * of missed weeks, the most missed weeks, the most late weeks. Units with nothing overdue, missed or late are left
 * out.
 */
export function bulletinRows(view: PlanView, now: Date): BulletinRow[] {
  const days = (o: OverdueTask[]) => o.reduce((s, x) => s + x.days, 0);
  return unitStandings(view, now)
    .filter((s) => s.overdue.length + s.missed.length + s.late.length > 0)
    .map((s) => ({
      ...s,
      overdue: [...s.overdue].sort((a, b) => b.days - a.days),
      ...escalationLevel(view, s.unit),
    }))
    .sort(
      (a, b) =>
        b.overdue.length - a.overdue.length ||
        days(b.overdue) - days(a.overdue) ||
        b.streak.length - a.streak.length ||
        b.missed.length - a.missed.length ||
        b.late.length - a.late.length,
    )
    .map((s, i) => ({ rank: i + 1, ...s }));
}

/** At most this many units are named in the message (the sheet in the export has them all). */
export const BULLETIN_MAX_ROWS = 12;
/** At most this many overdue items are named per unit. */
const MAX_ITEMS = 3;

/** What the escalation of a unit says in its line: by level, when someone was told and when nobody could be. */
const LEVEL_TEXT = {
  reached: ['', '；已提醒分管领导', '；已报县领导'],
  unreached: ['', '；应提醒分管领导（未绑定）', '；应报县领导（未配置）'],
} as const;

/** One unit's line: "1. 县财政局：逾期2项（任务14 逾期8天、任务3 逾期2天）；未报3次（连续2周）；已报县领导". */
export function bulletinLine(r: BulletinRow): string {
  const parts: string[] = [];
  if (r.overdue.length) {
    const items = r.overdue.slice(0, MAX_ITEMS).map((o) => `任务${o.task} 逾期${o.days}天`);
    const more = r.overdue.length > MAX_ITEMS ? `等${r.overdue.length}项` : '';
    parts.push(`逾期${r.overdue.length}项（${items.join('、')}${more}）`);
  }
  if (r.missed.length)
    parts.push(`未报${r.missed.length}次${r.streak.length > 1 ? `（连续${r.streak.length}周）` : ''}`);
  if (r.late.length) parts.push(`迟报${r.late.length}次`);
  return `${r.rank}. ${r.unit}：${parts.join('；')}${LEVEL_TEXT[r.reached ? 'reached' : 'unreached'][r.level]}`;
}

/**
 * The 督办通报 of a plan as a message for the admins: the week, the totals, then the units behind in rank order
 * with item numbers and days overdue — a dozen units at most, so that it stays one phone screen.
 */
export function bulletinText(view: PlanView, now: Date, rows = bulletinRows(view, now)): string {
  const head = `【督办通报】${weekOf(now)}（截至${localDate(now)}）${view.kb.document.title}`;
  if (rows.length === 0) return `${head}\n所有单位按时报送，没有逾期任务。`;
  const overdue = rows.filter((r) => r.overdue.length);
  const items = overdue.reduce((s, r) => s + r.overdue.length, 0);
  const missing = rows.filter((r) => r.missed.length);
  const summary = `逾期未完成：${overdue.length}个单位${items}项；有未报记录：${missing.length}个单位；按逾期项数和未报次数排名：`;
  const shown = rows.slice(0, BULLETIN_MAX_ROWS).map(bulletinLine);
  const rest =
    rows.length > BULLETIN_MAX_ROWS
      ? [`…另有${rows.length - BULLETIN_MAX_ROWS}个单位，见导出表格“督办通报”`]
      : [];
  return [head, summary, ...shown, ...rest].join('\n');
}
