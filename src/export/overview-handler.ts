import type { Handler } from '../core/handler.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Store } from '../store/store.js';
import { type OverviewOptions, taskOverview } from './overview.js';

/** 任务进度总览: every task's light against the expected progress, as text and a table card. */
export function overviewHandler(deps: {
  kb: Knowledge;
  store: Store;
  options?: () => OverviewOptions;
}): Handler {
  return {
    name: 'overview',
    match: (ctx) => ctx.command?.name === 'overview',
    handle(ctx) {
      const o = taskOverview(deps.kb, deps.store.data, ctx.now, deps.options?.());
      return [ctx.reply(o.text, { card: o.card })];
    },
  };
}
