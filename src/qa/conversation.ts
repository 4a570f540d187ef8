import { z } from 'zod';
import type { Result } from './execute.js';
import { type Frame, frameSchema } from './frame.js';

/**
 * What the conversation remembers after an answer, per platform + chat + sender: the last question's frame (with
 * its references resolved), the list the answer showed in its order, and the task and unit last talked about. A
 * plain object: the core keeps it wherever it keeps conversations and passes it back with the next message.
 */
export const conversationSchema = z.object({
  frame: frameSchema.optional(),
  /** The items of the last answer's main list, in the order shown (for 第二个, 最后一个, 前两个). */
  list: z
    .object({
      of: z.enum(['tasks', 'units', 'safeguards']),
      items: z.array(z.union([z.number(), z.string()])),
    })
    .optional(),
  /** The task (or safeguard) and the unit last talked about (for 它). */
  task: z.number().int().optional(),
  /** The task talked about before it (for 这两项). */
  previous: z.number().int().optional(),
  safeguard: z.number().int().optional(),
  unit: z.string().optional(),
  /** The list a position was last picked from (第三个 … 那第五个呢), kept while the conversation walks it. */
  walked: z
    .object({
      of: z.enum(['tasks', 'units', 'safeguards']),
      items: z.array(z.union([z.number(), z.string()])),
    })
    .optional(),
  /** Questions offered as numbered choices (您是不是想问), for a reply of "1" or "2". */
  choices: z.array(frameSchema).optional(),
});
/** The conversation state. */
export type Conversation = z.infer<typeof conversationSchema>;

/** The task numbers, unit names or safeguards a result lists, in the order the answer shows them. */
function listOf(r: Result): Conversation['list'] {
  switch (r.kind) {
    case 'tasks':
      return { of: 'tasks', items: r.tasks.map((t) => t.no) };
    case 'units':
      return { of: 'units', items: r.units };
    case 'clause':
      if (r.clause.type === 'task') return { of: 'units', items: r.clause.task.units };
      if (r.clause.type === 'safeguard') return { of: 'units', items: r.clause.safeguard.units };
      return undefined;
    case 'role':
      if (r.clause.type === 'task') return { of: 'units', items: r.clause.task.units };
      return undefined;
    case 'safeguards':
      return { of: 'safeguards', items: r.safeguards.map((s) => s.no) };
    case 'check':
      if (r.safeguards.length) return { of: 'safeguards', items: r.safeguards.map((s) => s.no) };
      return r.meets.length ? { of: 'tasks', items: r.meets.map((t) => t.no) } : undefined;
    case 'rank':
      if (r.top.some((x) => x.task))
        return { of: 'tasks', items: r.top.flatMap((x) => (x.task ? [x.task.no] : [])) };
      if (r.query.over === 'units') return { of: 'units', items: r.top.map((x) => x.name) };
      return undefined;
    case 'compare':
      return r.query.over === 'units' ? { of: 'units', items: r.rows.map((x) => x.name) } : undefined;
    case 'groups':
      return { of: 'tasks', items: r.groups.flatMap((g) => g.tasks) };
    default:
      return undefined;
  }
}

/** The unit a result names as the one talked about: the one asked about, or the lead it answered with. */
function unitOf(r: Result, frame: Frame): string | undefined {
  if (frame.units.length === 1) return frame.units[0]?.name;
  if (r.kind === 'clause' && r.clause.type === 'task' && (r.query.ask === 'lead' || r.query.ask === 'units'))
    return r.clause.task.units[0];
  if (
    r.kind === 'clause' &&
    r.clause.type === 'safeguard' &&
    (r.query.ask === 'lead' || r.query.ask === 'units')
  )
    return r.clause.safeguard.units[0];
  if (r.kind === 'units' && r.units.length === 1) return r.units[0];
  if (r.kind === 'rank' && r.query.over === 'units' && r.top.length === 1) return r.top[0]?.name;
  return undefined;
}

/** The one task a result is about, if any. */
function taskOf(r: Result, frame: Frame): number | undefined {
  if ((r.kind === 'clause' || r.kind === 'role') && r.clause.type === 'task') return r.clause.task.no;
  if (r.kind === 'tasks' && r.tasks.length === 1) return r.tasks[0]?.no;
  if (r.kind === 'rank' && r.top.length === 1 && r.top[0]?.task) return r.top[0].task.no;
  if (frame.tasks.length === 1) return frame.tasks[0];
  return undefined;
}

/** The conversation after answering `frame` with `result`: what a follow-up may point back to. */
export function nextConversation(prev: Conversation | undefined, frame: Frame, result: Result): Conversation {
  const next: Conversation = { frame: { ...frame } };
  if (result.kind === 'clause' && result.query.ask === 'targets' && result.targets.length)
    next.frame = { ...frame, shown: [...(frame.shown ?? []), ...result.targets.map((t) => t.what)] };
  const list = listOf(result) ?? prev?.list;
  if (list?.items.length) next.list = list;
  // 第三个是什么 → 那第五个呢: the list being walked stays
  const walked = frame.picked ? (prev?.walked ?? prev?.list) : prev?.walked;
  if (walked) next.walked = walked;
  const task = taskOf(result, frame);
  const unit = unitOf(result, frame) ?? (frame.units.length === 0 ? prev?.unit : undefined);
  const safeguard =
    (result.kind === 'clause' || result.kind === 'role') && result.clause.type === 'safeguard'
      ? result.clause.safeguard.no
      : undefined;
  if (task !== undefined) next.task = task;
  if (task !== undefined && prev?.task !== undefined && prev.task !== task) next.previous = prev.task;
  else if (prev?.previous !== undefined && task === prev?.task) next.previous = prev.previous;
  else if (prev?.task !== undefined && frame.tasks.length === 0 && safeguard === undefined)
    next.task = prev.task;
  if (unit !== undefined) next.unit = unit;
  if (safeguard !== undefined) next.safeguard = safeguard;
  return next;
}
