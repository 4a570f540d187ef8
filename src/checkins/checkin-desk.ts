import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { AdminRef } from '../config.js';
import type { Logger } from '../core/logger.js';
import { replyAddress } from '../core/reply-address.js';
import type { Clock, IncomingMessage, Outgoing } from '../core/types.js';
import type { Knowledge } from '../knowledge/schema.js';
import { findRefs } from '../qa/find-refs.js';
import { normalizeText } from '../qa/normalize.js';
import { cleanNote } from '../store/clean-text.js';
import type { Checkin } from '../store/db-schema.js';
import type { FileStore } from '../store/file-store.js';
import { type CheckinItem, type ParsedCheckin, parseCheckin } from './parse-checkin.js';
import { Roster, type UnitTask } from './roster.js';
import { STATUS_LABEL } from './status-labels.js';
import { localDate, weekOf, weekStart } from './weeks.js';

/** How long a "which task?" question waits for its answer. */
const PENDING_MS = 30 * 60 * 1000;

/** What the check-in desk needs. */
export interface DeskDeps {
  kb: Knowledge;
  store: FileStore;
  clock: Clock;
  log: Logger;
  admins: AdminRef[];
  /** Cron of the weekly digest: a check-in after it is late for its week. */
  digestCron: string;
}

/** Records, corrects and withdraws unit check-ins, and answers the questions about them. */
export class CheckinDesk {
  readonly roster: Roster;

  // parsed once: building a Cron per check-in cost about 0.2 ms each
  private readonly digest: Cron;

  constructor(private readonly d: DeskDeps) {
    this.roster = new Roster(d.kb, d.store);
    this.digest = new Cron(d.digestCron, { timezone: 'Asia/Shanghai', paused: true });
  }

  /** True when the sender is a configured admin. */
  isAdmin(msg: Pick<IncomingMessage, 'platform' | 'sender'>): boolean {
    return this.d.admins.some((a) => a.platform === msg.platform && a.id === msg.sender.id);
  }

  /** When a week's reports are due: the week's digest time, or the end of the week. */
  closeOf(week: string): Date {
    const known = this.closes.get(week);
    if (known) return known;
    const start = weekStart(week);
    const end = new Date(start.getTime() + 7 * 86400_000);
    const next = this.digest.nextRun(start);
    const close = next && next < end ? next : end;
    this.closes.set(week, close);
    return close;
  }

  // croner's nextRun costs about 60 µs: the close of a week is computed once
  private readonly closes = new Map<string, Date>();

  /** True when a user has an unanswered "which task?" question and this message names only task numbers. */
  completesPending(msg: IncomingMessage): boolean {
    const p = this.d.store.data.pending[userKey(msg)];
    if (!p || this.d.clock.now().getTime() - Date.parse(p.at) > PENDING_MS) return false;
    const refs = findRefs(normalizeText(msg.text));
    return refs?.kind === 'task' && refs.rest.replace(/[\s,，。.、]/g, '') === '';
  }

  /**
   * A liaison's free-text report: parsed, checked against the unit's tasks, stored, then confirmed. `given` is a
   * report already in structured form (a submitted check-in form card), which then skips the text parser only.
   */
  async report(msg: IncomingMessage, given?: ParsedCheckin): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const tasks = this.roster.tasksOf(bound.unit);
    const key = userKey(msg);
    let text = msg.text;
    const pending = this.d.store.data.pending[key];
    if (pending && this.completesPending(msg)) text = `${msg.text} ${pending.text}`;
    const parsed = given ?? parseCheckin(text);
    if (parsed.errors.length) {
      return [
        {
          to,
          text: `没有记录：${parsed.errors.join('；')}。\n请按格式重新发送，例如：任务${tasks[0]?.task.no ?? 1} 进度60% 已召开座谈会`,
        },
      ];
    }
    const resolved: { item: CheckinItem; task: number }[] = [];
    for (const item of parsed.items) {
      if (!item.tasks) {
        if (tasks.length === 1) {
          resolved.push({ item, task: (tasks[0] as UnitTask).task.no });
          continue;
        }
        this.d.store.data.pending[key] = { text: msg.text, at: this.d.clock.now().toISOString() };
        await this.d.store.commit().catch(() => {});
        return [
          {
            to,
            text: `请问这条汇报是哪项任务的？${bound.unit}负责：${this.taskList(tasks)}。\n直接回复任务编号即可，例如：任务${tasks[0]?.task.no}`,
          },
        ];
      }
      for (const n of item.tasks) resolved.push({ item, task: n });
    }
    const foreign = resolved.filter((r) => !tasks.some((t) => t.task.no === r.task));
    if (foreign.length) {
      const nums = [...new Set(foreign.map((f) => f.task))];
      return [
        {
          to,
          text: `没有记录：任务${nums.join('、')}不是${bound.unit}的任务。\n${bound.unit}负责：${this.taskList(tasks)}。\n请只汇报本单位的任务后重新发送。`,
        },
      ];
    }
    const now = this.d.clock.now();
    // a check-in held up by an outage counts for the week it was sent in, and is marked late
    const week = weekOf(msg.delayed ? msg.at : now);
    const late = msg.delayed === true || now > this.closeOf(week);
    const before = this.roster.current(bound.unit, week);
    const records: Checkin[] = resolved.map(({ item, task }) => ({
      id: randomUUID(),
      unit: bound.unit,
      task,
      week,
      progress: item.progress,
      status: item.status,
      note: cleanNote(item.note),
      // 汇报人 is the roster name; the platform's display name (self-chosen, spoofable) is kept apart
      by: {
        platform: msg.platform,
        id: msg.sender.id,
        member: bound.member.name,
        ...(msg.sender.name ? { name: msg.sender.name } : {}),
      },
      at: now.toISOString(),
      late,
      msgId: `${msg.platform}:${msg.id}`,
      withdrawn: false,
    }));
    this.d.store.data.checkins.push(...records);
    delete this.d.store.data.pending[key];
    try {
      await this.d.store.commit();
    } catch (e) {
      this.d.log.error({ err: e, msgId: msg.id }, 'check-in not saved');
      return [{ to, text: '未保存：服务器写入失败，这条汇报没有记录，请稍后重新发送。' }];
    }
    const lines = records.map((r) => {
      const t = this.d.kb.tasks[r.task - 1];
      const replaced = before.has(r.task) ? '（已替换本周之前的汇报）' : '';
      return `• 任务${r.task}「${t?.title ?? ''}」${describe(r)}${replaced}`;
    });
    return [
      {
        to,
        text: `已记录 ${bound.unit} ${week}${late ? '（逾期汇报）' : ''}：\n${lines.join('\n')}\n如需更正，直接重新发送该任务的汇报；发送“撤回”撤销这条汇报。`,
      },
    ];
  }

  /** Withdraws the sender's last report (all items of that message), keeping it in the history. */
  async withdraw(msg: IncomingMessage): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const mine = this.d.store.data.checkins.filter(
      (c) => c.by.platform === msg.platform && c.by.id === msg.sender.id && !c.withdrawn,
    );
    const last = mine[mine.length - 1];
    if (!last) return [{ to, text: '没有可以撤回的汇报。' }];
    const now = this.d.clock.now().toISOString();
    const batch = mine.filter((c) => c.msgId === last.msgId);
    this.d.store.changeCheckins(batch, (c) => {
      c.withdrawn = true;
      c.withdrawnAt = now;
    });
    this.roster.invalidate();
    try {
      await this.d.store.commit();
    } catch {
      return [{ to, text: '未保存：服务器写入失败，撤回没有生效，请稍后再试。' }];
    }
    return [
      {
        to,
        text: `已撤回（${last.week}）：${batch.map((c) => `任务${c.task} ${describe(c)}`).join('；')}\n记录仍保留在历史中。`,
      },
    ];
  }

  /** A liaison's own unit tasks and this week's state. */
  myTasks(msg: IncomingMessage): Outgoing[] {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const week = weekOf(this.d.clock.now());
    const current = this.roster.current(bound.unit, week);
    const lines = this.roster.tasksOf(bound.unit).map(({ task, role }) => {
      const c = current.get(task.no);
      return `• 任务${task.no}「${task.title}」（${role}）：${c ? `本周已报 ${describe(c)}` : '本周未报'}`;
    });
    return [
      { to, text: `${bound.unit}的任务（${week}）：\n${lines.join('\n')}\n汇报格式：任务N 进度60% 情况说明` },
    ];
  }

  /** The latest reports on a task from every unit, with dates. Anyone may ask. */
  progressOf(msg: IncomingMessage, taskNo: number): Outgoing[] {
    const to = replyAddress(msg);
    const task = this.d.kb.tasks[taskNo - 1];
    if (!task) return [{ to, text: `本方案共${this.d.kb.tasks.length}项重点任务，没有任务${taskNo}。` }];
    const latest = new Map<string, Checkin>();
    for (const c of this.d.store.data.checkins) {
      if (c.task !== taskNo || c.withdrawn) continue;
      const prev = latest.get(c.unit);
      if (!prev || prev.at <= c.at) latest.set(c.unit, c);
    }
    if (latest.size === 0) {
      return [
        {
          to,
          text: `任务${taskNo}「${task.title}」还没有单位汇报过进展。责任单位：${task.units.join('、')}。`,
        },
      ];
    }
    const lines = task.units.map((u) => {
      const c = latest.get(u);
      const role = u === task.units[0] ? '牵头' : '配合';
      return c
        ? `• ${u}（${role}）${localDate(new Date(c.at))}（${c.week}）：${describe(c)}${c.evidence?.length ? `；佐证材料${c.evidence.length}份（${c.evidence.map((e) => e.name).join('、')}）` : ''}`
        : `• ${u}（${role}）：尚未汇报`;
    });
    return [{ to, text: `任务${taskNo}「${task.title}」最新进展：\n${lines.join('\n')}` }];
  }

  private taskList(tasks: UnitTask[]): string {
    return tasks.map(({ task, role }) => `任务${task.no}「${task.title}」（${role}）`).join('、');
  }

  private unboundText(msg: IncomingMessage): string {
    return `您还没有绑定到责任单位，所以不能汇报进度（提问不受影响）。请把下面这行发给管理员，由管理员绑定：\n绑定 单位名称 ${msg.platform}:${msg.sender.id} ${msg.sender.name ?? '姓名'}`;
  }
}

/** Key of a user across platforms. */
export function userKey(msg: Pick<IncomingMessage, 'platform' | 'sender'>): string {
  return `${msg.platform}:${msg.sender.id}`;
}

/** One-line description of a record: progress, status, note. */
export function describe(c: Pick<Checkin, 'progress' | 'status' | 'note' | 'late'>): string {
  const parts = [];
  if (c.progress !== null && c.status !== 'none') parts.push(`进度${c.progress}%`);
  parts.push(STATUS_LABEL[c.status]);
  if (c.note) parts.push(`说明：${c.note}`);
  if (c.late) parts.push('逾期');
  return parts.join('，');
}
