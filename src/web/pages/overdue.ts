import type { Task } from '../../knowledge/schema.js';
import type { Checkin } from '../../store/db-schema.js';
import { type Html, html } from './html.js';

/** A task's deadline as the pages show it: the plan's date and words (issue 25 will add per-task overrides here). */
export function deadlineOf(task: Task): { date: string | null; text: string } {
  return { date: task.deadline.date, text: task.deadline.text };
}

/** Overdue or not: the deadline has passed and the reports do not say finished; `days` past the deadline. */
export interface OverdueState {
  overdue: boolean;
  days: number;
  /** Days left before the deadline (when not passed). */
  left: number | null;
}

/** Finished: every given latest report says 已完成 or 100%. */
function finished(latest: Checkin[]): boolean {
  return latest.length > 0 && latest.every((c) => c.status === 'done' || c.progress === 100);
}

/**
 * The one place that decides whether a task (its units' latest reports) or one unit's part of it (that unit's latest
 * report) is overdue at `now`, from `deadlineOf`.
 */
export function overdueState(task: Task, latest: Checkin[], now: Date): OverdueState {
  const { date } = deadlineOf(task);
  if (!date) return { overdue: false, days: 0, left: null };
  const end = new Date(`${date}T23:59:59+08:00`).getTime();
  const diff = now.getTime() - end;
  if (diff <= 0) return { overdue: false, days: 0, left: Math.floor(-diff / 86400_000) };
  return { overdue: !finished(latest), days: Math.ceil(diff / 86400_000), left: null };
}

/** The one place that renders it: the deadline's words, and a badge 逾期N天 when overdue. */
export function renderDeadline(task: Task, state: OverdueState): Html {
  const d = deadlineOf(task);
  return html`<span class="deadline">${d.text}</span>${state.overdue ? html` <span class="badge overdue">逾期${state.days}天</span>` : ''}`;
}
