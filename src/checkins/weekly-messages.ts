import type { AdminRef } from '../config.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Address, Outgoing } from '../shared/types.js';
import type { Member, RosterUnit } from '../store/db-schema.js';
import { describe } from './checkin-desk.js';
import type { Roster, UnitTask } from './roster.js';
import type { DueJob } from './scheduler.js';
import { addWeeks, localDate, weekStart } from './weeks.js';

/** Reported / missing state of one unit in one week. */
export interface UnitWeek {
  unit: string;
  reported: number[];
  missing: number[];
  troubled: { task: number; text: string }[];
}

/** Each rostered unit's reported and missing tasks of one plan (default the first) in a week. */
export function weekStatus(roster: Roster, week: string, plan: string = roster.plans.first.id): UnitWeek[] {
  return roster
    .units()
    .map((u) => {
      const current = roster.current(u.unit, week, plan);
      const tasks = roster.tasksOf(u.unit, plan).map((t) => t.task.no);
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
      // every unit listed here has a task missing, blocked or delayed: none of them is ✅
      const head = r.reported.length === 0 ? '❌' : '⚠️';
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

/**
 * The week's status of every plan: with one plan the text above; with several, a line per plan (units fully
 * reported, tasks reported) and then each plan's own status under its name. `plans` are those listed (the
 * stopped ones are left out of the digest).
 */
export function plansStatusText(
  roster: Roster,
  set: PlanSet,
  week: string,
  plans: readonly Plan[] = set.list,
): string {
  if (set.size === 1) {
    const only = set.first;
    return statusText(only.kb, weekStatus(roster, week, only.id), week);
  }
  const each = plans.map((p) => ({ p, rows: weekStatus(roster, week, p.id) }));
  const summary = each.map(({ p, rows }) => {
    const done = rows.filter((r) => r.missing.length === 0).length;
    const items = rows.reduce((n, r) => n + r.reported.length + r.missing.length, 0);
    const reported = rows.reduce((n, r) => n + r.reported.length, 0);
    const rate = items ? `${Math.round((reported / items) * 100)}%` : '—';
    return `• ${p.short}：${done}/${rows.length}个单位已全部汇报，已报${reported}/${items}项（${rate}）`;
  });
  const sections = each.map(({ p, rows }) => `〔${p.short}〕${statusText(p.kb, rows, week)}`);
  return `【${week} 汇报情况】${plans.length}个方案\n${summary.join('\n')}\n\n${sections.join('\n\n')}`;
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

/** Lines of tasks, under the name of their plan when several plans are loaded. */
function byPlan(tasks: UnitTask[], many: boolean, line: (t: UnitTask) => string): string {
  if (!many) return tasks.map(line).join('\n');
  const plans = [...new Set(tasks.map((t) => t.plan))];
  return plans
    .map(
      (p) =>
        `${p.short}（${p.kb.document.docNumber}）：\n${tasks
          .filter((t) => t.plan === p)
          .map(line)
          .join('\n')}`,
    )
    .join('\n');
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
  set: PlanSet,
  admins: AdminRef[],
  close: Date,
  /** The plans that send prompts (not stopped); default all. */
  active: readonly Plan[] = set.list,
  /** Adds to a task's line in a prompt (its deadline and warning, docs/supervision.md). */
  mark?: (unit: string, task: number, plan: string) => string,
): Outgoing[] {
  const monday = localDate(weekStart(job.week));
  const closeText = `${localDate(close)} ${close.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })}`;
  if (job.name === 'digest') {
    const text = plansStatusText(roster, set, job.week, active);
    return admins.map((a) => ({ to: direct(a), text }));
  }
  const many = set.size > 1;
  const out: Outgoing[] = [];
  for (const u of roster.units()) {
    const tasks = roster.tasksOf(u.unit).filter((t) => active.includes(t.plan));
    if (tasks.length === 0 || !u.members.some((m) => m.role !== 'leader')) continue;
    if (job.name === 'prompt') {
      const list = byPlan(tasks, many, ({ task, role, plan }) => {
        const m = mark?.(u.unit, task.no, plan.id);
        return `• 任务${task.no}「${task.title}」（${role}）${m ? ` ${m}` : ''}`;
      });
      const example = tasks[0]?.task.no ?? 1;
      const plans = [...new Set(tasks.map((t) => t.plan))];
      // the same task number in two of the unit's plans: the reply names the plan
      const twice = tasks.find((t) => tasks.some((o) => o.plan !== t.plan && o.task.no === t.task.no));
      const naming = twice
        ? `\n任务${twice.task.no}在${plans.length}个方案中都有，请在任务前写上方案名称，例如：${twice.plan.short} 任务${twice.task.no} 进度60%`
        : '';
      const text = `【每周进度汇报】${job.week}（${monday}起）\n${u.unit}负责的任务：\n${list}\n请在${closeText}前回复本周进展，一行一项：任务N 进度60% 情况说明\n例如：任务${example} 进度60% 已召开校企座谈会\n没有进展也请回复：任务${example} 本周无进展${naming}`;
      const form = {
        unit: u.unit,
        week: job.week,
        tasks: tasks.map(({ task, plan }) =>
          many
            ? { no: task.no, title: `${plan.short} ${task.title}`, plan: plan.id }
            : { no: task.no, title: task.title },
        ),
      };
      for (const to of recipients(u, ['liaison']))
        out.push({ to, text: to.userId ? text : text + GROUP_HINT, form });
    } else {
      const missing = tasks.filter((t) => !roster.current(u.unit, job.week, t.plan.id).has(t.task.no));
      if (missing.length === 0) continue;
      const list = many
        ? `\n${byPlan(missing, true, (t) => `• 任务${t.task.no}「${t.task.title}」`)}`
        : missing.map((t) => `任务${t.task.no}「${t.task.title}」`).join('、');
      const text = `【提醒】${u.unit}本周（${job.week}）还有${missing.length}项任务未汇报：${list}${many ? '\n' : '。\n'}请在${closeText}前回复，格式：任务N 进度60% 情况说明`;
      for (const to of recipients(u, ['liaison', 'backup']))
        out.push({ to, text: to.userId ? text : text + GROUP_HINT });
    }
  }
  return out;
}

/** What each weekly job is called in the admins' note. */
const JOB_TITLE: Record<DueJob['name'], string> = {
  prompt: '周一汇报提示',
  reminder: '周四未报提醒',
  digest: '周五汇报汇总',
};

/** Consecutive weeks as ranges: 2021-W23至2021-W30、2021-W33. */
function weekRanges(weeks: string[]): string {
  const sorted = [...new Set(weeks)].sort();
  const ranges: string[][] = [];
  for (const w of sorted) {
    const last = ranges.at(-1);
    if (last && addWeeks(last[last.length - 1] as string, 1) === w) last.push(w);
    else ranges.push([w]);
  }
  return ranges.map((r) => (r.length === 1 ? r[0] : `${r[0]}至${r.at(-1)}（${r.length}周）`)).join('、');
}

/**
 * The one note the admins get about weekly jobs of past weeks that were skipped after an outage (they are stale:
 * prompting for a week long gone would flood the liaisons); none when nothing was skipped.
 */
export function missedJobsNote(missed: DueJob[], admins: AdminRef[], now: Date): Outgoing[] {
  if (missed.length === 0) return [];
  const lines = (Object.keys(JOB_TITLE) as DueJob['name'][]).flatMap((name) => {
    const weeks = missed.filter((j) => j.name === name).map((j) => j.week);
    return weeks.length ? [`• ${JOB_TITLE[name]}：${weekRanges(weeks)}`] : [];
  });
  const lastWeek =
    missed
      .map((j) => j.week)
      .sort()
      .at(-1) ?? '';
  const text = [
    `【停机期间未发送的每周任务】机器人停止运行期间（最早一项应于${localDate(missed[0]?.at ?? now)}发送），以下每周任务已过期，没有补发，以免联络员一次收到多周的提示：`,
    ...lines,
    `本周的任务照常进行。需要查看过去某周的汇报情况，请发送“本周汇报情况 ${lastWeek}”（换成要看的周次），或“导出”台账。`,
  ].join('\n');
  return admins.map((a) => ({ to: direct(a), text }));
}
