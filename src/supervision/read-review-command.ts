import type { Knowledge } from '../knowledge/schema.js';
import type { Lexicon } from '../language/lexicon.js';
import { tokenize } from '../language/tokenize.js';
import { resolveUnit } from '../qa/resolve-unit.js';

/** 确认 / 退回 as read: the unit, the tasks named (none: every one waiting), the reason after them. */
export interface ReviewCommand {
  unit: string;
  tasks: number[];
  reason: string;
}

/** True when a piece of text is only task references ("任务14", "任务3、14", "3号任务"). */
function onlyTasks(text: string, lex: Lexicon): number[] | undefined {
  const spans = tokenize(text, lex).spans;
  if (spans.length === 0) return undefined;
  const tasks: number[] = [];
  for (const s of spans) {
    if (s.kind === 'task') tasks.push(...s.tasks);
    else if (s.kind !== 'sep' && !(s.kind === 'op' && s.op === 'and')) return undefined;
  }
  return tasks.length ? tasks : undefined;
}

/**
 * Reads the words after 确认 or 退回: a unit (name or alias), then task references, then the reason
 * ("县财政局 任务14 佐证不足，请补充会议纪要"). The task references are the longest start of the rest that the
 * tokenizer reads as nothing but tasks, so a reason may follow with or without a space. Undefined when the first
 * word is not a unit of the plan (the message is something else).
 */
export function readReviewCommand(rest: string, kb: Knowledge, lex: Lexicon): ReviewCommand | undefined {
  const [first = '', ...more] = rest.trim().split(/\s+/);
  const { unit } = resolveUnit(kb, first);
  if (!unit) return undefined;
  const after = more.join(' ');
  // the longest start that is only task references (task words, numbers and list marks are at most ~20 characters)
  for (let n = Math.min(after.length, 24); n > 0; n--) {
    const tasks = onlyTasks(after.slice(0, n), lex);
    if (!tasks) continue;
    const reason = after
      .slice(n)
      .replace(/^[\s,，、:：;；]+/, '')
      .trim();
    return { unit, tasks: [...new Set(tasks)], reason };
  }
  return { unit, tasks: [], reason: after.trim() };
}
