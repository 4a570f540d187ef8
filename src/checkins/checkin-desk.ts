import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { AdminRef } from '../config.js';
import type { Logger } from '../core/logger.js';
import { replyAddress } from '../core/reply-address.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Knowledge } from '../knowledge/schema.js';
import { lexiconFor } from '../language/lexicon.js';
import { normalizeText } from '../language/normalize.js';
import { parseNumeral } from '../language/numerals.js';
import { tokenize } from '../language/tokenize.js';
import type { Clock, IncomingMessage, Outgoing } from '../shared/types.js';
import { cleanNote } from '../store/clean-text.js';
import type { Checkin } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import {
  type FilingDesk,
  fileReport,
  type OpenAsk,
  openAsk,
  planChosen,
  readingPlan,
} from './file-report.js';
import { promptContext } from './quote-context.js';
import { MAX_REPORT_CHARS, readReport } from './read-report.js';
import type { ParsedCheckin, ReportItem, ReportReading, UnclearPart } from './report-reading.js';
import { Roster, type UnitTask } from './roster.js';
import { STATUS_LABEL } from './status-labels.js';
import { localDate, weekOf, weekStart } from './weeks.js';

/** How long a "which task?" question waits for its answer. */
const PENDING_MS = 30 * 60 * 1000;

/** What the check-in desk needs. */
export interface DeskDeps {
  /** The plans; a report is filed under the plan of its task (plan-for.ts). */
  plans: PlanSet;
  store: Store;
  clock: Clock;
  log: Logger;
  admins: AdminRef[];
  /** Cron of the weekly digest: a check-in after it is late for its week. */
  digestCron: string;
  /** Deadlines in answers and resubmissions after a return (src/supervision, docs/supervision.md). */
  supervision?: DeskSupervision;
}

/** What supervision adds to the desk's answers and records. */
export interface DeskSupervision {
  /** A unit's task deadline and warning ("截止2022年6月30日 🟠剩5天"). */
  unitTaskMark(unit: string, task: number, now: Date, plan: string): string;
  /** A task's deadline and days left ("截止2022年6月30日，剩5天"). */
  taskMark(task: number, now: Date, plan: string): string;
  /** Marks new records before they are stored (a report after a return is its resubmission). */
  beforeStore(records: Checkin[]): void;
}

/**
 * The core's `ctx.save` (context.ts): a report handled as a message leaves its records to the core's one commit, which
 * also claims the message and queues the confirmation, so that no crash can store a check-in without its 已记录;
 * `failText` replaces the replies when that commit fails. Without it (a form, evidence) the desk commits itself.
 */
export type SaveWithReply = (failText: string) => void;

/** Records, corrects and withdraws unit check-ins, and answers the questions about them. */
export class CheckinDesk {
  readonly roster: Roster;

  // parsed once: building a Cron per check-in cost about 0.2 ms each
  private readonly digest: Cron;

  constructor(private readonly d: DeskDeps) {
    this.roster = new Roster(d.plans, d.store);
    // build the lexicon and the 繁→简 converter now, so that the first report after a start is not the slow one
    readReport('任务1 进度0%', d.plans.first.kb);
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

  /** True when a user has an unanswered ask-back and this message answers it (task numbers, 1/2, 是/否). */
  completesPending(msg: IncomingMessage): boolean {
    const p = this.livePending(msg);
    if (p?.choose)
      return answerKind(msg.text, p.plan.kb)?.kind === 'no' || planChosen(msg.text, p.choose) !== undefined;
    const a = p ? answerKind(msg.text, p.plan.kb) : undefined;
    return p !== undefined && a !== undefined && fits(p.text, a);
  }

  /** Report, question or unsure: how the report reader takes a message (routing in the core). */
  understand(msg: IncomingMessage): ReportReading['kind'] {
    if (msg.text.length > MAX_REPORT_CHARS)
      return this.roster.memberOf(msg.platform, msg.sender.id) ? 'report' : 'question';
    return this.read(msg.text, readingPlan(this.roster, msg).kb).kind;
  }

  // The last reading, kept so that routing and recording read a message once.
  private last?: { text: string; kb: Knowledge; reading: ReportReading };

  private read(text: string, kb: Knowledge): ReportReading {
    if (this.last?.text !== text || this.last.kb !== kb)
      this.last = { text, kb, reading: readReport(text, kb) };
    return this.last.reading;
  }

  /**
   * A liaison's report, filed under its plan (file-report.ts), then read, checked and recorded by `reportIn`. A
   * form carries its plan.
   */
  report(
    msg: IncomingMessage,
    given?: ParsedCheckin,
    planId?: string,
    save?: SaveWithReply,
  ): Promise<Outgoing[]> {
    return fileReport(this.filing(save), msg, given, planId);
  }

  // What filing a report under its plan needs of the desk.
  private filing(save?: SaveWithReply): FilingDesk {
    return {
      roster: this.roster,
      plans: this.d.plans,
      store: this.d.store,
      clock: this.d.clock,
      reportIn: (plan, msg, given) => this.reportIn(plan, msg, given, save),
      pending: (msg) => this.livePending(msg),
      answers: (text, p) => {
        const a = answerKind(text, p.plan.kb);
        return a?.kind === 'no' ? 'no' : a && fits(p.text, a) ? 'yes' : undefined;
      },
      unbound: (msg) => this.unboundText(msg),
    };
  }

  /**
   * A liaison's free-text report: read, checked against the unit's tasks, stored, then confirmed with every record
   * made; the parts that are not the unit's are named, and an unclear part is asked back (the answer comes in the
   * next message). `given` is a report already in structured form (a submitted check-in form card), which then
   * skips the reader only.
   */
  private async reportIn(
    plan: Plan,
    msg: IncomingMessage,
    given?: ParsedCheckin,
    save?: SaveWithReply,
  ): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const kb = plan.kb;
    const tasks = this.roster.tasksOf(bound.unit, plan.id);
    const own = new Set(tasks.map((t) => t.task.no));
    const key = userKey(msg);
    const example = `例如：任务${tasks[0]?.task.no ?? 1} 进度60% 已召开座谈会`;
    if (msg.text.length > MAX_REPORT_CHARS) {
      return [
        {
          to,
          text: `没有记录：这条消息有${msg.text.length}字，超过了一条汇报的上限${MAX_REPORT_CHARS}字。请分几条发送，一行一项，${example}`,
        },
      ];
    }
    const now = this.d.clock.now();
    // a check-in held up by an outage counts for the week it was sent in, and is marked late
    let week = weekOf(msg.delayed ? msg.at : now);
    // a reply quoting the bot's weekly prompt belongs to that prompt's week (its unit must be the sender's)
    const ctx = promptContext(msg.quote);
    if (ctx && ctx.unit === bound.unit && ctx.week < week) week = ctx.week;

    const pending = this.livePending(msg);
    let reading: ReportReading;
    const answer = pending && !given ? answerKind(msg.text, kb) : undefined;
    if (given) {
      reading = { kind: 'report', items: given.items, unclear: [], errors: given.errors, correction: false };
    } else if (pending && answer && fits(pending.text, answer)) {
      const picked = this.applyAnswer(pending.text, answer, kb);
      if (!picked && answer.kind === 'yes') {
        return [{ to, text: '请回复序号（如“1”）选择要记录的一种，或重新发送正确的一行。' }];
      }
      if (!picked) {
        this.d.store.clearPending(key);
        await this.d.store.commit().catch(() => {});
        return [
          {
            to,
            text:
              answer.kind === 'no'
                ? '好的，这条汇报未记录。'
                : `没有记录：没有第${answer.kind === 'pick' ? answer.n : ''}种理解。请重新发送正确的一行，${example}`,
          },
        ];
      }
      reading = picked;
    } else {
      reading = this.read(msg.text, kb);
    }
    if (reading.unit && reading.unit !== bound.unit) {
      return [
        {
          to,
          text: `没有记录：这条汇报写的是${reading.unit}，您绑定的单位是${bound.unit}，只能汇报本单位的任务。\n${bound.unit}负责：${this.taskList(tasks)}。`,
        },
      ];
    }
    if (reading.errors.length) {
      return [{ to, text: `没有记录：${reading.errors.join('；')}。\n请按格式重新发送，${example}` }];
    }
    if (reading.kind === 'unsure') {
      await this.setPending(key, msg.text, plan);
      const lines = reading.items.map(
        (i) => `${i.tasks ? `任务${i.tasks.join('、')} ` : ''}${describe({ ...i, late: false })}`,
      );
      return [{ to, text: `请问要记录这条汇报吗？\n${lines.join('\n')}\n回复“是”记录，“否”不记录。` }];
    }

    // items without a task: the unit's only task, or the task of a report this message corrects
    const resolved: { item: ReportItem; task: number }[] = [];
    const asks: UnclearPart[] = [...reading.unclear];
    const lastTasks = reading.correction ? this.lastReportTasks(msg, week) : [];
    for (const item of reading.items) {
      const nos =
        item.tasks ??
        (tasks.length === 1
          ? [(tasks[0] as UnitTask).task.no]
          : lastTasks.length === 1
            ? lastTasks
            : undefined);
      if (!nos) {
        const text = item.source ?? item.note;
        const hint = suggestTask(text, tasks);
        asks.push({ text, reason: 'noTask', readings: [{ ...item }], ...(hint ? { tasks: [hint] } : {}) });
        continue;
      }
      for (const n of nos) resolved.push({ item, task: n });
    }
    // the same task twice in one message: the later item wins
    const byTask = new Map<number, ReportItem>();
    for (const r of resolved) byTask.set(r.task, r.item);
    const foreign = [...byTask.keys()].filter((n) => !own.has(n));
    const mine = [...byTask.entries()].filter(([n]) => own.has(n));
    // more items for the unit than it has tasks (a pasted list, the same task many times): refused whole
    const items = resolved.filter((r) => own.has(r.task)).length + asks.length;
    if (items > tasks.length) {
      return [
        {
          to,
          text: `没有记录：这条消息有${items}项汇报，${bound.unit}只负责${tasks.length}项任务（${tasks.map((t) => `任务${t.task.no}`).join('、')}）。请检查后重新发送，一项任务一行。`,
        },
      ];
    }
    const refused = foreign.length
      ? `任务${foreign.join('、')}不是${bound.unit}的任务（${bound.unit}负责：${tasks.map((t) => `任务${t.task.no}`).join('、')}）`
      : '';
    const ask = asks[0] ? this.askText(asks[0], bound.unit, tasks, kb) : '';
    const more = asks.slice(1).map((a) => `• ${a.text || '（无内容）'}：${reasonText(a)}`);
    if (asks[0]) await this.setPending(key, pendingTextOf(asks[0]), plan);
    else if (pending) this.d.store.clearPending(key);

    if (mine.length === 0) {
      if (asks[0]) {
        const head = refused ? `没有记录：${refused}。\n` : '';
        const tail = more.length ? `\n以下内容也未记录，请重新发送：\n${more.join('\n')}` : '';
        return [{ to, text: `${head}${ask}${tail}` }];
      }
      if (foreign.length) {
        return [
          {
            to,
            text: `没有记录：任务${foreign.join('、')}不是${bound.unit}的任务。\n${bound.unit}负责：${this.taskList(tasks)}。\n请只汇报本单位的任务后重新发送。`,
          },
        ];
      }
      return [{ to, text: `没有记录：没有读到任务的进度或状态。请按格式重新发送，${example}` }];
    }

    const late = msg.delayed === true || now > this.closeOf(week);
    const before = this.roster.current(bound.unit, week, plan.id);
    const records: Checkin[] = mine.map(([task, item]) => ({
      id: randomUUID(),
      plan: plan.id,
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
    this.d.supervision?.beforeStore(records);
    this.d.store.addCheckins(records);
    const unsaved = '未保存：服务器写入失败，这条汇报没有记录，请稍后重新发送。';
    if (save) save(unsaved);
    else {
      try {
        await this.d.store.commit();
      } catch (e) {
        this.d.log.error({ err: e, msgId: msg.id }, 'check-in not saved');
        return [{ to, text: unsaved }];
      }
    }
    const lines = records.map((r) => {
      const t = kb.tasks[r.task - 1];
      const replaced = before.has(r.task) ? '（已替换本周之前的汇报）' : '';
      const again = r.resubmitOf ? '（重新提交，原汇报已被退回）' : '';
      return `• 任务${r.task}「${t?.title ?? ''}」${describe(r)}${replaced}${again}`;
    });
    const notes: string[] = [];
    if (refused) notes.push(`未记录：${refused}。`);
    if (ask) notes.push(`另有一项未记录：${ask}`);
    if (more.length) notes.push(`以下内容也未记录，请重新发送：\n${more.join('\n')}`);
    return [
      {
        to,
        text: `已记录 ${bound.unit} ${week}${this.d.plans.size > 1 ? `〔${plan.short}〕` : ''}${late ? '（逾期汇报）' : ''}：\n${lines.join('\n')}${notes.length ? `\n${notes.join('\n')}` : ''}\n如需更正，直接重新发送该任务的汇报；发送“撤回”撤销这条汇报，“撤回任务N”只撤销任务N。`,
      },
    ];
  }

  /**
   * Withdraws the sender's last report (all items of that message), or with a task number the unit's current
   * record of that task this week; the records stay in the history as withdrawn.
   */
  async withdraw(msg: IncomingMessage): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const taskNo = withdrawTask(msg.text);
    let batch: Checkin[];
    if (taskNo !== undefined) {
      const week = weekOf(this.d.clock.now());
      // the task's record in whichever plan the unit reported it this week (the latest when in two)
      const c = this.d.plans.list
        .map((p) => this.roster.current(bound.unit, week, p.id).get(taskNo))
        .filter((x): x is Checkin => x !== undefined)
        .sort((a, b) =>
          a.at === b.at
            ? this.d.store.data.checkins.lastIndexOf(b) - this.d.store.data.checkins.lastIndexOf(a)
            : a.at < b.at
              ? 1
              : -1,
        )[0];
      if (!c)
        return [{ to, text: `没有可以撤回的汇报：${bound.unit}本周（${week}）没有任务${taskNo}的记录。` }];
      batch = [c];
    } else {
      const mine = this.d.store.data.checkins.filter(
        (c) => c.by.platform === msg.platform && c.by.id === msg.sender.id && !c.withdrawn,
      );
      const last = mine[mine.length - 1];
      if (!last) return [{ to, text: '没有可以撤回的汇报。' }];
      batch = mine.filter((c) => c.msgId === last.msgId);
    }
    const now = this.d.clock.now().toISOString();
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
        text: `已撤回（${batch[0]?.week}）：${batch.map((c) => `任务${c.task} ${describe(c)}`).join('；')}\n记录仍保留在历史中。`,
      },
    ];
  }

  // The tasks of the sender's last report this week (one message), for a correction that names none.
  private lastReportTasks(msg: IncomingMessage, week: string): number[] {
    const mine = this.d.store.data.checkins.filter(
      (c) => c.by.platform === msg.platform && c.by.id === msg.sender.id && !c.withdrawn && c.week === week,
    );
    const last = mine[mine.length - 1];
    return last ? [...new Set(mine.filter((c) => c.msgId === last.msgId).map((c) => c.task))] : [];
  }

  /**
   * The sender's open question back, with the plan of the report it is about (`[plan:ID] ` before the text; none:
   * the first plan), or the plans offered when it asks which plan (`[plans:A,B] ` before the report's text).
   */
  private livePending(msg: Pick<IncomingMessage, 'platform' | 'sender'>): OpenAsk | undefined {
    const p = this.d.store.data.pending[userKey(msg)];
    if (!p || this.d.clock.now().getTime() - Date.parse(p.at) > PENDING_MS) return undefined;
    return openAsk(p, this.d.plans);
  }

  private async setPending(key: string, text: string, plan: Plan): Promise<void> {
    // with one plan the question back is stored as before; with several it says which plan it is about
    this.d.store.setPending(
      key,
      this.d.plans.size > 1 ? `[plan:${plan.id}] ${text}` : text,
      this.d.clock.now(),
    );
    await this.d.store.commit().catch(() => {});
  }

  // Re-reads the words that were asked about and applies the answer; undefined when the answer picks nothing.
  private applyAnswer(pendingText: string, answer: Answer, kb: Knowledge): ReportReading | undefined {
    const marker = NO_TASK.exec(pendingText);
    const noTask = marker !== null;
    const text = marker ? pendingText.slice(marker[0].length) : pendingText;
    const hint = marker?.[1] ? Number(marker[1]) : undefined;
    const r = readReport(text, kb);
    const base: ReportReading = {
      kind: 'report',
      items: [],
      unclear: [],
      errors: r.errors,
      correction: false,
    };
    if (answer.kind === 'no') return undefined;
    if (noTask && (answer.kind === 'tasks' || answer.kind === 'pick' || (answer.kind === 'yes' && hint))) {
      const tasks =
        answer.kind === 'tasks' ? answer.tasks : answer.kind === 'pick' ? [answer.n] : [hint as number];
      const items = r.items.length ? r.items : r.unclear.flatMap((u) => u.readings);
      return { ...base, items: items.map((i) => ({ ...i, tasks })) };
    }
    if (answer.kind === 'tasks') return undefined;
    if (r.kind === 'unsure') return answer.kind === 'yes' ? { ...r, kind: 'report' } : undefined;
    const options = r.unclear[0]?.readings ?? [];
    const n = answer.kind === 'yes' ? (options.length === 1 ? 1 : 0) : answer.n;
    const chosen = options[n - 1];
    if (!chosen) return undefined;
    return { ...base, items: [...r.items, chosen] };
  }

  private askText(a: UnclearPart, unit: string, tasks: UnitTask[], kb: Knowledge): string {
    const hinted = a.reason === 'noTask' && a.tasks?.[0] !== undefined ? kb.tasks[a.tasks[0] - 1] : undefined;
    if (hinted) {
      return `请问这条汇报是任务${hinted.no}「${hinted.title}」的吗？回复“是”记为任务${hinted.no}，或直接回复任务编号。${unit}负责：${this.taskList(tasks)}。`;
    }
    if (a.reason === 'noTask') {
      return `请问这条汇报是哪项任务的？${unit}负责：${this.taskList(tasks)}。\n直接回复任务编号即可，例如：任务${tasks[0]?.task.no}`;
    }
    const what = `${a.tasks ? `任务${a.tasks.join('、')}` : '这条汇报'}（“${a.text}”）`;
    if (a.readings.length === 0) {
      return `请问${what}的进度是多少？${a.reason}，所以没有记录。请重新发送正确的一行，例如：任务${a.tasks?.[0] ?? tasks[0]?.task.no ?? 1} 进度45%`;
    }
    if (a.readings.length === 1) {
      return `请问${what}是否记录为：${describe({ ...(a.readings[0] as ReportItem), late: false })}？回复“是”记录，“否”不记录，也可以重新发送正确的一行。`;
    }
    const options = a.readings.map((r, i) => `${i + 1}. ${describe({ ...r, late: false })}`);
    return `请问${what}应记录为哪一种？${a.reason}，暂未记录：\n${options.join('\n')}\n回复序号即可（如“1”），也可以重新发送正确的一行。`;
  }

  /** A liaison's own unit tasks and this week's state. */
  myTasks(msg: IncomingMessage): Outgoing[] {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const now = this.d.clock.now();
    const week = weekOf(now);
    const many = this.d.plans.size > 1;
    const lines: string[] = [];
    for (const plan of this.d.plans.list) {
      const tasks = this.roster.tasksOf(bound.unit, plan.id);
      if (tasks.length === 0) continue;
      if (many)
        lines.push(
          `${plan.short}（${plan.kb.document.docNumber}）${this.d.store.data.plans.stopped.includes(plan.id) ? '〔已停用〕' : ''}：`,
        );
      const current = this.roster.current(bound.unit, week, plan.id);
      for (const { task, role } of tasks) {
        const c = current.get(task.no);
        const mark = this.d.supervision?.unitTaskMark(bound.unit, task.no, now, plan.id);
        lines.push(
          `• 任务${task.no}「${task.title}」（${role}）：${c ? `本周已报 ${describe(c)}` : '本周未报'}${mark ? `；${mark}` : ''}`,
        );
      }
    }
    return [
      { to, text: `${bound.unit}的任务（${week}）：\n${lines.join('\n')}\n汇报格式：任务N 进度60% 情况说明` },
    ];
  }

  /** The latest reports on a task from every unit, with dates. Anyone may ask. */
  progressOf(msg: IncomingMessage, taskNo: number, plan: Plan = this.d.plans.first): Outgoing[] {
    const to = replyAddress(msg);
    const kb = plan.kb;
    const task = kb.tasks[taskNo - 1];
    if (!task) return [{ to, text: `本方案共${kb.tasks.length}项重点任务，没有任务${taskNo}。` }];
    const mark = this.d.supervision?.taskMark(taskNo, this.d.clock.now(), plan.id);
    const when = mark ? `\n${mark}` : '';
    const latest = new Map<string, Checkin>();
    for (const c of this.d.store.data.checkins) {
      if (c.task !== taskNo || c.withdrawn || c.plan !== plan.id) continue;
      const prev = latest.get(c.unit);
      if (!prev || prev.at <= c.at) latest.set(c.unit, c);
    }
    if (latest.size === 0) {
      return [
        {
          to,
          text: `方案中没有完成情况（它规定的是任务和目标），各单位的进展来自每周汇报：任务${taskNo}「${task.title}」还没有单位汇报过进展。责任单位：${task.units.join('、')}。${when}`,
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
    return [{ to, text: `任务${taskNo}「${task.title}」最新进展：\n${lines.join('\n')}${when}` }];
  }

  private taskList(tasks: UnitTask[]): string {
    return tasks.map(({ task, role }) => `任务${task.no}「${task.title}」（${role}）`).join('、');
  }

  private unboundText(msg: IncomingMessage): string {
    return `您还没有绑定到责任单位，所以不能汇报进度（提问不受影响）。请把下面这行发给管理员，由管理员绑定：\n绑定 单位名称 ${msg.platform}:${msg.sender.id} ${msg.sender.name ?? '姓名'}`;
  }
}

// A pending ask-back about a part without a task starts with this marker (and the task it suggested), so that the
// answer can be a task number or 是.
const NO_TASK = /^\[noTask(?::(\d+))?\] /;

function pendingTextOf(a: UnclearPart): string {
  if (a.reason === 'noTask') return `[noTask${a.tasks?.[0] ? `:${a.tasks[0]}` : ''}] ${a.text}`;
  // the part is re-read when the answer comes: its task reference goes with it
  return a.tasks ? `任务${a.tasks.join('、')} ${a.text}` : a.text;
}

// Which answers fit which ask-back: a task number for a missing task, a number or 是/否 for readings.
function fits(pendingText: string, answer: Answer): boolean {
  if (answer.kind === 'no') return true;
  // a bare number answers "which task?" with the task number
  const marker = NO_TASK.exec(pendingText);
  if (!marker) return answer.kind !== 'tasks';
  return (
    answer.kind === 'tasks' || answer.kind === 'pick' || (answer.kind === 'yes' && marker[1] !== undefined)
  );
}

/**
 * The one task of the unit whose title shares the longest run of characters (at least 4) with the words of a
 * report that names no task ("实训基地已选址" → 实施高水平实训基地建设计划), offered as a guess to confirm.
 */
export function suggestTask(text: string, tasks: UnitTask[]): number | undefined {
  const t = normalizeText(text);
  const scored = tasks.map(({ task }) => ({ no: task.no, len: commonRun(t, normalizeText(task.title)) }));
  const best = Math.max(0, ...scored.map((x) => x.len));
  const top = scored.filter((x) => x.len === best);
  return best >= 4 && top.length === 1 ? top[0]?.no : undefined;
}

// Length of the longest common substring.
function commonRun(a: string, b: string): number {
  let best = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        cur[j] = (prev[j - 1] as number) + 1;
        if ((cur[j] as number) > best) best = cur[j] as number;
      }
    }
    prev = cur;
  }
  return best;
}

function reasonText(a: UnclearPart): string {
  return a.reason === 'noTask' ? '没有写任务编号' : a.reason;
}

/** An answer to an ask-back. */
type Answer =
  | { kind: 'tasks'; tasks: number[] }
  | { kind: 'pick'; n: number }
  | { kind: 'yes' }
  | { kind: 'no' };

/** What a short reply answers: task numbers, a numbered reading, 是 or 否; undefined for anything else. */
function answerKind(text: string, kb: Knowledge): Answer | undefined {
  const t = text.trim().replace(/[\s。.!！,，]+$/g, '');
  if (/^(?:是|是的|对|对的|好|好的|确认|记录|可以|yes|y|ok)$/i.test(t)) return { kind: 'yes' };
  if (/^(?:否|不|不是|不对|不用|取消|算了|不记录|no|n)$/i.test(t)) return { kind: 'no' };
  const pick = /^(?:第\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:个|种|条)?$/.exec(t);
  if (pick?.[1]) return { kind: 'pick', n: parseNumeral(pick[1]) ?? 0 };
  // "任务8", "是任务8", "8号任务的": task numbers with at most a filler word
  const spans = tokenize(t, lexiconFor(kb)).spans.filter(
    (s) =>
      s.kind !== 'sep' && !(s.kind === 'word' && /^(?:是|的|就是|这是|属于|报的是|对应|哦|啊)$/.test(s.text)),
  );
  if (spans.length > 0 && spans.every((s) => s.kind === 'task' || (s.kind === 'op' && s.op === 'and'))) {
    const tasks = spans.flatMap((s) => (s.kind === 'task' ? s.tasks : []));
    if (tasks.length) return { kind: 'tasks', tasks };
  }
  return undefined;
}

/** 撤回, 撤销, withdraw, undo, or 撤回任务N: the whole text, nothing else. */
export const WITHDRAW_COMMAND =
  /^\s*(?:撤回|撤销|withdraw|undo)(?:\s*(?:任务\s*)?(\d{1,3}))?\s*[。.!！]?\s*$/i;

function withdrawTask(text: string): number | undefined {
  const n = WITHDRAW_COMMAND.exec(text)?.[1];
  return n === undefined ? undefined : Number(n);
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
  // the bot's own marks first, the liaison's words last: "逾期" after a note read as part of it
  if (c.late) parts.push('逾期汇报');
  if (c.note) parts.push(`说明：${c.note}`);
  return parts.join('，');
}
