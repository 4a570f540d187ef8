import { weekOf } from '../checkins/weeks.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { AnswerCard } from '../qa/answer.js';
import type { Db } from '../store/db-schema.js';
import { allTaskStatus, LIGHT_LABEL, type Light } from './task-status.js';

const ICON: Record<Light, string> = { green: '🟢', yellow: '🟡', red: '🔴' };

/** "任务进度总览": every task's light, progress against 序时进度, and why; text plus a table card for Lark. */
export function taskOverview(kb: Knowledge, db: Db, now: Date): { text: string; card: AnswerCard } {
  const week = weekOf(now);
  const rows = allTaskStatus(
    kb,
    db.checkins,
    week,
    db.roster.map((u) => u.unit),
  );
  const count = (l: Light) => rows.filter((r) => r.light === l).length;
  const lines = rows.map(
    (r) =>
      `${ICON[r.light]} 任务${r.task.no}「${r.task.title}」进度${r.progress === null ? '—' : `${r.progress}%`}／序时${r.expected === null ? '—' : `${r.expected}%`}${r.reasons.length ? `：${r.reasons.join('；')}` : ''}`,
  );
  const head = `【任务进度总览】${week}：绿${count('green')}项、黄${count('yellow')}项、红${count('red')}项`;
  const rule =
    '（红：受阻、落后序时进度20个百分点以上、逾期未完成或无人汇报；黄：滞后、落后5个百分点以上或本周有单位未报）';
  return {
    text: [head, ...lines, rule].join('\n'),
    card: {
      title: head,
      lines: [rule],
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
