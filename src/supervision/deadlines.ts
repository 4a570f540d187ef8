import type { Knowledge } from '../knowledge/schema.js';
import { latestDeadline } from '../language/read-deadline.js';
import type { Db, DeadlineOverride } from '../store/db-schema.js';

/** Where a task's deadline comes from, in the order they are tried. */
export type DeadlineSource = 'chat' | 'overlay' | 'task' | 'goals' | 'none';

/** A task's deadline: the last day that counts, how it reads, and where it comes from. */
export interface TaskDeadline {
  /** YYYY-MM-DD, or null when the plan sets none. */
  date: string | null;
  /** For people: 2022年6月30日, or 方案未明确. */
  label: string;
  source: DeadlineSource;
  /** The words of the plan it was read from (task text or goals), when there are. */
  quote: string;
}

/** Chinese label of a date: 2022年6月30日. */
export function dateLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The deadlines admins set in chat for one plan, by task number. */
export function deadlineOverrides(data: Db, plan: string): Map<number, DeadlineOverride> {
  const out = new Map<number, DeadlineOverride>();
  for (const o of Object.values(data.deadlines ?? {})) if (o.plan === plan) out.set(o.task, o);
  return out;
}

/** The day a plan starts from, for dates written without a year (6月底前). */
export function planStart(kb: Knowledge): string {
  return (
    kb.document.issuedOn ??
    kb.document.publishedOn ??
    kb.goals.deadline?.date.slice(0, 4).concat('-01-01') ??
    '2000-01-01'
  );
}

/**
 * A task's deadline: set by an admin in chat, else set in the plan's overlay, else read from the task's own text
 * (到2022年底, 6月底前, 2022年9月前 … with the words of src/language/deadline-words.json; the latest when it names
 * several), else the goals' deadline, else none.
 */
export function taskDeadline(
  kb: Knowledge,
  no: number,
  overrides: ReadonlyMap<number, Pick<DeadlineOverride, 'date'>> = new Map(),
): TaskDeadline {
  const chat = overrides.get(no);
  if (chat) return { date: chat.date, label: dateLabel(chat.date), source: 'chat', quote: '' };
  const task = kb.tasks[no - 1];
  if (!task) return { date: null, label: '方案未明确', source: 'none', quote: '' };
  if (task.deadline.source === 'overlay' && task.deadline.date)
    return { date: task.deadline.date, label: dateLabel(task.deadline.date), source: 'overlay', quote: '' };
  const own = latestDeadline(task.text, { from: planStart(kb) });
  if (own) return { date: own.date, label: dateLabel(own.date), source: 'task', quote: own.text };
  // an imported deadline the reader missed still counts as the task's own
  if (task.deadline.source === 'explicit' && task.deadline.date)
    return {
      date: task.deadline.date,
      label: dateLabel(task.deadline.date),
      source: 'task',
      quote: task.deadline.quote,
    };
  const goals = kb.goals.deadline;
  if (goals)
    return { date: goals.date, label: dateLabel(goals.date), source: 'goals', quote: `到${goals.text}` };
  return { date: null, label: '方案未明确', source: 'none', quote: '' };
}

/** Days from one local date to another (YYYY-MM-DD), positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000);
}
