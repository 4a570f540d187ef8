import type { Knowledge } from '../knowledge/schema.js';
import type { Span } from '../language/spans.js';
import { alignToRaw, rawSlice } from './align-text.js';
import type { ReportWords } from './report-words.js';
import type { TaskTopics } from './task-topics.js';

/** One message being read: its raw and normalised text, its spans, and what the reader knows around it. */
export interface ReadMsg {
  raw: string;
  norm: string;
  spans: Span[];
  w: ReportWords;
  kb: Knowledge;
  topics: TaskTopics;
  /** The sender's unit's tasks, when known (a title or topic must match exactly one of them). */
  unitTasks?: number[];
  /** The current year, for figures of another year (2020年任务3完成100%). */
  year?: number;
  /** Now, for an official report dated outside the week. */
  now?: Date;
  /** The message corrects an earlier report (更正, 应为, 是…不是…): a bare number after 是/应为 is a figure. */
  correction?: boolean;
  /** Stretches of the normalised text whose figures and statuses do not count, and why. */
  excluded: Exclusion[];
  /** Offsets back into `raw` (computed when a note needs them; null: cannot be lined up). */
  map?: number[] | null;
}

/** Why a stretch of a message is not this unit's report of this week. */
export type ExclusionKind = 'forward' | 'otherPeriod' | 'plan' | 'example' | 'planText';

/** A stretch of the normalised text that is not report content. */
export interface Exclusion {
  kind: ExclusionKind;
  from: number;
  to: number;
  /** The words that mark it (去年, 例如：, 下周计划 …). */
  word: string;
}

/** One line of the message (line breaks kept by the tokenizer): its spans and its range in the normalised text. */
export interface Line {
  spans: Span[];
  from: number;
  to: number;
}

/** A stretch of one line that belongs to an item: its spans and its range in the normalised text. */
export interface Piece {
  line: Line;
  spans: Span[];
  from: number;
  to: number;
  /** A section of an official report this piece is in: its figures and statuses count only as the kind allows. */
  section?: SectionKind;
}

/** Kinds of section in an official report. */
export type SectionKind = 'progress' | 'problems' | 'plans' | 'other';

/** How the tasks of an item were found. */
export type TaskBy = 'number' | 'title' | 'label' | 'words';

/** An item being read: the tasks at its head and the pieces that follow. */
export interface Draft {
  tasks?: number[];
  form?: string;
  pieces: Piece[];
  /** The task was named inside a clause ("与任务15同步"), not at its head. */
  inClause?: boolean;
  taskBy?: TaskBy;
  /** Tasks the words of an item without a number point to (resolved with the unit's tasks by the desk). */
  topics?: number[];
  /** Reasons to confirm before recording (a task guessed from words, a number the liaison forgot). */
  doubts?: string[];
  /** Read from an official report: the title goes first in the note. */
  title?: string;
}

/** Splits the message's spans into lines at the line breaks the tokenizer kept. */
export function linesOf(norm: string, spans: Span[]): Line[] {
  const lines: Line[] = [];
  let from = 0;
  let cur: Span[] = [];
  for (const s of spans) {
    if (s.kind === 'sep' && s.text === '\n') {
      if (cur.length) lines.push({ spans: cur, from, to: s.at });
      cur = [];
      from = s.end;
      continue;
    }
    cur.push(s);
  }
  if (cur.length) lines.push({ spans: cur, from, to: norm.length });
  return lines;
}

/** The liaison's own characters for a range of the normalised text. */
export function rawOf(m: ReadMsg, from: number, to: number): string {
  if (m.map === undefined) m.map = alignToRaw(m.raw, m.norm) ?? null;
  return rawSlice(m.raw, m.norm, m.map ?? undefined, from, to);
}

/** Leading and trailing punctuation and spaces removed. */
export function trimPunct(s: string): string {
  return s.replace(/^[\s,，。.、:：;；?？!！|]+|[\s,，。.、:：;；?？!！|]+$/g, '');
}

/** True when the range [at, end) lies in a stretch that does not count. */
export function excludedAt(m: ReadMsg, at: number): Exclusion | undefined {
  return m.excluded.find((e) => at >= e.from && at < e.to);
}
