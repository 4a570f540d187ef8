import { ADMIN_COMMAND, runAdminCommand } from '../checkins/admin-commands.js';
import { calendarWarning } from '../checkins/calendar-warning.js';
import { CheckinDesk, WITHDRAW_COMMAND } from '../checkins/checkin-desk.js';
import { FORM_COMMAND, formFor, submitForm } from '../checkins/checkin-form.js';
import { separateQuote } from '../checkins/quote-context.js';
import { Scheduler } from '../checkins/scheduler.js';
import { jobMessages, missedJobsNote } from '../checkins/weekly-messages.js';
import { withdrawByMessage } from '../checkins/withdraw-by-message.js';
import { WorkCalendar } from '../checkins/work-calendar.js';
import type { Config } from '../config.js';
import { queueJobMessages } from '../delivery/queue-job-messages.js';
import { EvidenceKeeper } from '../evidence/keep-evidence.js';
import { chatExport, EXPORT_COMMAND } from '../export/chat-export.js';
import { taskOverview } from '../export/overview.js';
import type { Knowledge } from '../knowledge/schema.js';
import { normalizeText } from '../language/normalize.js';
import { AdminList } from '../onboarding/admin-list.js';
import { BIND_CHAT_COMMAND, bindChat } from '../onboarding/bind-chat.js';
import { bindByMention } from '../onboarding/bind-mention.js';
import { ADMINS_COMMAND, manageAdmins } from '../onboarding/manage-admins.js';
import { MY_ID_COMMAND, myId } from '../onboarding/my-id.js';
import { welcome } from '../onboarding/welcome.js';
import { QuestionAnswerer } from '../qa/answer-question.js';
import { classifyQuestion } from '../qa/classify-question.js';
import { DialogueMemory } from '../qa/dialogue-memory.js';
import { findRefs } from '../qa/find-refs.js';
import {
  type Clock,
  type Core,
  type IncomingMessage,
  type Outgoing,
  type PlatformEvent,
  systemClock,
} from '../shared/types.js';
import { inboxMessages } from '../store/inbox.js';
import type { Store } from '../store/store.js';
import { DeliveryFailures } from './delivery-failures.js';
import type { Logger } from './logger.js';
import { replyAddress } from './reply-address.js';

/** What the core is built from; everything is passed in so that tests control it. */
export interface CoreDeps {
  knowledge: Knowledge;
  store: Store;
  log: Logger;
  config: Pick<Config, 'admins' | 'schedule' | 'dataDir'>;
  clock?: Clock;
  /** How long a conversation is remembered for follow-ups (default 10 minutes). */
  dialogueTtlMs?: number;
  /** Work calendar for the weekly jobs (chinese-days plus the data directory's holidays.json). */
  calendar?: WorkCalendar;
}

/** The core with its parts exposed for the composition root and tests. */
export interface BotCore extends Core {
  qa: QuestionAnswerer;
  desk: CheckinDesk;
  /** The store the core writes to (closed by the composition root at shutdown). */
  store: Store;
  /** Handles the messages stored in the inbox and not handled before a restart; returns their replies. */
  handleInbox(): Promise<Outgoing[]>;
  /** Runs every weekly job due by `now`, queues its messages in the outbox (committed) and returns them. */
  runDue(now: Date): Promise<Outgoing[]>;
  /** Messages refused for good since the last digest. */
  undelivered: DeliveryFailures;
  event(ev: PlatformEvent): Promise<Outgoing[]>;
}

/** Buttons for admins (help and the weekly digest): each click says the command. */
const EXPORT_BUTTONS = [
  { label: '导出台账 XLSX', say: '导出 xlsx' },
  { label: '导出 CSV', say: '导出 csv' },
  { label: '导出 JSON', say: '导出 json' },
  { label: '本周汇报情况', say: '本周汇报情况' },
];
const OVERVIEW = /^(?:任务进度总览|进度总览|任务总览|总览|overview)$/i;
const HELP = /^(?:帮助|help|菜单|使用说明|怎么用|\/help|\/start|\?|？)$/i;
const MY_TASKS = /^(?:我的任务|我负责的任务|本单位任务|我们的任务|my tasks)$/i;
const PROGRESS_QUERY = /进展|进度|情况|progress/;

/** Builds the core: routes each message (admin command, check-in, question); one error boundary per message. */
export function createCore(deps: CoreDeps): BotCore {
  const clock = deps.clock ?? systemClock;
  const qa = new QuestionAnswerer(deps.knowledge);
  // follow-ups ("那16呢") are completed from the last question of the same sender in the same chat
  const dialogue = new DialogueMemory(deps.dialogueTtlMs);
  const desk = new CheckinDesk({
    kb: deps.knowledge,
    store: deps.store,
    clock,
    log: deps.log,
    admins: deps.config.admins,
    digestCron: deps.config.schedule.digest,
  });
  // PLAN_BOT_ADMINS plus the admins added in chat, kept in deps.config.admins, which every feature reads
  const admins = new AdminList(deps.config.admins, deps.store);
  const calendar = deps.calendar ?? new WorkCalendar();
  const scheduler = new Scheduler(deps.store, deps.config.schedule, clock.now(), calendar);
  const undelivered = new DeliveryFailures();
  const evidence = new EvidenceKeeper({
    store: deps.store,
    roster: desk.roster,
    clock,
    log: deps.log,
    dataDir: deps.config.dataDir,
  });
  // platform-neutral onboarding and form commands: each is its own feature file
  const commands: [RegExp, (msg: IncomingMessage) => Outgoing[] | Promise<Outgoing[]>][] = [
    [MY_ID_COMMAND, (msg) => myId(msg, desk.roster)],
    [
      BIND_CHAT_COMMAND,
      (msg) =>
        bindChat(msg, {
          kb: deps.knowledge,
          store: deps.store,
          roster: desk.roster,
          isAdmin: desk.isAdmin(msg),
        }),
    ],
    [FORM_COMMAND, (msg) => formFor(msg, desk, clock)],
  ];

  const help = (msg: IncomingMessage): Outgoing[] => {
    const lines = [
      qa.help().text,
      '',
      '进度汇报（已绑定的单位联络员）：',
      '• 任务14 进度60% 已召开校企座谈会（一条消息可报多项，一行一项；“本周无进展”也算汇报）',
      '• 重新发送即更正；“撤回”撤销最后一条；“我的任务”查看本单位任务和本周汇报',
      '• 任务14进展如何：查看各单位最新汇报；任务进度总览：各任务红黄绿灯',
      '• “填报”：用表单填写本周进度；汇报后10分钟内发送的照片或文件作为佐证材料保存',
      '• “我的ID”：查看您的ID（群里还显示本群ID），管理员绑定时需要',
    ];
    if (desk.isAdmin(msg)) {
      lines.push(
        '管理员：本周汇报情况 [2021-W23] · 导出 [csv|xlsx|json] [2021-W23] [2021-W30] [单位] [任务N] · 名单 · 绑定 单位 平台:用户ID 姓名 [联络员|备岗]（或 绑定 单位 @某人） · 绑定本群 单位 · 解绑 平台:用户ID · 添加管理员 @某人 · 删除管理员 @某人 · 管理员列表',
      );
    }
    const buttons = desk.isAdmin(msg) ? EXPORT_BUTTONS : undefined;
    return [{ to: replyAddress(msg), text: lines.join('\n'), ...(buttons ? { buttons } : {}) }];
  };

  const route = async (incoming: IncomingMessage): Promise<Outgoing[]> => {
    // a quoted message is context, never content (a WeChat quote block may still arrive inside the text)
    const msg = separateQuote(incoming);
    const text = msg.text.trim();
    // a report sent with its photo is recorded first, then the photo is kept with it
    const isReport = Boolean(msg.attachments?.length && text) && desk.understand(msg) !== 'question';
    if (evidence.takes(msg, isReport))
      return evidence.withReport(msg, isReport ? () => desk.report(msg) : undefined);
    for (const [re, run] of commands) if (re.test(text)) return run(msg);
    if (HELP.test(text)) return help(msg);
    if (EXPORT_COMMAND.test(text)) {
      return chatExport(
        { ...msg, text },
        {
          kb: deps.knowledge,
          store: deps.store,
          clock,
          dataDir: deps.config.dataDir,
          isAdmin: desk.isAdmin(msg),
        },
      );
    }
    if (OVERVIEW.test(text)) {
      const o = taskOverview(deps.knowledge, deps.store.data, clock.now());
      return [{ to: replyAddress(msg), text: o.text, card: o.card }];
    }
    if (ADMINS_COMMAND.test(text)) return manageAdmins(msg, { admins, clock });
    if (ADMIN_COMMAND.test(text))
      return runAdminCommand(bindByMention(msg), { kb: deps.knowledge, store: deps.store, desk, clock });
    if (MY_TASKS.test(text)) return desk.myTasks(msg);
    if (WITHDRAW_COMMAND.test(text)) return desk.withdraw(msg);
    if (desk.completesPending(msg)) return desk.report(msg);
    // report, question or unsure: the report reader decides (a report with a question word is still a report)
    const understood = desk.understand(msg);
    if (understood !== 'question') return desk.report(msg);
    const refs = findRefs(normalizeText(text));
    // "任务14进展如何", "任务14完成了吗": answered from the units' latest reports
    if (
      refs?.kind === 'task' &&
      (PROGRESS_QUERY.test(text) || classifyQuestion(normalizeText(text)).outcome)
    ) {
      return refs.numbers.flatMap((n) => desk.progressOf(msg, n));
    }
    const key = `${msg.platform}:${msg.chatId}:${msg.sender.id}`;
    const { answer, turn } = qa.converse(text, dialogue.get(key, clock.now()));
    if (turn) dialogue.set(key, turn, clock.now());
    return [{ to: replyAddress(msg), text: answer.text, ...(answer.card ? { card: answer.card } : {}) }];
  };

  // a plain reply in a group, passed on by an adapter that may (Lark with im:message.group_msg): accepted only from
  // a bound member in their own unit's chat, and only as a report or evidence; everything else stays unanswered
  const unitChatReply = (msg: IncomingMessage): boolean => {
    const bound = desk.roster.memberOf(msg.platform, msg.sender.id);
    const chat = bound && deps.store.data.roster.find((u) => u.unit === bound.unit)?.chat;
    if (!chat || chat.platform !== msg.platform || chat.id !== msg.chatId) return false;
    return Boolean(msg.attachments?.length) || desk.understand(separateQuote(msg)) !== 'question';
  };

  return {
    qa,
    desk,
    undelivered,
    async event(ev) {
      try {
        if (ev.kind === 'recalled')
          return await withdrawByMessage(ev, { store: deps.store, roster: desk.roster, clock });
        if (ev.kind === 'form') return await submitForm(ev, { desk, store: deps.store, clock });
        if (ev.kind === 'undelivered') {
          undelivered.add({ to: ev.to, text: ev.text, reason: ev.reason, at: clock.now() });
          return [];
        }
        // welcome once per chat: Lark sends the direct-chat event every time the chat is opened
        const welcomed = `welcome:${ev.platform}:${ev.chatId}`;
        if (!deps.store.markSeen(welcomed)) return [];
        deps.store.settle(welcomed);
        deps.store.commitSoon((err: unknown) => deps.log.warn({ err }, 'could not save welcome state'));
        return welcome(deps.knowledge, ev);
      } catch (err) {
        deps.log.error({ err, kind: ev.kind }, 'failed to handle platform event');
        return [];
      }
    },
    store: deps.store,
    async handle(msg) {
      const key = `${msg.platform}:${msg.id}`;
      if (msg.chatType === 'group' && !msg.mentionsBot && !unitChatReply(msg)) return [];
      // backlog after an outage: only a bound member's check-in is still worth taking (questions are stale)
      if (
        msg.delayed &&
        !(
          desk.understand(separateQuote(msg)) !== 'question' &&
          desk.roster.memberOf(msg.platform, msg.sender.id)
        )
      ) {
        deps.log.info({ msgId: msg.id, platform: msg.platform }, 'delayed message dropped (not a check-in)');
        deps.store.dropInbox(key);
        return [];
      }
      if (!deps.store.markSeen(key)) {
        deps.log.info({ msgId: msg.id, platform: msg.platform }, 'duplicate message ignored');
        return [];
      }
      let out: Outgoing[];
      try {
        out = await deps.store.handlingMessage(key, () => route(msg));
      } catch (err) {
        deps.log.error({ err, msgId: msg.id }, 'failed to handle message');
        out = [{ to: replyAddress(msg), text: '抱歉，处理这条消息时出错了，请稍后再试或换个说法。' }];
      }
      deps.store.settle(key);
      // remember the id even when nothing else changed, so that a re-delivery after a restart is not answered twice
      deps.store.commitSoon((err: unknown) => deps.log.warn({ err }, 'could not save processed message ids'));
      return out;
    },
    receive: (msg) => deps.store.receive(msg, clock.now()),
    async handleInbox() {
      const out: Outgoing[] = [];
      for (const msg of inboxMessages(deps.store.data)) out.push(...(await this.handle(msg)));
      return out;
    },
    async runDue(now) {
      const due = scheduler.due(now);
      // jobs of weeks gone by (an outage) are not run: the admins get one note about them
      const skipped = scheduler.takeMissed();
      const missed = missedJobsNote(skipped, deps.config.admins, now);
      if (due.length === 0 && missed.length === 0) return [];
      for (const m of missed) if (!('file' in m)) deps.store.enqueue(m, 'missed-jobs', now);
      const out = due.flatMap((job) => {
        deps.log.info({ job: job.name, week: job.week }, 'weekly job');
        const msgs = jobMessages(
          job,
          desk.roster,
          deps.knowledge,
          deps.config.admins,
          desk.closeOf(job.week),
        );
        if (job.name !== 'digest') return queueJobMessages(deps.store, job, msgs, now);
        const failures = undelivered.drainText((to) => {
          if (to.userId) {
            const m = desk.roster.memberOf(to.platform, to.userId);
            return m && `${m.unit} ${m.member.name}`;
          }
          const u = deps.store.data.roster.find(
            (r) => r.chat?.platform === to.platform && r.chat?.id === to.chatId,
          );
          return u && `${u.unit}工作群`;
        });
        const digest = msgs.map((o) =>
          'text' in o && !('file' in o) ? { ...o, text: o.text + failures, buttons: EXPORT_BUTTONS } : o,
        );
        return queueJobMessages(deps.store, job, digest, now);
      });
      // once a week, with the digest: the holiday calendar must reach 60 days ahead (queued like the digest)
      if ([...due, ...skipped].some((j) => j.name === 'digest')) {
        const warnings = calendarWarning(calendar, now, deps.config.admins);
        for (const w of warnings) if (!('file' in w)) deps.store.enqueue(w, 'calendar-warning', now);
        out.push(...warnings);
      }
      // one journal line: the jobs marked done and their messages in the outbox, or neither
      await deps.store.commit();
      return [...missed, ...out];
    },
  };
}
