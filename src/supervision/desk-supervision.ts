import type { DeskSupervision } from '../checkins/checkin-desk.js';
import type { SupervisionSettings } from '../config.js';
import { deadlineMarks } from './deadline-marks.js';
import type { PlanView } from './plan-view.js';
import { markResubmissions } from './review.js';

/**
 * Supervision in the desk's answers and records, per plan: deadline marks in 我的任务 and 进展 answers,
 * resubmissions after a return. `view` gives the plan's view by its id.
 */
export function deskSupervision(
  view: (plan: string) => PlanView,
  settings: Pick<SupervisionSettings, 'warnDays'>,
): DeskSupervision {
  return {
    unitTaskMark: (unit, task, now, plan) =>
      deadlineMarks(view(plan), { now, warnDays: settings.warnDays }).unitTask(unit, task),
    taskMark: (task, now, plan) => deadlineMarks(view(plan), { now, warnDays: settings.warnDays }).task(task),
    beforeStore: (records, latest) => markResubmissions(records, latest),
  };
}
