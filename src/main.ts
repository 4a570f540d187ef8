import path from 'node:path';
import { adminHandler } from './checkins/admin-handler.js';
import { askBackHandler } from './checkins/ask-back-handler.js';
import { checkinCommands } from './checkins/checkin-commands.js';
import { CheckinDesk } from './checkins/checkin-desk.js';
import { submitForm } from './checkins/checkin-form.js';
import { loadWorkCalendar } from './checkins/holidays-file.js';
import { addressedOrOwnChat } from './checkins/own-unit-chat.js';
import { separateQuote } from './checkins/quote-context.js';
import { deskOptions, readsAsReport, reportHandler } from './checkins/report-handler.js';
import { Scheduler } from './checkins/scheduler.js';
import { seedRoster } from './checkins/seed-roster.js';
import { weeklyJobs } from './checkins/weekly-jobs.js';
import { withdrawByMessage } from './checkins/withdraw-by-message.js';
import { WorkCalendar } from './checkins/work-calendar.js';
import { type AdminRef, type Config, DEFAULT_SUPERVISION } from './config.js';
import type { MessageContext } from './core/context.js';
import { type CoreRuntime, createCore } from './core/create-core.js';
import { createLogger } from './core/create-logger.js';
import type { Handler } from './core/handler.js';
import type { Logger } from './core/logger.js';
import { DeliveryFailures } from './delivery/delivery-failures.js';
import { evidenceHandler } from './evidence/evidence-handler.js';
import { EvidenceKeeper } from './evidence/keep-evidence.js';
import { exportHandler } from './export/export-handler.js';
import { overviewHandler } from './export/overview-handler.js';
import { type Plan, PlanSet } from './knowledge/plan-set.js';
import type { Knowledge } from './knowledge/schema.js';
import { AdminList } from './onboarding/admin-list.js';
import { helpHandler } from './onboarding/help-handler.js';
import { adminsHandler } from './onboarding/manage-admins.js';
import { onboardingHandlers } from './onboarding/onboarding-handlers.js';
import { smallTalkHandler } from './onboarding/small-talk.js';
import { welcomeOnce } from './onboarding/welcome.js';
import { backupFailureAlert } from './ops/backup-alert.js';
import { ensureDataDir } from './ops/ensure-data-dir.js';
import { importHandler } from './plans/import-handler.js';
import { planCommands } from './plans/plan-commands.js';
import { PlanDesk } from './plans/plan-desk.js';
import { planQuestionHandler } from './plans/plan-question-handler.js';
import type { QuestionAnswerer } from './qa/answer-question.js';
import { type Clock, type Outgoing, systemClock } from './shared/types.js';
import { openStore } from './store/open-store.js';
import { SINGLE_PLAN_ID } from './store/read-snapshot.js';
import type { Store } from './store/store.js';
import { deskSupervision } from './supervision/desk-supervision.js';
import { overviewOptions } from './supervision/overview-options.js';
import type { PlanView } from './supervision/plan-view.js';
import { supervisionHandlers } from './supervision/supervision-handlers.js';
import { supervisionButtons, weeklySupervision } from './supervision/weekly-supervision.js';
import type { TokenKeys } from './web/auth/sealed-token.js';
import { dashboardHandler } from './web/dashboard-handler.js';
import type { WebConfig } from './web/web-config.js';

/** The bot as the composition root and the tests use it: the core with the features' parts it was built from. */
export interface BotCore extends CoreRuntime {
  store: Store;
  /** The answerer of the first plan (the only one in a single-plan bot). */
  qa: QuestionAnswerer;
  desk: CheckinDesk;
  /** The plans: which are stopped, each chat's default, one answerer per plan. */
  plans: PlanDesk;
  /** Messages the platforms refused for good since the last digest. */
  undelivered: DeliveryFailures;
}

/** What composing the bot takes; everything is passed in so that tests control it. */
export interface BotDeps {
  /** The plans (a folder of plan files, or one); or `knowledge`, a single plan. */
  plans?: PlanSet;
  knowledge?: Knowledge;
  store: Store;
  log: Logger;
  config: Pick<Config, 'admins' | 'schedule' | 'dataDir'> & Partial<Pick<Config, 'leaders' | 'supervision'>>;
  clock?: Clock;
  /** How long a conversation is remembered for follow-ups (default 10 minutes). */
  dialogueTtlMs?: number;
  /** Work calendar for the weekly jobs (chinese-days plus the data directory's holidays.json). */
  calendar?: WorkCalendar;
  /** In a running bot: replies go through the durable outbox, and this starts their delivery. */
  outbox?: { queued(): void };
  /** The web view's settings and keys (PLAN_BOT_WEB_PORT), for the 看板 login link; absent when it is off. */
  web?: { config: WebConfig; keys: TokenKeys };
}

/**
 * Composes the bot: each feature registers its handlers with the core, in the order they are asked — a plan
 * imported in chat, evidence, commands, answers to an ask-back, courtesy words, reports, progress questions, and questions about the plan
 * last, which take whatever is left.
 */
export function composeBot(deps: BotDeps): BotCore {
  const { store, log, config } = deps;
  const set = deps.plans ?? PlanSet.of(deps.knowledge as Knowledge, 'jishan-2021');
  const clock = deps.clock ?? systemClock;
  // PLAN_BOT_ADMINS and the admins added in chat (stored); config.admins is kept in step for the features
  const admins = new AdminList(config.admins, store);
  const isAdmin = (platform: string, id: string) =>
    admins.has({ platform: platform as AdminRef['platform'], id });
  const plans = new PlanDesk(set, store);
  const qa = plans.qa(set.first);
  // a unit name typed in a command may be any plan's unit (read when used: a reload can add units)
  const units = {
    get kb() {
      return set.unitKb;
    },
  };
  // supervision (docs/supervision.md): everything per plan, read through a view of one plan
  const settings = config.supervision ?? DEFAULT_SUPERVISION;
  const viewOf = (plan: Plan): PlanView => ({
    kb: plan.kb,
    plan: plan.id,
    short: plan.short,
    data: store.data,
    review: settings.review,
    closeOf: (week) => desk.closeOf(week),
  });
  const views = () => plans.active().map(viewOf);
  const viewFor = (ctx: MessageContext): PlanView => {
    const chat = plans.chatPlan(ctx.msg);
    const pick = plans.pick(ctx.simplified, { ...(chat ? { chat } : {}), tokens: ctx.tokens });
    return viewOf(pick.kind === 'plan' ? pick.plan : (chat ?? set.first));
  };
  const desk = new CheckinDesk({
    plans: set,
    store,
    clock,
    log,
    admins: config.admins,
    digestCron: config.schedule.digest,
    supervision: deskSupervision((id) => viewOf(set.get(id) ?? set.first), settings),
  });
  const calendar = deps.calendar ?? new WorkCalendar();
  const scheduler = new Scheduler(store, config.schedule, clock.now(), calendar);
  const undelivered = new DeliveryFailures();
  const keeper = new EvidenceKeeper({ store, roster: desk.roster, clock, log, dataDir: config.dataDir });
  const handlers: Handler[] = [
    // before evidence: the file an admin sends after 导入方案 is a plan, not 佐证材料
    importHandler({ plans: set, store, log, dataDir: config.dataDir }),
    evidenceHandler(keeper, {
      isReport: (ctx) => readsAsReport(ctx, desk),
      record: (ctx) => desk.report(ctx.msg, undefined, deskOptions(ctx)),
      mayTake: (ctx) => addressedOrOwnChat(ctx, store),
    }),
    helpHandler(() => handlers),
    ...onboardingHandlers({
      get kb() {
        return units.kb;
      },
      store,
      roster: desk.roster,
    }),
    ...checkinCommands(desk, clock),
    adminHandler({
      plans: set,
      store,
      desk,
      clock,
      statusButtons: () => supervisionButtons(views(), settings.review),
    }),
    adminsHandler({ admins, store }),
    exportHandler({
      plans: set,
      store,
      clock,
      dataDir: config.dataDir,
      supervision: (plan) => ({ plan: plan.id, review: settings.review, closeOf: (w) => desk.closeOf(w) }),
    }),
    overviewHandler({
      plans: set,
      store,
      chatPlan: (m) => plans.chatPlan(m),
      options: (plan) => overviewOptions(viewOf(plan)),
    }),
    ...planCommands(plans, store, log),
    dashboardHandler({ web: deps.web }),
    ...supervisionHandlers({ view: viewFor, store, lexicon: plans.lexicon() }),
    askBackHandler(desk),
    smallTalkHandler(),
    reportHandler(desk, store),
    // 任务14进展如何: understood by the questions, answered from the ledger
    planQuestionHandler(plans, (ctx, tasks, plan) => tasks.flatMap((n) => desk.progressOf(ctx.msg, n, plan))),
  ];
  const core = createCore({
    store,
    log,
    clock,
    // read per message: a plan added without a restart (导入方案, 重新加载方案, the folder watch) brings its units
    lexicon: () => plans.lexicon(),
    isAdmin,
    separateQuote,
    handlers,
    events: {
      recalled: (ev) => withdrawByMessage(ev, { store, roster: desk.roster, clock }),
      form: (ev) => submitForm(ev, { desk, store, clock }),
      welcome: welcomeOnce(() => set.list.map((p) => p.kb), store, log),
      undelivered: async (ev) => {
        undelivered.add({ to: ev.to, text: ev.text, reason: ev.reason, at: clock.now() });
        return [];
      },
    },
    jobs: syncedFirst(
      admins,
      weeklyJobs({
        store,
        scheduler,
        roster: desk.roster,
        plans: set,
        admins: config.admins,
        calendar,
        undelivered,
        log,
        closeOf: (week) => desk.closeOf(week),
        supervision: weeklySupervision({
          views,
          store,
          settings,
          admins: config.admins,
          county: config.leaders ?? [],
        }),
      }),
    ),
    ...(deps.dialogueTtlMs ? { followUpTtlMs: deps.dialogueTtlMs } : {}),
    ...(deps.outbox ? { outbox: deps.outbox } : {}),
  });
  return { ...core, store, qa, desk, plans, undelivered };
}

/** Weekly jobs that go to the admins as they are now (an admin added or removed in chat since the last message). */
function syncedFirst(
  admins: AdminList,
  jobs: (now: Date) => Promise<Outgoing[]>,
): (now: Date) => Promise<Outgoing[]> {
  return (now) => {
    admins.sync();
    return jobs(now);
  };
}

/**
 * Opens everything the bot needs from a config: knowledge, the data directory (checked writable), store (with
 * roster.json applied), holiday calendar (with holidays.json), logger; then composes it. `outbox` makes replies
 * durable (a running bot): it gets the store and returns what starts delivery.
 */
export async function buildCore(
  config: Config,
  opts: {
    log?: Logger;
    clock?: Clock;
    calendar?: WorkCalendar;
    outbox?: (store: Store) => { queued(): void };
    web?: { config: WebConfig; keys: TokenKeys };
  } = {},
): Promise<BotCore> {
  const log = opts.log ?? createLogger(config.logLevel);
  const set = PlanSet.load(config.knowledgePath);
  ensureDataDir(config.dataDir);
  const calendar = opts.calendar ?? loadWorkCalendar(config.dataDir);
  const backupDir = config.backupDir ?? path.join(config.dataDir, 'backups');
  // a failed backup reaches the admins (and `status`), not only the log; one at start waits for the bot
  let alertBackup: ((err: unknown) => void) | undefined;
  let failedBackup: { err: unknown } | undefined;
  // PostgreSQL when PLAN_BOT_DATABASE_URL is set (replicas share it), else the JSON store in the data directory
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl, outboxLeaseMs: config.outboxLeaseMs } : {}),
    dataDir: config.dataDir,
    // the records of a data directory from the single-plan version belong to the plan it had
    legacyPlan: legacyPlanOf(set),
    backupDir,
    onError: (err, what) => {
      log.error(
        { err },
        `store: ${what} failed${config.databaseUrl ? '' : ' (the journal keeps every change)'}`,
      );
      if (what !== 'backup') return;
      if (alertBackup) alertBackup(err);
      else failedBackup = { err };
    },
    // another process may now write to the data directory: stop, and let the service manager decide
    onLockLost: (err) => {
      log.error({ err }, `lost the lock of ${config.dataDir}; stopping`);
      process.exit(1);
    },
  });
  await seedRoster(store, config.dataDir, set.unitKb, log);
  const bot = composeBot({
    plans: set,
    store,
    log,
    config,
    dialogueTtlMs: config.dialogueTtlMs,
    calendar,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.outbox ? { outbox: opts.outbox(store) } : {}),
    ...(opts.web ? { web: opts.web } : {}),
  });
  // config.admins is the live list: PLAN_BOT_ADMINS plus those added in chat (see AdminList)
  alertBackup = backupFailureAlert(store, () => config.admins, backupDir, opts.clock ?? systemClock, log);
  if (failedBackup) alertBackup(failedBackup.err);
  return { ...bot, store };
}

/**
 * The plan the records of a single-plan data directory are filed under when it is first opened by this version:
 * the only plan loaded, else the bundled plan (what that version loaded by default) if it is loaded, else the first.
 */
export function legacyPlanOf(set: PlanSet): string {
  if (set.size === 1) return set.first.id;
  return set.get(SINGLE_PLAN_ID)?.id ?? set.first.id;
}
