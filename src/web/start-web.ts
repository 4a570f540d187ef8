import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { PlanSet } from '../knowledge/plan-set.js';
import { type Clock, systemClock } from '../shared/types.js';
import { planData } from '../store/plan-data.js';
import type { Store } from '../store/store.js';
import { weekCloser } from '../supervision/week-close.js';
import { TokenKeys } from './auth/sealed-token.js';
import { loadWebSecret } from './auth/web-secret.js';
import type { WebConfig } from './web-config.js';
import { startWebServer, type WebServer } from './web-server.js';

/** The keys of login links and sessions: load once and share between the web view and the `看板` command. */
export function webKeys(web: WebConfig, dataDir: string): TokenKeys {
  return new TokenKeys(loadWebSecret(web.secret, dataDir));
}

/**
 * Starts the web view inside the running bot (`plan-bot start` with PLAN_BOT_WEB_PORT): the bot's plans and live
 * store, the signing key from the environment or the data directory, admins from the config, leaders from
 * PLAN_BOT_LEADERS.
 */
export function startWebView(
  web: WebConfig,
  bot: { plans: PlanSet; store: Store },
  config: Pick<Config, 'admins' | 'dataDir' | 'supervision' | 'schedule'>,
  log: Logger,
  opts: { keys?: TokenKeys; clock?: Clock } = {},
): Promise<WebServer> {
  const keys = opts.keys ?? webKeys(web, config.dataDir);
  const clock = opts.clock ?? systemClock;
  return startWebServer({
    // each plan sees its own check-ins (read live: a reload may add plans' records)
    plans: bot.plans.list.map((p) => ({
      id: p.id,
      kb: p.kb,
      data: () => planData(bot.store.data, p.id),
      review: config.supervision.review,
      closeOf: weekCloser(config.schedule.digest),
    })),
    store: bot.store,
    dataDir: config.dataDir,
    web,
    keys,
    people: () => ({ admins: config.admins, leaders: web.leaders }),
    clock,
    log,
  });
}
