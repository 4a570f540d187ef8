import type { AdminRef } from '../config.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Address, Outgoing } from '../shared/types.js';
import type { Member, RosterUnit } from '../store/db-schema.js';
import { describe } from './checkin-desk.js';
import type { Roster } from './roster.js';
import type { DueJob } from './scheduler.js';
import { localDate, weekStart } from './weeks.js';

/** Reported / missing state of one unit in one week. */
export interface UnitWeek {
  unit: string;
  reported: number[];
  missing: number[];
  troubled: { task: number; text: string }[];
}

/** Each rostered unit's reported and missing tasks in a week. */
export function weekStatus(roster: Roster, week: string): UnitWeek[] {
  return roster
    .units()
    .map((u) => {
      const current = roster.current(u.unit, week);
      const tasks = roster.tasksOf(u.unit).map((t) => t.task.no);
      return {
        unit: u.unit,
        reported: tasks.filter((n) => current.has(n)),
        missing: tasks.filter((n) => !current.has(n)),
        troubled: [...current.values()]
          .filter((c) => c.status === 'blocked' || c.status === 'delayed')
          .map((c) => ({ task: c.task, text: describe(c) })),
      };
    })
    .filter((u) => u.reported.length + u.missing.length > 0);
}

/**
 * Text of the week's status for admins (digest and "本周汇报情况"), short enough for one phone screen: units that
 * reported everything without trouble share one line, every other unit has its own, and the tasks not fully
 * reported share the last line.
 */
export function statusText(kb: Knowledge, rows: UnitWeek[], week: string): string {
  if (rows.length === 0)
    return `${week}：花名册中还没有单位。管理员可以发送“绑定 单位 平台:用户ID 姓名”添加联络员。`;
  const done = rows.filter((r) => r.missing.length === 0);
  const clean = done.filter((r) => r.troubled.length === 0);
  const lines = rows
    .filter((r) => !clean.includes(r))
    .map((r) => {
      const head = r.missing.length === 0 ? '✅' : r.reported.length === 0 ? '❌' : '⚠️';
      const parts = [`已报${r.reported.length}/${r.reported.length + r.missing.length}`];
      if (r.missing.length) parts.push(`未报：任务${r.missing.join('、')}`);
      for (const t of r.troubled) parts.push(`任务${t.task}：${t.text}`);
      return `${head} ${r.unit}：${parts.join('；')}`;
    });
  if (clean.length)
    lines.unshift(`✅ 已全部汇报（${clean.length}个）：${clean.map((r) => r.unit).join('、')}`);
  const short = kb.tasks
    .map((t) => {
      const units = rows.filter((r) => r.reported.includes(t.no) || r.missing.includes(t.no));
      const reported = units.filter((r) => r.reported.includes(t.no)).length;
      return units.length && reported < units.length ? `任务${t.no}（${reported}/${units.length}）` : '';
    })
    .filter(Boolean);
  const tasks = short.length ? `\n未报齐的任务（已报/应报单位数）：${short.join('、')}` : '';
  return `【${week} 汇报情况】${done.length}/${rows.length}个单位已全部汇报\n${lines.join('\n')}${tasks}`;
}

function direct(m: Pick<Member, 'platform' | 'id'>): Address {
  return { platform: m.platform, chatId: m.id, userId: m.id };
}

/** Where a unit's message goes: members with these roles (else everyone but its leaders), or its work chat. */
export function recipients(u: RosterUnit, roles: Member['role'][]): Address[] {
  const chosen = u.members.filter((m) => roles.includes(m.role));
  // a unit's leaders (分管领导) hear its escalations, not its weekly prompts
  const people = chosen.length ? chosen : u.members.filter((m) => m.role !== 'leader');
  if (u.chat) {
    // in the unit's chat, @ its members on that platform so that the prompt reaches them
    const chat = u.chat;
    const mentions = people.filter((m) => m.platform === chat.platform).map((m) => m.id);
    return [{ platform: chat.platform, chatId: chat.id, ...(mentions.length ? { mentions } : {}) }];
  }
  return people.map(direct);
}

/** What a group prompt adds: how to reply so that the bot receives it. */
const GROUP_HINT = '\n在群里回复时请 @我，否则我收不到。';

/**
 * The messages a due weekly job sends: prompts to liaisons, reminders to units still missing, digest to admins.
 * `mark` adds to a task's line in a prompt (its deadline and warning, docs/supervision.md).
 */
export function jobMessages(
  job: DueJob,
  roster: Roster,
  kb: Knowledge,
  admins: AdminRef[],
  close: Date,
  mark?: (unit: string, task: number) => string,
): Outgoing[] {
  const monday = localDate(weekStart(job.week));
  const closeText = `${localDate(close)} ${close.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })}`;
  if (job.name === 'digest') {
    const text = statusText(kb, weekStatus(roster, job.week), job.week);
    return admins.map((a) => ({ to: direct(a), text }));
  }
  const out: Outgoing[] = [];
  for (const u of roster.units()) {
    const tasks = roster.tasksOf(u.unit);
    if (tasks.length === 0 || !u.members.some((m) => m.role !== 'leader')) continue;
    if (job.name === 'prompt') {
      const list = tasks
        .map(({ task, role }) => {
          const m = mark?.(u.unit, task.no);
          return `• 任务${task.no}「${task.title}」（${role}）${m ? ` ${m}` : ''}`;
        })
        .join('\n');
      const example = tasks[0]?.task.no ?? 1;
      const text = `【每周进度汇报】${job.week}（${monday}起）\n${u.unit}负责的任务：\n${list}\n请在${closeText}前回复本周进展，一行一项：任务N 进度60% 情况说明\n例如：任务${example} 进度60% 已召开校企座谈会\n没有进展也请回复：任务${example} 本周无进展`;
      const form = {
        unit: u.unit,
        week: job.week,
        tasks: tasks.map(({ task }) => ({ no: task.no, title: task.title })),
      };
      for (const to of recipients(u, ['liaison']))
        out.push({ to, text: to.userId ? text : text + GROUP_HINT, form });
    } else {
      const current = roster.current(u.unit, job.week);
      const missing = tasks.filter((t) => !current.has(t.task.no));
      if (missing.length === 0) continue;
      const text = `【提醒】${u.unit}本周（${job.week}）还有${missing.length}项任务未汇报：${missing.map((t) => `任务${t.task.no}「${t.task.title}」`).join('、')}。\n请在${closeText}前回复，格式：任务N 进度60% 情况说明`;
      for (const to of recipients(u, ['liaison', 'backup']))
        out.push({ to, text: to.userId ? text : text + GROUP_HINT });
    }
  }
  return out;
}
