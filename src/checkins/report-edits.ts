import type { Checkin, Status } from '../store/db-schema.js';
import type { Proposal } from './pending-ask.js';
import { reportWords } from './report-words.js';
import type { Roster } from './roster.js';
import { STATUS_LABEL } from './status-labels.js';

/** How long a report stays open to edits by the next messages (the same window as an ask-back). */
export const EDIT_WINDOW_MS = 30 * 60 * 1000;

/**
 * The sender's own records of the week still open to edits: the unit's current record of each task when this
 * sender made it within the edit window.
 */
export function recentRecords(
  roster: Roster,
  who: { unit: string; platform: string; id: string },
  week: string,
  now: Date,
  plan?: string,
): Map<number, Checkin> {
  const out = new Map<number, Checkin>();
  for (const [task, c] of roster.current(who.unit, week, plan)) {
    if (c.by.platform !== who.platform || c.by.id !== who.id) continue;
    if (now.getTime() - Date.parse(c.at) > EDIT_WINDOW_MS) continue;
    out.set(task, c);
  }
  return out;
}

/**
 * The tasks of the sender's report withdrawn within the edit window (先别记，我核实一下): a report without a task
 * that follows ("核实了，是35%") is the checked one.
 */
export function heldTasks(
  checkins: readonly Checkin[],
  who: { unit: string; platform: string; id: string },
  week: string,
  now: Date,
): number[] {
  const held = checkins.filter(
    (c) =>
      c.withdrawn &&
      c.withdrawnAt !== undefined &&
      c.unit === who.unit &&
      c.week === week &&
      c.by.platform === who.platform &&
      c.by.id === who.id &&
      now.getTime() - Date.parse(c.withdrawnAt) <= EDIT_WINDOW_MS,
  );
  const last = held.reduce<Checkin | undefined>(
    (a, c) => (!a || (c.withdrawnAt ?? '') > (a.withdrawnAt ?? '') ? c : a),
    undefined,
  );
  return [...new Set(held.filter((c) => c.withdrawnAt === last?.withdrawnAt).map((c) => c.task))];
}

/** The records of the sender's last report message among the recent ones (what 先别记 or 打错了 refers to). */
export function lastBatch(recent: Map<number, Checkin>): Checkin[] {
  let last: Checkin | undefined;
  for (const c of recent.values()) if (!last || c.at > last.at) last = c;
  return last ? [...recent.values()].filter((c) => c.msgId === last?.msgId) : [];
}

/**
 * A new reading of a task applied to its recent record: what the new message does not say is kept (a figure-only
 * correction keeps the status, the reason and the evidence; a status-only message keeps the figure). `ownNote`
 * false: the message only corrects (上次报错了，应为25%), so the earlier note stays.
 */
export function mergeWith(prev: Checkin, next: Proposal, ownNote: boolean): Proposal {
  const statusSaid = next.statusStated === true;
  let progress = next.progress;
  if (progress === null && next.status !== 'done') progress = prev.progress;
  let status: Status = statusSaid ? next.status : prev.status;
  // a figure below 100 cannot keep 已完成; 100 given alone means done
  if (status === 'done' && progress !== null && progress < 100) status = 'normal';
  if (!statusSaid && next.progress === 100) status = 'done';
  // the words of a bare correction ("上次报错了，应为25%") are not the reason: the earlier note stays
  const note = ownNote ? next.note || prev.note : prev.note;
  return { ...next, progress, status, note, statusStated: statusSaid };
}

/** What changed between a record and its new version, in Chinese ("进度62% → 26%"); empty when nothing did. */
export function changeText(prev: Pick<Checkin, 'progress' | 'status' | 'note'>, next: Proposal): string {
  const parts: string[] = [];
  const pct = (p: number | null) => (p === null ? '未填' : `${p}%`);
  if (prev.progress !== next.progress) parts.push(`进度${pct(prev.progress)} → ${pct(next.progress)}`);
  if (prev.status !== next.status)
    parts.push(`状态${STATUS_LABEL[prev.status]} → ${STATUS_LABEL[next.status]}`);
  const kept: string[] = [];
  if (prev.progress === next.progress) kept.push('进度');
  if (prev.status === next.status) kept.push('状态');
  if (prev.note && prev.note === next.note) kept.push('说明');
  if (parts.length === 0) return '';
  return `${parts.join('，')}${kept.length ? `（${kept.join('、')}不变）` : ''}`;
}

/**
 * True when a note holds nothing but the correction itself (figures, 进度, 应为, 打错了, 刚才 …): such words are not a
 * reason, and the corrected record keeps its earlier note.
 */
export function onlyCorrects(note: string): boolean {
  const w = reportWords();
  const words = [
    ...w.correction,
    ...w.selfCorrection,
    ...w.progressWords,
    ...w.fillers,
    ...w.correctedFigureAfter,
    ...w.oldFigureBefore,
  ].sort((a, b) => b.length - a.length);
  let rest = note.replace(/任务\s*\d+|\d+(?:\.\d+)?\s*%?|百分之[零一二三四五六七八九十百点]+/g, '');
  for (const x of words) rest = rest.split(x).join('');
  rest = rest.replace(/[\s\p{P}\p{S}]/gu, '').replace(/刚才|不好意思|抱歉|一下|的/g, '');
  return rest.length < 2;
}
