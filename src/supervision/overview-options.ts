import type { OverviewOptions } from '../export/overview.js';
import { deadlineOverrides, taskDeadline } from './deadlines.js';
import type { PlanView } from './plan-view.js';
import { counts } from './review-state.js';

/** The overview of a plan with supervision: only counted reports (review) and each task's own deadline. */
export function overviewOptions(view: PlanView): OverviewOptions {
  const overrides = deadlineOverrides(view.data, view.plan);
  return {
    counts: (c) => counts(c, view.review),
    deadlineOf: (no) => {
      const d = taskDeadline(view.kb, no, overrides);
      return { date: d.date, text: d.label };
    },
  };
}
