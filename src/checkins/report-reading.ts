import type { Status } from '../store/db-schema.js';
import type { ExclusionKind, TaskBy } from './report-draft.js';
import type { Intents } from './report-markers.js';

/** One reported item: the tasks it names (none when the reply names none), progress in %, status and note. */
export interface ReportItem {
  tasks?: number[];
  progress: number | null;
  status: Status;
  /** The liaison's own words for the item, figures included. */
  note: string;
  /** Everything the item said after its task reference (what an ask-back re-reads). */
  source?: string;
  /** The status was written in words (not only taken from the figure): a correction of the figure keeps it. */
  statusStated?: boolean;
  /** How the tasks were found: a number, a task's title, a row's label, or words of the text (a guess). */
  taskBy?: TaskBy;
  /** Tasks the words of an item without a number point to, for the desk to match with the unit's tasks. */
  topics?: number[];
  /** Why this item cannot be recorded at once: the desk asks the liaison to confirm it. */
  doubts?: string[];
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

/** Why a message that looks like a report is not one to record, and the words that show it. */
export interface NotReport {
  kind: ExclusionKind | 'joke';
  /** The marking words (转发, 去年, 下周计划, 例如：, 哈哈 …). */
  word: string;
  /** Tasks the message names (a plan for task 9: the desk asks for task 9's progress of this week). */
  tasks: number[];
}

/**
 * What the report reader understood of one message. The desk turns it into records, a confirmation, an ask-back or
 * an answer saying why nothing was recorded (the precision gate, docs/reports.md).
 */
export interface ReportReading {
  /**
   * report: items (and unclear parts) to record, confirm or ask about; notReport: looks like a report but is not this
   * unit's report of this week (a forward, last year's figures, a plan, an example, a joke); edit: only acts on the
   * previous report (先别记, 打错了，是任务18, 以这条为准); question: hand it to the questions.
   */
  kind: 'report' | 'notReport' | 'edit' | 'question';
  items: ReportItem[];
  unclear: UnclearPart[];
  /** Problems that stop the whole message (a progress over 100%). */
  errors: string[];
  /** The unit the message names as its sender ("县财政局：任务14…", an official report's title or 落款). */
  unit?: string;
  /** The message corrects an earlier report (上次报错了，应为35%): a reply without a task means the last one. */
  correction: boolean;
  /** Reasons that hold for the whole message (a ？ at the end, 待核实, a joke): confirm before recording. */
  doubts: string[];
  /** What the message says about the previous report (先别记, 作废, 以这条为准, 补充, 是任务18不是8). */
  intents: Intents;
  notReport?: NotReport;
  /** How the message was laid out. */
  layout: 'text' | 'table' | 'rows' | 'document';
}

/** A report already in structured form (a submitted check-in form): items and the problems found in it. */
export type ParsedCheckin = Pick<ReportReading, 'items' | 'errors'>;
