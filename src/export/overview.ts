import { weekOf } from '../checkins/weeks.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { AnswerCard } from '../shared/types.js';
import type { Checkin, Db } from '../store/db-schema.js';
import { allTaskStatus, LIGHT_LABEL, type Light, type StatusDeadline } from './task-status.js';

/** What supervision changes in the overview: which reports count (review) and each task's deadline. */
export interface OverviewOptions {
  counts?(c: Checkin): boolean;
  deadlineOf?(task: number): StatusDeadline;
}

const ICON: Record<Light, string> = { green: '🟢', yellow: '🟡', red: '🔴' };

/** When every task's deadline has passed: a note that says so, and that reports can still be made. */
function deadlineNote(kb: Knowledge, now: Date): string {
  const dated = kb.tasks.filter((t) => t.deadline.date);
  if (dated.length === 0 || dated.length < kb.tasks.length) return '';
  const last = dated.reduce((a, t) => ((t.deadline.date ?? '') > (a.deadline.date ?? '') ? t : a));
  if (now.getTime() <= new Date(`${last.deadline.date}T23:59:59+08:00`).getTime()) return '';
  const when = kb.goals.deadline?.date === last.deadline.date ? kb.goals.deadline.text : last.deadline.date;
  return `方案规定的完成时限（${when}）已过，未报完成的任务按逾期计为红灯；各单位仍可照常汇报进度和完成情况，汇报后灯色随之更新。`;
}

/** "任务进度总览": every task's light, progress against 序时进度, and why; text plus a table card for Lark. */
export function taskOverview(
  kb: Knowledge,
  db: Db,
  now: Date,
  opts: OverviewOptions = {},
): { text: string; card: AnswerCard } {
  const week = weekOf(now);
  const counted = opts.counts;
  const deadlineOf = opts.deadlineOf;
  const rows = allTaskStatus(
    kb,
    counted ? db.checkins.filter((c) => counted(c)) : db.checkins,
    week,
    db.roster.map((u) => u.unit),
    deadlineOf ? (t) => deadlineOf(t.no) : undefined,
  );
  const count = (l: Light) => rows.filter((r) => r.light === l).length;
  const lines = rows.map(
    (r) =>
      `${ICON[r.light]} 任务${r.task.no}「${r.task.title}」进度${r.progress === null ? '—' : `${r.progress}%`}／序时${r.expected === null ? '—' : `${r.expected}%`}${r.reasons.length ? `：${r.reasons.join('；')}` : ''}`,
  );
  const head = `【任务进度总览】${week}：绿${count('green')}项、黄${count('yellow')}项、红${count('red')}项`;
  const note = deadlineNote(kb, now);
  const rule =
    '（红：受阻、落后序时进度20个百分点以上、逾期未完成或无人汇报；黄：滞后、落后5个百分点以上或本周有单位未报）';
  return {
    text: [head, ...(note ? [note] : []), ...lines, rule].join('\n'),
    card: {
      title: head,
      lines: [...(note ? [note] : []), rule],
      table: rows.map((r) => ({
        task: `任务${r.task.no} ${r.task.title}`,
        light: LIGHT_LABEL[r.light],
        progress: r.progress === null ? '—' : `${r.progress}%`,
        expected: r.expected === null ? '—' : `${r.expected}%`,
        reasons: r.reasons.join('；'),
      })),
      suggestions: [],
    },
  };
}
