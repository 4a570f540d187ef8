import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { AdminRef } from '../config.js';
import type { Logger } from '../core/logger.js';
import { replyAddress } from '../core/reply-address.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Knowledge } from '../knowledge/schema.js';
import { type Lexicon, lexiconFor } from '../language/lexicon.js';
import { normalizeText } from '../language/normalize.js';
import type { Tokens } from '../language/spans.js';
import type { ActionButton, Address, Clock, IncomingMessage, Outgoing } from '../shared/types.js';
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
import {
  type Answer,
  answerKind,
  answers,
  type PendingAsk,
  type Proposal,
  parsePending,
} from './pending-ask.js';
import { promptContext } from './quote-context.js';
import { MAX_REPORT_CHARS, readReport } from './read-report.js';
import {
  changeText,
  EDIT_WINDOW_MS,
  heldTasks,
  lastBatch,
  mergeWith,
  onlyCorrects,
  recentRecords,
} from './report-edits.js';
import type { ParsedCheckin, ReportItem, ReportReading, UnclearPart } from './report-reading.js';
import { reportWords } from './report-words.js';
import { Roster, type UnitTask } from './roster.js';
import { STATUS_LABEL } from './status-labels.js';
import { localDate, weekOf, weekStart } from './weeks.js';

/** How long an ask-back (which task? which figure? record this?) waits for its answer. */
const PENDING_MS = EDIT_WINDOW_MS;

/** The buttons of a confirmation: Lark shows them on a card, WeCom on a template card, text platforms as 1/2/3. */
export const CONFIRM_BUTTONS: ActionButton[] = [
  { label: '确认记录', say: '确认' },
  { label: '修改', say: '修改' },
  { label: '不记录', say: '否' },
];

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
  /**
   * Marks new records before they are stored (a report after a return is its resubmission); `latest` gives a unit's
   * current record of a task in a plan from the roster's index.
   */
  beforeStore(
    records: Checkin[],
    latest: (unit: string, task: number, plan: string) => Checkin | undefined,
  ): void;
}

/** The message's tokens under a plan's lexicon, computed once by the core's context (`ctx.tokensWith`). */
export type TokensOf = (lexicon: Lexicon) => Tokens;

/**
 * Saves a message's changes in the core's one commit, which also queues the reply (`ctx.save`): a check-in and its
 * confirmation are durable together; on failure the core replies with the text given instead.
 */
export type Save = (failText: string) => void;

/** How a report reaches the desk: the context's tokens and save, the plan a form names. */
export interface ReportOptions {
  tokens?: TokensOf;
  save?: Save;
  planId?: string;
}

/** The reply when a change could not be saved. */
const NOT_SAVED = '未保存：服务器写入失败，这条消息没有生效，请稍后重新发送。';

/** How the desk takes a message: the reader's kind, with edits only when there is something to edit. */
export type Understood = ReportReading['kind'];

/** Everything one report's handling needs about its sender. */
interface Turn {
  msg: IncomingMessage;
  /** The plan the report is filed under, and its text. */
  plan: Plan;
  kb: Knowledge;
  to: Address;
  unit: string;
  member: string;
  tasks: UnitTask[];
  own: Set<number>;
  week: string;
  now: Date;
  key: string;
  example: string;
  /** The sender's records of this week still open to edits (made in the last 30 minutes). */
  recent: Map<number, Checkin>;
  /** The core's save, when the reply is committed with the changes. */
  save: Save | undefined;
}

/** A record about to be written, or proposed: its task, fields, why it needs confirming, what it replaces. */
interface Planned {
  p: Proposal & { task: number };
  doubts: string[];
  /** The sender's recent record of the task that this one edits (its evidence is kept). */
  prev?: Checkin;
}

/**
 * Records, corrects and withdraws unit check-ins, and answers the questions about them. Every reading passes the
 * precision gate (docs/reports.md): recorded at once only when certain, otherwise confirmed with the exact records
 * that would be written, asked about, or answered with why it is not a report.
 */
export class CheckinDesk {
  readonly roster: Roster;

  // parsed once: building a Cron per check-in cost about 0.2 ms each
  private readonly digest: Cron;

  constructor(private readonly d: DeskDeps) {
    this.roster = new Roster(d.plans, d.store);
    // build the lexicon, the topics and the 繁→简 converter now, so that the first report after a start is not slow
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

  /**
   * True when a user has an unanswered ask-back and this message answers it (是/否/修改, 1/2, a task number, a
   * figure, or a plan's number or name when it asked which plan); the core then hands it to report(). `tokens`:
   * the message's tokens when the core has them.
   */
  completesPending(msg: IncomingMessage, tokens?: TokensOf): boolean {
    const p = this.livePending(msg);
    if (!p) return false;
    if (p.choose)
      return answerKind(msg.text, p.plan.kb)?.kind === 'no' || planChosen(msg.text, p.choose) !== undefined;
    const ask = parsePending(p.text);
    const a = ask ? answerKind(msg.text, p.plan.kb, tokens?.(lexiconFor(p.plan.kb))) : undefined;
    return ask !== undefined && a !== undefined && answers(ask, a);
  }

  /**
   * How the reader takes a message, for routing: 'question' goes to the questions; everything else to report()
   * (a report, a message that looks like one but is not this unit's report of this week, or an edit of the
   * sender's recent report). `tokens`: the message's tokens when the core has them (not tokenized again).
   */
  understand(msg: IncomingMessage, tokens?: TokensOf): Understood {
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (msg.text.length > MAX_REPORT_CHARS) return bound ? 'report' : 'question';
    const r = this.read(msg.text, readingPlan(this.roster, msg), tokens, bound?.unit);
    if (r.kind === 'edit') {
      if (!bound) return 'question';
      const now = this.d.clock.now();
      const week = weekOf(now);
      const who = { unit: bound.unit, ...this.who(msg) };
      const recent = this.d.plans.list.some((p) => recentRecords(this.roster, who, week, now, p.id).size > 0);
      return recent || this.livePending(msg) ? 'edit' : 'question';
    }
    if (r.kind === 'notReport' && !bound) return 'question';
    // 地方教育附加费不低于30%那个: from someone who reports for no unit, a figure that names no task and is not said to
    // be progress is a question about the plan, not a report to refuse
    if (
      r.kind === 'report' &&
      !bound &&
      r.unclear.length === 0 &&
      r.items.length > 0 &&
      r.items.every((i) => !i.tasks?.length && !i.topics?.length && !i.statusStated && i.doubts?.length)
    )
      return 'question';
    return r.kind;
  }

  // The last reading, kept so that routing and recording read a message once.
  private last?: { key: string; reading: ReportReading };

  private read(
    text: string,
    plan: Plan,
    tokensOf: TokensOf | undefined,
    unit: string | undefined,
  ): ReportReading {
    const key = `${plan.id}\u0000${unit ?? ''}\u0000${text}`;
    if (this.last?.key !== key) {
      const tasks = unit ? this.roster.tasksOf(unit, plan.id).map((t) => t.task.no) : undefined;
      const tokens = tokensOf?.(lexiconFor(plan.kb));
      const reading = readReport(text, plan.kb, {
        ...(tokens ? { tokens } : {}),
        ...(tasks ? { tasks } : {}),
        now: this.d.clock.now(),
      });
      this.last = { key, reading };
    }
    return this.last.reading;
  }

  /**
   * A liaison's report, filed under its plan (file-report.ts), then read, checked and recorded by `reportIn`. A
   * form carries its plan. `tokens`: the message's tokens when the core has them.
   */
  report(msg: IncomingMessage, given?: ParsedCheckin, opts: ReportOptions = {}): Promise<Outgoing[]> {
    return fileReport(this.filing(msg.text, opts), msg, given, opts.planId);
  }

  // What filing a report under its plan needs of the desk; the tokens serve a part that is the whole message.
  private filing(text: string, opts: ReportOptions): FilingDesk {
    const { tokens, save } = opts;
    return {
      roster: this.roster,
      plans: this.d.plans,
      store: this.d.store,
      clock: this.d.clock,
      reportIn: (plan, m, given) =>
        this.reportIn(plan, m, given, {
          ...(m.text === text && tokens ? { tokens } : {}),
          ...(save ? { save } : {}),
        }),
      persist: () => this.persist(save, NOT_SAVED),
      pending: (m) => this.livePending(m),
      answers: (reply, p) => {
        if (p.choose) return answerKind(reply, p.plan.kb)?.kind === 'no' ? 'no' : undefined;
        const ask = parsePending(p.text);
        const a = ask
          ? answerKind(reply, p.plan.kb, reply === text ? tokens?.(lexiconFor(p.plan.kb)) : undefined)
          : undefined;
        if (!ask || !a || !answers(ask, a)) return undefined;
        return a.kind === 'no' ? 'no' : 'yes';
      },
      unbound: (m) => this.unboundText(m),
    };
  }

  /**
   * A liaison's free-text report within one plan: read, checked against the unit's tasks, then recorded (certain), confirmed
   * (proposed records, one tap or 是 to record), asked about (which task, which figure) or answered with why it is
   * not recorded; a message that edits the sender's recent report (a figure, a task, 先别记, 补充) changes it and
   * says what changed. `given` is a report already in structured form (a submitted check-in form card), which
   * skips the reader. `tokens`: the message's tokens when the core has them.
   */
  private async reportIn(
    plan: Plan,
    msg: IncomingMessage,
    given?: ParsedCheckin,
    { tokens, save }: ReportOptions = {},
  ): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
    const tasks = this.roster.tasksOf(bound.unit, plan.id);
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
    const t: Turn = {
      msg,
      plan,
      kb: plan.kb,
      to,
      unit: bound.unit,
      member: bound.member.name,
      tasks,
      own: new Set(tasks.map((x) => x.task.no)),
      week,
      now,
      key: userKey(msg),
      example,
      recent: recentRecords(this.roster, { unit: bound.unit, ...this.who(msg) }, week, now, plan.id),
      save,
    };
    if (given) {
      if (given.errors.length)
        return [{ to, text: `没有记录：${given.errors.join('；')}。\n请按格式重新发送，${example}` }];
      const planned = given.items.flatMap((i) =>
        (i.tasks ?? []).map((task) => ({ p: { ...proposalOf(i), task }, doubts: [] })),
      );
      return this.settle(t, planned, [], []);
    }
    const open = this.livePending(msg);
    const pending = open && !open.choose ? parsePending(open.text) : undefined;
    if (pending) {
      const a = answerKind(msg.text, plan.kb, tokens?.(lexiconFor(plan.kb)));
      if (a && answers(pending, a)) return this.answer(t, pending, a);
    }
    const reading = this.read(msg.text, plan, tokens, bound.unit);
    if (reading.unit && reading.unit !== bound.unit) {
      return [
        {
          to,
          text: `没有记录：这条汇报写的是${reading.unit}，您绑定的单位是${bound.unit}，只能汇报本单位的任务。\n${bound.unit}负责：${this.taskList(tasks)}。`,
        },
      ];
    }
    if (reading.errors.length)
      return [{ to, text: `没有记录：${reading.errors.join('；')}。\n请按格式重新发送，${example}` }];
    if (reading.kind === 'notReport') return this.notReport(t, reading);
    if (reading.kind === 'edit' || reading.kind === 'question') return this.edit(t, reading, pending);
    return this.items(t, reading);
  }

  // Resolves the tasks of a reading's items, applies them to recent records, and passes them through the gate.
  private async items(t: Turn, reading: ReportReading): Promise<Outgoing[]> {
    const w = reportWords();
    const asks: UnclearPart[] = [];
    const planned: Planned[] = [];
    const text = normalizeText(t.msg.text);
    const lastTasks = lastBatch(t.recent).map((c) => c.task);
    // a message with figures or statuses but no task, right after a report: it edits that report when it says so
    // (更正/应为, 还是30%, 进度分别是30%和15%, 不好意思…是26%); otherwise the last task is only offered as a guess
    const editsLast =
      lastTasks.length > 0 &&
      (reading.correction ||
        w.unchanged.some((x) => text.includes(x)) ||
        w.apology.some((x) => text.includes(x)) ||
        reading.intents.supplement !== undefined ||
        w.respectively.some((x) => text.includes(x)));
    const unclear = [...reading.unclear];
    // "进度分别是30%和15%" after "任务14正常推进，任务15滞后": the figures of the last report's tasks, in order
    if (editsLast && reading.items.length === 0 && unclear.length === 1 && !unclear[0]?.tasks) {
      const readings = unclear[0]?.readings ?? [];
      // "任务3正常推进" "任务4也正常推进" "进度分别是70%和45%": the tasks of the sender's recent messages, in order
      const recentTasks = [...t.recent.values()].sort((a, b) => a.at.localeCompare(b.at)).map((c) => c.task);
      const tasks = readings.length === lastTasks.length ? lastTasks : recentTasks;
      if (readings.length === tasks.length && w.respectively.some((x) => text.includes(x))) {
        unclear.length = 0;
        readings.forEach((r, i) => {
          const task = tasks[i] as number;
          planned.push(this.plan(t, { ...proposalOf(r), task }, [], true, false));
        });
      }
    }
    asks.push(...unclear);
    for (const item of reading.items) {
      const doubts = [...(item.doubts ?? []), ...reading.doubts];
      let nos = item.tasks;
      let fromLast = false;
      if (!nos && t.tasks.length === 1) {
        nos = [(t.tasks[0] as UnitTask).task.no];
        // an official report whose words speak of none of the plan's tasks may be on other work of the unit
        if (reading.layout === 'document' && !item.topics?.length) {
          const title = t.kb.tasks[(nos[0] as number) - 1]?.title ?? '';
          doubts.push(`报告没有写任务编号，也没有提到任务${nos[0]}「${title}」的内容`);
        }
      }
      if (!nos && editsLast && lastTasks.length === 1) {
        nos = lastTasks;
        fromLast = true;
      }
      // "先别记，我问下科长" then "核实了，是35%": the checked figure of the report held back
      if (!nos && lastTasks.length === 0 && !item.topics?.length) {
        const held = heldTasks(
          this.d.store.data.checkins,
          { unit: t.unit, ...this.who(t.msg) },
          t.week,
          t.now,
        );
        if (held.length === 1 && t.own.has(held[0] as number)) nos = held;
      }
      if (!nos && item.topics?.length) {
        const mine = item.topics.filter((n) => t.own.has(n));
        const named = mine.length ? mine : item.topics;
        if (named.length === 1) {
          nos = named;
          const title = t.kb.tasks[(named[0] as number) - 1]?.title ?? '';
          doubts.push(`汇报没有写任务编号，按内容判断是任务${named[0]}「${title}」`);
        }
      }
      if (!nos) {
        const hint = lastTasks.length === 1 ? lastTasks[0] : suggestTask(item.source ?? item.note, t.tasks);
        asks.push({
          text: item.source ?? item.note,
          reason: 'noTask',
          readings: [{ ...item }],
          ...(hint ? { tasks: [hint] } : {}),
        });
        continue;
      }
      for (const task of nos) {
        // a correction's own words are its note unless they only say it is a correction ("应为25%，刚才打错了")
        const own = !fromLast && !(reading.correction && onlyCorrects(item.note));
        planned.push(this.plan(t, { ...proposalOf(item), task }, doubts, fromLast, own));
      }
    }
    // 作废 with a new report: the previous report gives way to this one
    if (reading.intents.cancel && planned.length) {
      const batch = lastBatch(t.recent).filter((c) => !planned.some((x) => x.p.task === c.task));
      if (batch.length) this.withdrawRecords(batch);
    }
    return this.settle(t, planned, asks, []);
  }

  // One item for one task: applied to the sender's recent record of that task when there is one.
  private plan(
    t: Turn,
    p: Proposal & { task: number },
    doubts: string[],
    fromLast: boolean,
    ownNote: boolean,
  ): Planned {
    const prev = t.recent.get(p.task);
    if (!prev) return { p, doubts };
    const merged = mergeWith(prev, p, ownNote && !fromLast);
    return { p: { ...merged, task: p.task }, doubts, prev };
  }

  /**
   * The gate: certain records are written, doubtful ones proposed for confirmation (one open question at a time),
   * unclear parts asked about; the reply lists each record made and what changed.
   */
  private async settle(
    t: Turn,
    planned: Planned[],
    allAsks: UnclearPart[],
    notes: string[],
  ): Promise<Outgoing[]> {
    const { to } = t;
    // the same task twice in one message: the later item wins
    const byTask = new Map<number, Planned>();
    for (const x of planned) byTask.set(x.p.task, x);
    // a part about another unit's task ("配合教育局开展职业培训（任务12）") is refused by name, not asked about
    const theirs = (a: UnclearPart) => a.tasks?.length && a.tasks.every((n) => !t.own.has(n));
    const foreign = [
      ...new Set([
        ...[...byTask.keys()].filter((n) => !t.own.has(n)),
        ...allAsks.filter(theirs).flatMap((a) => a.tasks ?? []),
      ]),
    ];
    const asks = allAsks.filter((a) => !theirs(a));
    const mine = [...byTask.values()].filter((x) => t.own.has(x.p.task));
    // more items for the unit than it has tasks (a pasted list, the same task many times): refused whole
    const count = planned.filter((x) => t.own.has(x.p.task)).length + asks.length;
    if (count > t.tasks.length) {
      return [
        {
          to,
          text: `没有记录：这条消息有${count}项汇报，${t.unit}只负责${t.tasks.length}项任务（${t.tasks.map((x) => `任务${x.task.no}`).join('、')}）。请检查后重新发送，一项任务一行。`,
        },
      ];
    }
    const refused = foreign.length
      ? `任务${foreign.join('、')}不是${t.unit}的任务（${t.unit}负责：${t.tasks.map((x) => `任务${x.task.no}`).join('、')}）`
      : '';
    const certain = mine.filter((x) => x.doubts.length === 0);
    const doubtful = mine.filter((x) => x.doubts.length > 0);
    const out: Outgoing[] = [];
    let pending: PendingAsk | undefined;
    let question = '';
    let buttons: ActionButton[] | undefined;
    if (doubtful.length) {
      const why = [...new Set(doubtful.flatMap((x) => x.doubts))];
      pending = { kind: 'confirm', week: t.week, items: doubtful.map((x) => x.p), why };
      question = this.confirmText(doubtful, why, t.kb);
      buttons = CONFIRM_BUTTONS;
    } else if (asks[0]) {
      pending = this.askOf(t, asks[0]);
      question = this.askText(asks[0], t.unit, t.tasks, t.kb);
    }
    const more = asks
      .slice(doubtful.length ? 0 : 1)
      .map((a) => `• ${a.text || '（无内容）'}：${reasonText(a)}`);
    // a report only on one task of another unit ("任务7 … 进度80%" from 县财政局) waits for the right task number
    // ("写错了，是任务11"), as a report that named none
    const strayOnly = mine.length === 0 && asks.length === 0 && foreign.length === 1 && byTask.size === 1;
    if (!pending && strayOnly) {
      const { task: _wrong, ...p } = (byTask.values().next().value as Planned).p;
      pending = { kind: 'task', week: t.week, items: [p] };
    }
    if (pending) this.keepAsk(t, pending);
    else this.d.store.clearPending(t.key);

    if (certain.length === 0) {
      await this.persist(t.save, NOT_SAVED);
      const head = refused ? `没有记录：${refused}。\n` : '';
      const tail = more.length ? `\n以下内容也未记录，请重新发送：\n${more.join('\n')}` : '';
      if (question) out.push({ to, text: `${head}${question}${tail}`, ...(buttons ? { buttons } : {}) });
      else if (foreign.length)
        out.push({
          to,
          text: `没有记录：任务${foreign.join('、')}不是${t.unit}的任务。\n${t.unit}负责：${this.taskList(t.tasks)}。\n请只汇报本单位的任务后重新发送${strayOnly ? '；如果是任务编号写错了，直接回复正确的编号（如“是任务N”）' : ''}。`,
        });
      else if (notes.length) out.push({ to, text: notes.join('\n') });
      else out.push({ to, text: `没有记录：没有读到任务的进度或状态。请按格式重新发送，${t.example}` });
      return out;
    }
    const written = await this.write(t, certain);
    if (!written) return [{ to, text: '未保存：服务器写入失败，这条汇报没有记录，请稍后重新发送。' }];
    const lines = written.map((line) => line);
    const tail: string[] = [...notes];
    if (refused) tail.push(`未记录：${refused}。`);
    if (question) tail.push(doubtful.length ? question : `另有一项未记录：${question}`);
    if (more.length) tail.push(`以下内容也未记录，请重新发送：\n${more.join('\n')}`);
    const late = t.msg.delayed === true || t.now > this.closeOf(t.week);
    return [
      {
        to,
        text: `已记录 ${t.unit} ${t.week}${this.d.plans.size > 1 ? `〔${t.plan.short}〕` : ''}${late ? '（逾期汇报）' : ''}：\n${lines.join('\n')}${tail.length ? `\n${tail.join('\n')}` : ''}\n如需更正，直接发送更正的内容（如“应为45%”“是任务14不是4”）；发送“撤回”撤销这条汇报，“撤回任务N”只撤销任务N。`,
        ...(buttons ? { buttons } : {}),
      },
    ];
  }

  // Writes records (one message, one commit); returns the reply line of each, or undefined when not saved.
  private async write(t: Turn, planned: Planned[], msgId = t.msg.id): Promise<string[] | undefined> {
    const late = t.msg.delayed === true || t.now > this.closeOf(t.week);
    const before = this.roster.current(t.unit, t.week, t.plan.id);
    const records: Checkin[] = planned.map(({ p, prev }) => ({
      id: randomUUID(),
      plan: t.plan.id,
      unit: t.unit,
      task: p.task,
      week: t.week,
      progress: p.progress,
      status: p.status,
      note: cleanNote(p.note),
      // 汇报人 is the roster name; the platform's display name (self-chosen, spoofable) is kept apart
      by: {
        platform: t.msg.platform,
        id: t.msg.sender.id,
        member: t.member,
        ...(t.msg.sender.name ? { name: t.msg.sender.name } : {}),
      },
      at: t.now.toISOString(),
      late,
      msgId: `${t.msg.platform}:${msgId}`,
      withdrawn: false,
      // a correction keeps the evidence of the record it corrects
      ...(prev?.evidence?.length ? { evidence: prev.evidence } : {}),
    }));
    this.d.supervision?.beforeStore(records, (unit, task, plan) => this.roster.latest(unit, task, plan));
    this.d.store.addCheckins(records);
    if (!(await this.persist(t.save, '未保存：服务器写入失败，这条汇报没有记录，请稍后重新发送。')))
      return undefined;
    return records.map((r, i) => {
      const task = t.kb.tasks[r.task - 1];
      const old = planned[i]?.prev ?? before.get(r.task);
      const change = old ? changeText(old, planned[i]?.p as Proposal) : '';
      const replaced = old
        ? change
          ? `（已替换本周之前的汇报：${change}）`
          : '（已替换本周之前的汇报）'
        : '';
      const again = r.resubmitOf ? '（重新提交，原汇报已被退回）' : '';
      return `• 任务${r.task}「${task?.title ?? ''}」${describe(r)}${replaced}${again}`;
    });
  }

  // An answer to the open ask-back.
  private async answer(t: Turn, p: PendingAsk, a: Answer): Promise<Outgoing[]> {
    const { to } = t;
    const week = p.week;
    const turn: Turn = week === t.week ? t : { ...t, week, recent: new Map() };
    const drop = async (text: string) => {
      this.d.store.clearPending(t.key);
      await this.persist(t.save, NOT_SAVED);
      return [{ to, text }];
    };
    if (a.kind === 'no') return drop('好的，这条汇报未记录。');
    if (a.kind === 'change' || (p.kind === 'confirm' && a.kind === 'pick' && a.n === 2)) {
      return [{ to, text: `好的，请直接发送正确的内容，${t.example}。` }];
    }
    if (p.kind === 'confirm') {
      if (a.kind === 'pick' && a.n === 3) return drop('好的，这条汇报未记录。');
      return this.settle(
        turn,
        p.items.flatMap((x) => (x.task ? [this.plan(turn, { ...x, task: x.task }, [], false, true)] : [])),
        [],
        [],
      );
    }
    if (p.kind === 'choose') {
      if (a.kind === 'figure') {
        const tasks = p.tasks ?? [];
        if (tasks.length === 0) return [{ to, text: `请发送带任务编号的一行，${t.example}` }];
        const base = p.readings[0];
        return this.settle(
          turn,
          tasks.map((task) =>
            this.plan(
              turn,
              {
                task,
                progress: a.value,
                status: a.value === 100 ? 'done' : (base?.status ?? 'normal'),
                note: base?.note ?? '',
                statusStated: base?.statusStated ?? false,
              },
              [],
              false,
              true,
            ),
          ),
          [],
          [],
        );
      }
      const n = a.kind === 'yes' ? (p.readings.length === 1 ? 1 : 0) : a.kind === 'pick' ? a.n : 0;
      if (a.kind === 'yes' && n === 0)
        return [{ to, text: '请回复序号（如“1”）选择要记录的一种，或重新发送正确的一行。' }];
      const chosen = p.readings[n - 1];
      if (!chosen) return drop(`没有记录：没有第${n}种理解。请重新发送正确的一行，${t.example}`);
      const tasks = chosen.task ? [chosen.task] : (p.tasks ?? []);
      return this.settle(
        turn,
        tasks.map((task) => this.plan(turn, { ...chosen, task }, [], false, true)),
        [],
        [],
      );
    }
    // which task: a number, a numbered option (the task number), or 是 for the suggested one
    const tasks = a.kind === 'tasks' ? a.tasks : a.kind === 'pick' ? [a.n] : p.hint ? [p.hint] : [];
    return this.settle(
      turn,
      p.items.flatMap((x) => tasks.map((task) => this.plan(turn, { ...x, task }, [], false, true))),
      [],
      [],
    );
  }

  // A message that looks like a report but is not this unit's report of this week: say why, record nothing.
  private async notReport(t: Turn, r: ReportReading): Promise<Outgoing[]> {
    const nr = r.notReport;
    const { to } = t;
    this.d.store.clearPending(t.key);
    const word = nr?.word ?? '';
    let text: string;
    switch (nr?.kind) {
      case 'forward':
        text = `没有记录：这条消息是转发的（“${word}”），不是${t.unit}自己的汇报。请直接发送本单位的进度，${t.example}`;
        break;
      case 'otherPeriod':
        text = `没有记录：这条消息说的是以往的情况（“${word}”），只记录本周的进度。如需汇报本周进度，${t.example}`;
        break;
      case 'example':
        text = `没有记录：这是汇报格式的示例（“${word}”），不是实际汇报。请按实际情况发送，${t.example}`;
        break;
      case 'planText':
        text = '没有记录：这是方案原文，不是进度汇报。如需汇报，请发送“任务N 进度…”。';
        break;
      case 'joke':
        text = `没有记录：这条消息像是玩笑（“${word}”），没有记录任何进度。如需汇报，${t.example}`;
        break;
      default: {
        const own = (nr?.tasks ?? []).filter((n) => t.own.has(n));
        const which = own.length ? `任务${own.join('、')}` : '';
        text = `没有记录：“${word}”说的是计划或目标，不是本周已经达到的进度。请问${which || '这项任务'}本周的进度是多少？可直接回复，例如：${which ? `${which.split('、')[0]} ` : '任务N '}进度45%`;
        if (own.length) {
          const pending: PendingAsk = {
            kind: 'choose',
            week: t.week,
            tasks: own,
            text: t.msg.text,
            readings: [],
          };
          this.keepAsk(t, pending);
        }
      }
    }
    await this.persist(t.save, NOT_SAVED);
    return [{ to, text }];
  }

  // A message that only acts on the previous report: 先别记 / 作废 (withdraw it), 以这条为准, 打错了，是任务18不是8.
  private async edit(t: Turn, r: ReportReading, pending: PendingAsk | undefined): Promise<Outgoing[]> {
    const { to } = t;
    const i = r.intents;
    const batch = lastBatch(t.recent);
    if (i.hold || i.cancel) {
      if (batch.length === 0) {
        if (pending) {
          this.d.store.clearPending(t.key);
          await this.persist(t.save, NOT_SAVED);
          return [{ to, text: '好的，这条汇报没有记录。核实后请重新发送。' }];
        }
        return [
          { to, text: '没有需要撤回的汇报：只撤回您30分钟内的汇报；更早的请发送“撤回”或“撤回任务N”。' },
        ];
      }
      this.withdrawRecords(batch);
      this.d.store.clearPending(t.key);
      if (!(await this.persist(t.save, '未保存：服务器写入失败，撤回没有生效，请稍后再试。')))
        return [{ to, text: '未保存：服务器写入失败，撤回没有生效，请稍后再试。' }];
      return [
        {
          to,
          text: `好的，刚才的汇报已撤回（${t.week}）：${batch.map((c) => `任务${c.task} ${describe(c)}`).join('；')}\n记录仍保留在历史中。核实后请重新发送。`,
        },
      ];
    }
    if (i.final) {
      if (pending?.kind === 'confirm') return this.answer(t, pending, { kind: 'yes' });
      const current = [...t.recent.values()];
      if (current.length === 0) return [{ to, text: '好的。本周还没有您30分钟内的汇报。' }];
      return [
        {
          to,
          text: `好的，以最新的汇报为准，${t.unit} ${t.week}：\n${current.map((c) => `• 任务${c.task}「${t.kb.tasks[c.task - 1]?.title ?? ''}」${describe(c)}`).join('\n')}`,
        },
      ];
    }
    const move = i.retask;
    if (move) {
      const from = move.from.length ? batch.filter((c) => move.from.includes(c.task)) : batch;
      if (from.length !== 1 || move.to.length !== 1)
        return [{ to, text: `请问要把哪项任务的汇报改到哪项任务？请重新发送正确的一行，${t.example}` }];
      const old = from[0] as Checkin;
      const task = move.to[0] as number;
      if (!t.own.has(task))
        return [
          {
            to,
            text: `没有更正：任务${task}不是${t.unit}的任务（${t.unit}负责：${this.taskList(t.tasks)}）。`,
          },
        ];
      if (task === old.task) return [{ to, text: `任务${task}的汇报没有变化。` }];
      this.withdrawRecords([old]);
      const p: Proposal & { task: number } = {
        task,
        progress: old.progress,
        status: old.status,
        note: old.note,
        statusStated: true,
      };
      const written = await this.write(t, [{ p, doubts: [] }]);
      if (!written) return [{ to, text: '未保存：服务器写入失败，这条更正没有生效，请稍后重新发送。' }];
      return [
        {
          to,
          text: `已更正 ${t.unit} ${t.week}：任务${old.task} → 任务${task}\n${written.join('\n')}\n任务${old.task}的这条记录已撤回（保留在历史中）。`,
        },
      ];
    }
    return [{ to, text: `没有记录：没有读到任务的进度或状态。请按格式重新发送，${t.example}` }];
  }

  private withdrawRecords(batch: Checkin[]): void {
    const at = this.d.clock.now().toISOString();
    this.d.store.changeCheckins(batch, (c) => {
      c.withdrawn = true;
      c.withdrawnAt = at;
    });
    this.roster.invalidate();
  }

  /**
   * Withdraws the sender's last report (all items of that message), or with a task number the unit's current
   * record of that task this week; the records stay in the history as withdrawn.
   */
  async withdraw(msg: IncomingMessage, taskNo?: number, save?: Save): Promise<Outgoing[]> {
    const to = replyAddress(msg);
    const bound = this.roster.memberOf(msg.platform, msg.sender.id);
    if (!bound) return [{ to, text: this.unboundText(msg) }];
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
    this.withdrawRecords(batch);
    if (!(await this.persist(save, '未保存：服务器写入失败，撤回没有生效，请稍后再试。')))
      return [{ to, text: '未保存：服务器写入失败，撤回没有生效，请稍后再试。' }];
    return [
      {
        to,
        text: `已撤回（${batch[0]?.week}）：${batch.map((c) => `任务${c.task} ${describe(c)}`).join('；')}\n记录仍保留在历史中。`,
      },
    ];
  }

  /**
   * Makes this message's changes durable: through the core's save (one commit with the reply) when given, else
   * committed now. False when the commit failed (memory is back to what is durable).
   */
  private async persist(save: Save | undefined, failText: string): Promise<boolean> {
    if (save) {
      save(failText);
      return true;
    }
    try {
      await this.d.store.commit();
      return true;
    } catch (err) {
      this.d.log.error({ err }, 'check-in desk: changes not saved');
      return false;
    }
  }

  private who(msg: Pick<IncomingMessage, 'platform' | 'sender'>): { platform: string; id: string } {
    return { platform: msg.platform, id: msg.sender.id };
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

  // Keeps an ask-back; with several plans it says which plan it is about (with one, stored as before).
  private keepAsk(t: Turn, ask: PendingAsk): void {
    const text = JSON.stringify(ask);
    this.d.store.setPending(t.key, this.d.plans.size > 1 ? `[plan:${t.plan.id}] ${text}` : text, t.now);
  }

  // The ask-back to keep for an unclear part.
  private askOf(t: Turn, a: UnclearPart): PendingAsk {
    if (a.reason === 'noTask') {
      const items = a.readings.map(proposalOf);
      return {
        kind: 'task',
        week: t.week,
        items: items.length ? items : [{ progress: null, status: 'normal', note: a.text }],
        ...(a.tasks?.[0] ? { hint: a.tasks[0] } : {}),
      };
    }
    return {
      kind: 'choose',
      week: t.week,
      ...(a.tasks ? { tasks: a.tasks } : {}),
      text: a.text,
      readings: a.readings.map((r) => ({
        ...proposalOf(r),
        ...(r.tasks?.length === 1 ? { task: r.tasks[0] } : {}),
      })),
    };
  }

  private confirmText(items: Planned[], why: string[], kb: Knowledge): string {
    const lines = items.map(({ p, prev }) => {
      const title = kb.tasks[p.task - 1]?.title ?? '';
      const change = prev ? changeText(prev, p) : '';
      return `• 任务${p.task}「${title}」${describe({ ...p, late: false })}${change ? `（更正：${change}）` : ''}`;
    });
    return `请问是否记录以下内容？（${why.join('；')}）\n${lines.join('\n')}\n回复“1”或“是”确认记录；“2”修改（或直接发送正确的一行）；“3”或“否”不记录。`;
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
      return `请问${what}的进度是多少？${a.reason}，所以没有记录。请直接回复进度（如“45%”），或重新发送正确的一行，例如：任务${a.tasks?.[0] ?? tasks[0]?.task.no ?? 1} 进度45%`;
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

/** A reader's item as a proposed record (its tasks aside). */
function proposalOf(i: ReportItem): Proposal {
  return {
    progress: i.progress,
    status: i.status,
    note: i.note,
    ...(i.statusStated !== undefined ? { statusStated: i.statusStated } : {}),
  };
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
