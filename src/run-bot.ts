import { fstatSync } from 'node:fs';
import path from 'node:path';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { larkConfigured, loadLarkConfig } from '../adapters/lark/lark-config.js';
import { adminAlert } from '../adapters/shared/admin-alert.js';
import { loadWechatConfig, wechatConfigured } from '../adapters/wechat/wechat-config.js';
import { loadWecomConfig, wecomConfigured } from '../adapters/wecom/wecom-config.js';
import { calendarWarning } from './checkins/calendar-warning.js';
import { loadWorkCalendar } from './checkins/holidays-file.js';
import type { WorkCalendar } from './checkins/work-calendar.js';
import type { AdminRef, Config } from './config.js';
import { createLogger } from './core/create-logger.js';
import type { Logger } from './core/logger.js';
import { OutboxDelivery } from './delivery/outbox-delivery.js';
import { handleStaleInbox } from './delivery/stale-inbox.js';
import { type BotCore, buildCore } from './main.js';
import { ensureDataDir } from './ops/ensure-data-dir.js';
import { startWithRetry } from './ops/start-with-retry.js';
import { readStatus } from './ops/status-report.js';
import { watchPlans } from './plans/watch-plans.js';
import { type Adapter, systemClock } from './shared/types.js';
import type { Db } from './store/db-schema.js';
import { inboxCount } from './store/inbox.js';
import { maskUrl } from './store/pg/pg-url.js';
import { DuplicateJob } from './store/store-error.js';
import { loadWebConfig, type WebConfig, webConfigured } from './web/web-config.js';

/** Id of the local console user; the console is local and trusted, so this user is an admin. */
export const CONSOLE_USER = 'console-user';

/** The log file of the interactive console, inside the data directory. */
export const LOG_FILE = 'plan-bot.log';

/** The console's line history, inside the data directory. */
export const CONSOLE_HISTORY_FILE = 'console-history';

/** Exit code of a configuration mistake (systemd's unit does not restart on it: RestartPreventExitStatus=2). */
const EXIT_CONFIG = 2;

/** What `start` says when no platform is configured and there is no one at a console (a service, a container). */
export const NO_PLATFORM = `plan-bot：没有配置任何聊天平台，而控制台需要在终端里运行（或从管道读入问题）。
  原因：LARK_APP_ID（飞书）、WECOM_CORP_ID（企业微信）、WECHATY_PUPPET（微信）、PLAN_BOT_WEB_PORT（网页看板）都没有设置；作为服务运行时没有终端。
  处理：在设置文件（systemd：/etc/plan-bot/plan-bot.env；Docker：--env-file .env）中配置至少一个平台，见 docs/operating.md；
        或在终端中运行 plan-bot start 使用控制台。
`;

/** True when stdin can bring no input: not a terminal, and a device such as /dev/null (a service's stdin). */
function stdinIsNothing(): boolean {
  try {
    return !process.stdin.isTTY && fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

/** The platform adapters configured in the environment (Lark, WeChat, WeCom); none means the console. */
export async function platformAdapters(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: Logger,
  admins: AdminRef[] = [],
  live: LiveData = {},
): Promise<Adapter[]> {
  const out: Adapter[] = [];
  // SDKs load only when configured: wechaty alone takes about half a second to import
  if (larkConfigured(env)) {
    const { LarkAdapter } = await import('../adapters/lark/lark-adapter.js');
    // GET /healthz on the webhook server answers the same report as `plan-bot status --json` (on PostgreSQL, from
    // the running bot's copy of the data)
    const health = () =>
      readStatus(
        dataDir,
        env,
        new Date(),
        undefined,
        live.data && { db: live.data(), database: live.database, running: true },
      );
    out.push(new LarkAdapter(loadLarkConfig(env), log, { health }));
  }
  if (wechatConfigured(env)) {
    const { WechatAdapter } = await import('../adapters/wechat/wechat-adapter.js');
    // logout and scan alerts go to admins through the other adapters (read when an alert is sent)
    const alert = adminAlert(out, admins, 'wechat', log);
    out.push(new WechatAdapter(loadWechatConfig(env, dataDir), log, { alert }));
  }
  if (wecomConfigured(env)) {
    const { WecomAdapter } = await import('../adapters/wecom/wecom-adapter.js');
    out.push(new WecomAdapter(loadWecomConfig(env), log, { dataDir }));
  }
  return out;
}

/** The running store's data for the health report, when it is not in the data directory (PostgreSQL). */
export interface LiveData {
  data?: () => Db;
  database?: string;
}

/**
 * Every 30 s (and once at start): runs the weekly jobs that are due, which queue their messages in the durable
 * outbox, then delivers the outbox (retries included). Clear the timer to stop. With replicas, the store is brought
 * up to date first, and a job another replica ran first is dropped (DuplicateJob) and not an error.
 */
function runWeeklyJobs(core: BotCore, outbox: OutboxDelivery, log: Logger): NodeJS.Timeout {
  const tick = () => {
    core.store
      .refresh()
      .then(() => core.runDue(systemClock.now()))
      .catch((err: unknown) => {
        if (err instanceof DuplicateJob) log.info({ job: err.key }, 'weekly job ran on another replica');
        else log.error({ err }, 'weekly job failed');
      })
      .then(() => outbox.flush())
      .catch((err: unknown) => log.error({ err }, 'outbox delivery failed'));
  };
  tick();
  return setInterval(tick, 30_000);
}

/** Handles what the inbox received before a restart and did not handle; the replies go through the outbox. */
async function finishInbox(core: BotCore, log: Logger): Promise<void> {
  const pending = inboxCount(core.store.data);
  const out = await core.handleInbox();
  log.info({ messages: pending, replies: out.length }, 'inbox: messages received before the restart handled');
}

/** Logs, and tells the admins, when the holiday calendar does not reach 60 days ahead. */
async function warnAboutCalendar(
  calendar: WorkCalendar,
  config: Config,
  core: BotCore,
  outbox: OutboxDelivery,
  log: Logger,
): Promise<void> {
  const from = calendar.uncoveredFrom(systemClock.now());
  if (!from) return;
  log.warn(
    { uncoveredFrom: from, coveredUntil: calendar.coveredUntil() },
    `the holiday calendar ends ${calendar.coveredUntil()}: add the State Council's notice to holidays.json in the data directory (docs/operating.md › Holidays)`,
  );
  for (const w of calendarWarning(calendar, systemClock.now(), config.admins))
    if (!('file' in w)) core.store.enqueue(w, 'calendar-warning', systemClock.now());
  await core.store.commit().catch((err: unknown) => log.error({ err }, 'calendar warning not queued'));
  await outbox.flush();
}

/**
 * Runs the platform adapters until SIGINT or SIGTERM, delivering weekly jobs through them. A platform that cannot
 * be reached at start is retried with back-off while the others run; a permanent failure (configuration, a
 * missing module) stops the process with the error.
 */
async function runPlatforms(
  config: Config,
  platforms: Adapter[],
  log: Logger,
  web?: WebConfig,
  live: LiveData = {},
): Promise<number> {
  const calendar = loadWorkCalendar(config.dataDir);
  // replies go through the durable outbox, queued in the same commit as what the message changed
  let outbox: OutboxDelivery | undefined;
  // one signing key for the 看板 links and the web view
  const keys = web ? (await import('./web/start-web.js')).webKeys(web, config.dataDir) : undefined;
  const core = await buildCore(config, {
    log,
    calendar,
    ...(web && keys ? { web: { config: web, keys } } : {}),
    outbox: (store) => {
      outbox = new OutboxDelivery(store, platforms, log, systemClock, config.outboxExpireMs);
      return { queued: () => void outbox?.flush() };
    },
  });
  if (!outbox) throw new Error('the outbox was not built');
  // a plan added to the plan folder is loaded without a restart
  const unwatch = watchPlans(core.plans.set, log);
  const delivery: OutboxDelivery = outbox;
  if (config.databaseUrl) {
    live.data = () => core.store.data;
    live.database = maskUrl(config.databaseUrl);
  }
  // the web view (PLAN_BOT_WEB_PORT) reads the live store; hono loads only when it is on
  const site = web
    ? await import('./web/start-web.js')
        .then((m) =>
          m.startWebView(
            web,
            { plans: core.plans.set, store: core.store },
            config,
            log,
            keys ? { keys } : {},
          ),
        )
        .catch(async (err: unknown) => {
          await core.store.close();
          throw err;
        })
    : undefined;
  // a platform back after an outage (WeChat re-login) gets what waited for it at once, not after the back-off
  for (const a of platforms) a.onReconnect?.(() => void delivery.flushPlatform(a.name).catch(() => {}));
  await finishInbox(core, log);
  const stop = new AbortController();
  const stopped = new Promise<undefined>((resolve) => {
    process.once('SIGINT', () => resolve(undefined));
    process.once('SIGTERM', () => resolve(undefined));
  });
  const started: Adapter[] = [];
  const fatal = new Promise<never>((_, reject) => {
    for (const a of platforms) {
      startWithRetry(a, core, log, { signal: stop.signal }).then((ok) => {
        if (!ok) return;
        started.push(a);
        if (started.length === 1) {
          // what was queued before any platform was up (a backup failure at start) goes out now
          void delivery.flush().catch(() => {});
          void warnAboutCalendar(calendar, config, core, delivery, log);
        }
      }, reject);
    }
  });
  // the web view alone delivers nothing: weekly jobs wait until a platform is configured
  const timer = platforms.length ? runWeeklyJobs(core, delivery, log) : undefined;
  // replicas: what another replica acknowledged and did not live to handle is handled here after a minute
  const sweep = config.databaseUrl ? handleStaleInbox(core, delivery, log) : undefined;
  log.info({ adapters: platforms.map((a) => a.name), web: site?.url }, 'plan-bot starting');
  fatal.catch(() => {}); // a failure after shutdown has begun is not news
  // a platform connection given up for good ends the process non-zero, so that systemd or Docker restarts it
  const lost = platforms.flatMap((a) => (a.fatal ? [a.fatal.then((err) => ({ adapter: a.name, err }))] : []));
  let ended: { adapter: string; err: Error } | undefined;
  try {
    ended = await Promise.race([stopped, fatal, ...lost]);
  } finally {
    stop.abort();
    unwatch();
    clearInterval(timer);
    if (sweep) clearInterval(sweep);
    await delivery.idle();
    for (const a of platforms) await a.stop().catch(() => {});
    await site?.close();
  }
  if (ended)
    log.error(
      { adapter: ended.adapter, err: ended.err.message },
      'platform connection lost; exiting with code 1',
    );
  await core.store.close();
  return ended ? 1 : 0;
}

/** Composition root: config → knowledge → store → core → adapters → scheduler. Resolves with the exit code. */
export async function startBot(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  let log = createLogger(config.logLevel);
  const live: LiveData = {};
  const platforms = await platformAdapters(env, config.dataDir, log, config.admins, live);
  // with only the web view configured, start runs as a service serving it (no console)
  const web = webConfigured(env) ? loadWebConfig(env) : undefined;
  if (platforms.length || web) return runPlatforms(config, platforms, log, web, live);
  // no platform: only the console, which needs a person at a terminal or lines piped in
  if (stdinIsNothing()) {
    process.stderr.write(NO_PLATFORM);
    return EXIT_CONFIG;
  }
  // an interactive chat must not be interleaved with log lines: they go to a file in the data directory
  const logFile = path.join(config.dataDir, LOG_FILE);
  if (interactive) {
    ensureDataDir(config.dataDir);
    log = createLogger(config.logLevel, { file: logFile });
  }
  const core = await buildCore(
    { ...config, admins: [...config.admins, { platform: 'console', id: CONSOLE_USER }] },
    { log },
  );
  const consoleAdapter = new ConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    interactive,
    userId: CONSOLE_USER,
    greeting: `plan-bot 控制台 · ${core.plans.many ? `已加载${core.plans.set.size}个方案：${core.plans.set.list.map((p) => p.short).join('、')}。问题里写上方案名称可指定方案。\n` : ''}${core.qa.help().text}\n输入问题后回车（↑↓翻看历史），“帮助”查看用法，“退出”或 Ctrl-C 结束。日志：${logFile}`,
    ...(interactive ? { historyFile: path.join(config.dataDir, CONSOLE_HISTORY_FILE) } : {}),
  });
  const outbox = new OutboxDelivery(core.store, [consoleAdapter], log, systemClock, config.outboxExpireMs);
  const timer = runWeeklyJobs(core, outbox, log);
  timer.unref();
  const unwatch = watchPlans(core.plans.set, log);
  // SIGTERM (systemctl stop, docker stop, kill) and SIGINT end the chat like 退出: the store is closed, the lock and
  // plan-bot.pid released (Ctrl-C on a terminal reaches readline as a key, with the same effect)
  const stop = () => void consoleAdapter.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await consoleAdapter.start(core);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    unwatch();
    clearInterval(timer);
    await outbox.idle();
    await core.store.close();
    // stdin may still be open (a pipe whose writer stays, a terminal): let the process end
    process.stdin.destroy();
  }
  if (!interactive && consoleAdapter.lines === 0) {
    process.stderr.write(NO_PLATFORM);
    return EXIT_CONFIG;
  }
  return 0;
}
