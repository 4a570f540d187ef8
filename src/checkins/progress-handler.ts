import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Plan } from '../knowledge/plan-set.js';
import { normalizeText } from '../language/normalize.js';
import { classifyQuestion } from '../qa/classify-question.js';
import { findRefs } from '../qa/find-refs.js';
import type { CheckinDesk } from './checkin-desk.js';

const PROGRESS_QUERY = /进展|进度|情况|progress/;

/**
 * "任务14进展如何", "任务14完成了吗": answered from the units' latest reports, not from the plan. With several plans,
 * `plansOf` gives the plans the question is about (named, the chat's default, or those that have the task), each
 * answered under its name.
 */
export function progressHandler(
  desk: CheckinDesk,
  plansOf?: (ctx: MessageContext, task: number) => { plans: Plan[]; text: string },
): Handler {
  const tasksAsked = (text: string): number[] => {
    const norm = normalizeText(text);
    const refs = findRefs(norm);
    if (refs?.kind !== 'task') return [];
    return PROGRESS_QUERY.test(text) || classifyQuestion(norm).outcome ? refs.numbers : [];
  };
  return {
    name: 'progress',
    help: {
      section: '进度汇报（已绑定的单位联络员）：',
      lines: ['• 任务14进展如何：查看各单位最新汇报；任务进度总览：各任务红黄绿灯'],
    },
    match: (ctx) => ctx.memo('progress:tasks', () => tasksAsked(ctx.simplified)).length > 0,
    handle: (ctx) =>
      ctx
        .memo('progress:tasks', () => tasksAsked(ctx.simplified))
        .flatMap((n) => {
          if (!plansOf) return desk.progressOf(ctx.msg, n);
          const { plans } = plansOf(ctx, n);
          return plans.flatMap((p) =>
            desk
              .progressOf(ctx.msg, n, p)
              .map((o) => ('text' in o ? { ...o, text: `〔${p.short}〕${o.text}` } : o)),
          );
        }),
  };
}
