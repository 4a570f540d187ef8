import { localDate } from '../checkins/weeks.js';
import type { Checkin } from '../store/db-schema.js';
import { daysBetween, deadlineOverrides, taskDeadline } from './deadlines.js';
import type { PlanView } from './plan-view.js';
import { counts, isDone } from './review-state.js';

/** How a deadline stands for a unit: done, overdue, due within the near or far warning, or later. */
export type DeadlineLevel = 'done' | 'overdue' | 'near' | 'far' | 'later' | 'none';

/** The mark of each level in prompts and answers (the colours 督办 systems use before 办结销号). */
const ICON: Record<DeadlineLevel, string> = {
  done: '',
  overdue: '🔴',
  near: '🟠',
  far: '🟡',
  later: '',
  none: '',
};

/** What the marks need: the plan, the moment, and the warning days (PLAN_BOT_WARN_DAYS, e.g. 30 and 7). */
export interface MarkOptions {
  now: Date;
  warnDays: number[];
}

/** The level of a deadline `left` days away (negative: past) for a task not done. */
export function levelOf(left: number, warnDays: number[]): DeadlineLevel {
  if (left < 0) return 'overdue';
  const sorted = [...warnDays].sort((a, b) => a - b);
  if (sorted[0] !== undefined && left <= sorted[0]) return 'near';
  if (sorted.length && left <= (sorted[sorted.length - 1] as number)) return 'far';
  return 'later';
}

/** "剩5天", "今天到期", "已逾期12天". */
function leftText(left: number): string {
  if (left < 0) return `已逾期${-left}天`;
  return left === 0 ? '今天到期' : `剩${left}天`;
}

/**
 * The deadline marks of one plan at one moment: for a unit's task (the prompt, 我的任务) the deadline with 🔴 when
 * it passed and the unit's latest counted report is not 已完成, 🟠/🟡 within the warning days; for a task (进展
 * answers) the deadline and the days left.
 */
export function deadlineMarks(view: PlanView, o: MarkOptions) {
  const overrides = deadlineOverrides(view.data, view.plan);
  const today = localDate(o.now);
  const latest = new Map<string, Checkin>();
  for (const c of view.data.checkins) {
    if (c.plan !== view.plan || !counts(c, view.review)) continue;
    const k = `${c.unit}|${c.task}`;
    const prev = latest.get(k);
    if (!prev || prev.at <= c.at) latest.set(k, c);
  }
  const level = (unit: string, no: number): { level: DeadlineLevel; left: number; label: string } => {
    const d = taskDeadline(view.kb, no, overrides);
    if (!d.date) return { level: 'none', left: 0, label: d.label };
    const left = daysBetween(today, d.date);
    const last = latest.get(`${unit}|${no}`);
    if (last && isDone(last)) return { level: 'done', left, label: d.label };
    return { level: levelOf(left, o.warnDays), left, label: d.label };
  };
  return {
    level,
    /** "截止2022年3月31日 🔴已逾期12天" for a unit's task. */
    unitTask(unit: string, no: number): string {
      const l = level(unit, no);
      if (l.level === 'none') return '';
      const warn = ICON[l.level]
        ? ` ${ICON[l.level]}${leftText(l.left)}`
        : l.level === 'done'
          ? ' ✅已完成'
          : '';
      return `截止${l.label}${warn}`;
    },
    /** "完成时限：2022年3月31日（剩5天）" for a task. */
    task(no: number): string {
      const d = taskDeadline(view.kb, no, overrides);
      if (!d.date) return '';
      return `完成时限：${d.label}（${leftText(daysBetween(today, d.date))}）`;
    },
  };
}
