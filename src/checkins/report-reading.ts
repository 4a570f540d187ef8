import type { Status } from '../store/db-schema.js';

/** One reported item: the tasks it names (none when the reply names none), progress in %, status and note. */
export interface ReportItem {
  tasks?: number[];
  progress: number | null;
  status: Status;
  /** The liaison's own words for the item, figures included. */
  note: string;
  /** Everything the item said after its task reference (what an ask-back re-reads). */
  source?: string;
}

/** A part of a report that cannot be recorded as it stands: why, and the readings to offer (numbered). */
export interface UnclearPart {
  /** The liaison's words for this part. */
  text: string;
  tasks?: number[];
  /** Why it is not recorded, in Chinese, e.g. “进度写了两个数（50%、60%）”. */
  reason: string;
  /** The readings to choose from (one: a yes/no question; none: ask for a corrected line). */
  readings: ReportItem[];
}

/** What the report reader understood of one message. */
export interface ReportReading {
  /** report: record it; question: hand it to the questions; unsure: ask whether to record it. */
  kind: 'report' | 'question' | 'unsure';
  items: ReportItem[];
  unclear: UnclearPart[];
  /** Problems that stop the whole message (a progress over 100%). */
  errors: string[];
  /** The unit the message names as its sender ("县财政局：任务14…"), when it names one before the first task. */
  unit?: string;
  /** The message corrects an earlier report (上次报错了，应为35%): a reply without a task means the last one. */
  correction: boolean;
}

/** A report already in structured form (a submitted check-in form): items and the problems found in it. */
export type ParsedCheckin = Pick<ReportReading, 'items' | 'errors'>;
