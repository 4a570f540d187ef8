import type { StatusDeadline } from '../../export/task-status.js';
import type { Task } from '../../knowledge/schema.js';
import type { Checkin, Db } from '../../store/db-schema.js';
import { deadlineOverrides, type TaskDeadline, taskDeadline } from '../../supervision/deadlines.js';
import { counts } from '../../supervision/review-state.js';
import type { WebPlan } from '../web-plan.js';

/** A plan's supervision rules for one request: each task's deadline, and which reports count. */
export interface PlanRules {
  deadline(task: Task): TaskDeadline;
  /** The deadline as the status rules read it (序时进度, 逾期). */
  statusDeadline(task: Task): StatusDeadline;
  /** Whether a report counts for a task's status: with review on only confirmed ones; never returned ones. */
  counts(c: Checkin): boolean;
}

/** The rules of a plan over its data now (deadlines set in chat are read once per request). */
export function planRules(plan: WebPlan, db: Db): PlanRules {
  const overrides = deadlineOverrides(db, plan.id);
  const known = new Map<number, TaskDeadline>();
  const deadline = (task: Task) => {
    let d = known.get(task.no);
    if (!d) {
      d = taskDeadline(plan.kb, task.no, overrides);
      known.set(task.no, d);
    }
    return d;
  };
  return {
    deadline,
    statusDeadline: (task) => {
      const d = deadline(task);
      return { date: d.date, text: d.label };
    },
    counts: (c) => counts(c, plan.review),
  };
}
