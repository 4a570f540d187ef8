import type { DeskSupervision } from '../checkins/checkin-desk.js';
import type { SupervisionSettings } from '../config.js';
import { deadlineMarks } from './deadline-marks.js';
import type { PlanView } from './plan-view.js';
import { markResubmissions } from './review.js';

/** Supervision in the desk's answers and records: deadline marks in 我的任务 and 进展 answers, resubmissions. */
export function deskSupervision(
  view: () => PlanView,
  settings: Pick<SupervisionSettings, 'warnDays'>,
): DeskSupervision {
  return {
    unitTaskMark: (unit, task, now) =>
      deadlineMarks(view(), { now, warnDays: settings.warnDays }).unitTask(unit, task),
    taskMark: (task, now) => deadlineMarks(view(), { now, warnDays: settings.warnDays }).task(task),
    beforeStore: (records) => markResubmissions(view(), records),
  };
}
