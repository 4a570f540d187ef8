import type { Checkin } from '../../store/db-schema.js';
import type { TaskDeadline } from '../../supervision/deadlines.js';
import { isDone } from '../../supervision/review-state.js';
import { type Html, html } from './html.js';

/** A task's deadline (the supervision's: set in chat, the overlay, the task's text or the goals) and where it stands. */
export interface OverdueState {
  deadline: TaskDeadline;
  /** The deadline has passed and the reports that count do not say finished. */
  overdue: boolean;
  /** Days past the deadline (1 on the day after it). */
  days: number;
  /** Days left before the deadline (when not passed and there is one). */
  left: number | null;
}

/**
 * The one place that decides whether a task (its units' latest counted reports) or one unit's part of it (that
 * unit's latest counted report) is overdue at `now`.
 */
export function overdueState(deadline: TaskDeadline, latest: Checkin[], now: Date): OverdueState {
  if (!deadline.date) return { deadline, overdue: false, days: 0, left: null };
  const end = new Date(`${deadline.date}T23:59:59+08:00`).getTime();
  const diff = now.getTime() - end;
  if (diff <= 0) return { deadline, overdue: false, days: 0, left: Math.floor(-diff / 86400_000) };
  const finished = latest.length > 0 && latest.every(isDone);
  return { deadline, overdue: !finished, days: Math.ceil(diff / 86400_000), left: null };
}

/** The one place that renders it: a badge 逾期N天 when overdue, nothing otherwise. */
export function renderOverdue(state: OverdueState): Html {
  return state.overdue ? html`<span class="badge overdue">逾期${state.days}天</span>` : html``;
}

/** The deadline's words followed by the overdue badge. */
export function renderDeadline(state: OverdueState): Html {
  return html`<span class="deadline">${state.deadline.label}</span>${state.overdue ? html` ${renderOverdue(state)}` : ''}`;
}
