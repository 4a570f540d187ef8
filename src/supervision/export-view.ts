import type { Knowledge } from '../knowledge/schema.js';
import type { Checkin, Db } from '../store/db-schema.js';
import { type BulletinRow, bulletinRows } from './bulletin.js';
import { deadlineOverrides, type TaskDeadline, taskDeadline } from './deadlines.js';
import { counts } from './review-state.js';

/** What an export needs to show supervision: the plan's id, the review switch, when a week closes. */
export interface ExportSupervision {
  plan: string;
  review: boolean;
  closeOf(week: string): Date;
}

/** Supervision as an export shows it: each task's deadline, the 督办通报 rows, and which records count. */
export interface SupervisionSheet {
  review: boolean;
  deadlines: Map<number, TaskDeadline>;
  bulletin: BulletinRow[];
  /** Whether a record counts for a task's status in the ledger (only confirmed ones with review on). */
  counts(c: Checkin): boolean;
}

/** The supervision part of an export of one plan at `now`. */
export function supervisionSheet(db: Db, kb: Knowledge, sup: ExportSupervision, now: Date): SupervisionSheet {
  const view = { kb, plan: sup.plan, data: db, review: sup.review, closeOf: sup.closeOf };
  const overrides = deadlineOverrides(db, sup.plan);
  return {
    review: sup.review,
    deadlines: new Map(kb.tasks.map((t) => [t.no, taskDeadline(kb, t.no, overrides)])),
    bulletin: bulletinRows(view, now),
    counts: (c) => counts(c, sup.review),
  };
}
