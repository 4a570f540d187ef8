import type { Knowledge } from '../knowledge/schema.js';
import type { Db } from '../store/db-schema.js';

/**
 * One plan as supervision reads it: its knowledge and id, the data (roster, check-ins, rounds, escalations,
 * deadlines set in chat), whether review is on, and when a week's reports are due. Every supervision function
 * takes one, so that several plans each get their own.
 */
export interface PlanView {
  kb: Knowledge;
  /** The plan's id (its knowledge file's base name). */
  plan: string;
  /** Its short name, for lines that must say which plan when several are loaded. */
  short?: string;
  data: Db;
  /** PLAN_BOT_REVIEW=on: only confirmed reports count for a task's status. */
  review: boolean;
  /** When a week's reports are due (the week's digest); a report after it is late. */
  closeOf(week: string): Date;
}
