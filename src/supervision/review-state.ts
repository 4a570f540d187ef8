import type { Checkin } from '../store/db-schema.js';

/** A check-in's review state as exports and the web ledger show it. */
export type ReviewState = '待审核' | '已确认' | '已退回';

/** 待审核 until an admin confirms (已确认) or returns it (已退回). */
export function reviewState(c: Pick<Checkin, 'review'>): ReviewState {
  if (c.review?.state === 'confirmed') return '已确认';
  if (c.review?.state === 'returned') return '已退回';
  return '待审核';
}

/**
 * Whether a check-in counts for a task's status (the ledger, overdue, the overview): with review on
 * (PLAN_BOT_REVIEW=on) only confirmed ones; without, every one an admin has not returned. Withdrawn ones never.
 */
export function counts(c: Pick<Checkin, 'review' | 'withdrawn'>, review: boolean): boolean {
  if (c.withdrawn) return false;
  return review ? c.review?.state === 'confirmed' : c.review?.state !== 'returned';
}

/** True when a check-in finishes its task (已完成, or 100%). */
export function isDone(c: Pick<Checkin, 'status' | 'progress'>): boolean {
  return c.status === 'done' || c.progress === 100;
}
