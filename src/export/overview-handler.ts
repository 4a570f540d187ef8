import type { Handler } from '../core/handler.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import { planByName } from '../plans/find-plan-mention.js';
import type { IncomingMessage } from '../shared/types.js';
import { planData } from '../store/plan-data.js';
import type { Store } from '../store/store.js';
import { type OverviewOptions, taskOverview } from './overview.js';

/**
 * 任务进度总览 [方案]: every task's light against the expected progress, as text and a table card. With several
 * plans: the plan named (or the chat's default plan), or else a line per plan with its counts of lights.
 */
export function overviewHandler(deps: {
  plans: PlanSet;
  store: Store;
  /** The chat's default plan (本群方案), if one is set. */
  chatPlan?: (msg: Pick<IncomingMessage, 'platform' | 'chatId'>) => Plan | undefined;
  /** A plan's overview options: counted reports and its tasks' own deadlines (src/supervision). */
  options?: (plan: Plan) => OverviewOptions;
}): Handler {
  return {
    name: 'overview',
    match: (ctx) => ctx.command?.name === 'overview',
    handle(ctx) {
      const { plans, store } = deps;
      if (plans.size === 1) {
        const o = taskOverview(plans.first.kb, store.data, ctx.now, deps.options?.(plans.first));
        return [ctx.reply(o.text, { card: o.card })];
      }
      const rest = ctx.command?.rest ?? '';
      const named = rest ? planByName(rest, plans) : undefined;
      if (rest && !named) return [ctx.reply(`没有找到方案“${rest}”。发送“方案列表”查看已加载的方案。`)];
      const one = named ?? deps.chatPlan?.(ctx.msg);
      if (one) {
        const o = taskOverview(one.kb, planData(store.data, one.id), ctx.now, deps.options?.(one));
        const label = `〔${one.short}〕`;
        return [ctx.reply(`${label}${o.text}`, { card: { ...o.card, title: `${label}${o.card.title}` } })];
      }
      const lines = plans.list.map((p) => {
        const o = taskOverview(p.kb, planData(store.data, p.id), ctx.now, deps.options?.(p));
        const counts = /绿\d+项、黄\d+项、红\d+项/.exec(o.text)?.[0] ?? '';
        return `• ${p.short}（${p.kb.document.docNumber}）：${p.kb.tasks.length}项任务，${counts}`;
      });
      const head =
        /^【任务进度总览】[^：]*/.exec(taskOverview(plans.first.kb, store.data, ctx.now).text)?.[0] ??
        '【任务进度总览】';
      return [
        ctx.reply(
          `${head}：${plans.size}个方案\n${lines.join('\n')}\n发送“任务进度总览 方案名称”查看某个方案逐项的灯色和原因，例如：任务进度总览 ${plans.first.short}`,
        ),
      ];
    },
  };
}
