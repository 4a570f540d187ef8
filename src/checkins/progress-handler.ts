import type { Handler } from '../core/handler.js';
import { normalizeText } from '../language/normalize.js';
import { classifyQuestion } from '../qa/classify-question.js';
import { findRefs } from '../qa/find-refs.js';
import type { CheckinDesk } from './checkin-desk.js';

const PROGRESS_QUERY = /进展|进度|情况|progress/;

/** "任务14进展如何", "任务14完成了吗": answered from the units' latest reports, not from the plan. */
export function progressHandler(desk: CheckinDesk): Handler {
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
        .flatMap((n) => desk.progressOf(ctx.msg, n)),
  };
}
