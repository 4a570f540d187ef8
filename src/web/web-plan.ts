import type { Knowledge } from '../knowledge/schema.js';
import type { Db } from '../store/db-schema.js';

/** A plan the web view shows: its id (the knowledge file's base name), its knowledge, its records and rules. */
export interface WebPlan {
  id: string;
  kb: Knowledge;
  /** The live data (read only): the check-ins and roster of this plan. */
  data: () => Db;
  /** PLAN_BOT_REVIEW=on: a task's status counts only reports an admin confirmed. */
  review: boolean;
  /** When a week's reports are due (the week's digest), for the exports' 督办通报. */
  closeOf(week: string): Date;
}
