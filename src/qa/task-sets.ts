import { findTopic } from './find-topic.js';
import type { Frame, UnitCond } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import type { ClauseRef, TaskSet } from './query.js';

export type Role = 'lead' | 'co' | 'any';

/** One set, or several joined by and / or. */
export function join(sets: TaskSet[], op: 'and' | 'or'): TaskSet | undefined {
  if (sets.length === 0) return undefined;
  return sets.length === 1 ? (sets[0] as TaskSet) : { op, sets };
}

/** A unit's condition as a task set. */
export function unitSet(c: UnitCond, forceLead = false): TaskSet {
  const base: TaskSet = { op: 'unit', unit: c.name, role: forceLead ? 'lead' : c.role };
  return c.neg ? { op: 'not', set: base } : base;
}

/** The conditions on units as one task set: and, unless joined by 或 or put together (合起来). */
export function unitsSet(f: Frame): TaskSet | undefined {
  if (f.units.length === 0) return undefined;
  if (f.quant === 'only' && !f.roles.some((r) => r !== 'any') && f.units.length >= 1 && !f.taskCount) {
    const exactly: TaskSet = { op: 'unitsExactly', units: f.units.map((u) => u.name) };
    return f.notOnly ? { op: 'not', set: exactly } : exactly;
  }
  const sets = f.units.map((u) => unitSet(u));
  // 县发改局或县税务局 / 县文旅局和县委编办参与的任务合起来: the tasks of either
  const together =
    (f.setop === 'union' || f.total) &&
    f.units.length >= 2 &&
    !f.units.some((u) => u.neg) &&
    f.quant !== 'every' &&
    f.setop !== 'common';
  return join(sets, f.units.some((u) => u.or) || together ? 'or' : 'and');
}

/** The tasks a frame's conditions describe (groups, units, a count of units, named tasks, exclusions). */
export function taskSetOf(f: Frame, withTasks = true): TaskSet | undefined {
  const sets: TaskSet[] = [];
  const groups = join(
    f.groups.map((g) => ({ op: 'group', group: g }) as TaskSet),
    'or',
  );
  if (groups) sets.push(groups);
  const outside = join(
    f.notGroups.map((g) => ({ op: 'group', group: g }) as TaskSet),
    'or',
  );
  if (outside) sets.push({ op: 'not', set: outside });
  if (f.unitCount) {
    const c: TaskSet = { op: 'unitCount', n: f.unitCount.n, cmp: f.unitCount.cmp };
    sets.push(f.negated && !f.units.length ? { op: 'not', set: c } : c);
  }
  if (f.due) sets.push({ op: 'due', year: f.due.year, cmp: f.due.cmp });
  if (f.hasUnits) {
    const has: TaskSet = { op: 'hasUnits', role: f.hasUnits.role };
    sets.push(f.hasUnits.neg ? { op: 'not', set: has } : has);
  }
  const units = unitsSet(f);
  if (units) sets.push(units);
  if (withTasks && f.tasks.length) sets.push({ op: 'tasks', tasks: f.tasks });
  if (f.notTasks.length) sets.push({ op: 'not', set: { op: 'tasks', tasks: f.notTasks } });
  return join(sets, 'and');
}

/** The role a question puts on the units it asks for. */
export function roleAsked(f: Frame): Role {
  if (f.exceptLead) return 'co';
  return f.askRole;
}

/** The clauses named by number. */
export function clauseRefs(f: Frame): ClauseRef[] {
  return [
    ...f.tasks.map((no) => ({ type: 'task', no }) as ClauseRef),
    ...f.safeguards.map((no) => ({ type: 'safeguard', no }) as ClauseRef),
    ...f.principles.map((no) => ({ type: 'principle', no }) as ClauseRef),
  ];
}

/** The clauses a frame names by number, or by topic when it names none. */
export function clausesOf(
  f: Frame,
  plan: PlanIndex,
  opts: { units: boolean; figure: boolean },
): { refs: ClauseRef[]; byTopic: boolean; suggest?: ClauseRef[]; none?: boolean; topics?: string[] } {
  const refs: ClauseRef[] = [
    ...f.tasks.map((no) => ({ type: 'task', no }) as ClauseRef),
    ...f.safeguards.map((no) => ({ type: 'safeguard', no }) as ClauseRef),
    ...f.principles.map((no) => ({ type: 'principle', no }) as ClauseRef),
  ];
  if (refs.length || !f.topic) return { refs, byTopic: false };
  // X和Y分别是多少 / 智慧校园和实训基地分别谁牵头: each part of the topic names its own clause
  const whole = findTopic(plan, f.topic, {
    units: opts.units,
    measure: f.measure,
    figure: opts.figure,
    safeguards: f.safeguard,
  });
  if (
    (f.each || (f.topicsJoined && whole.found !== 'one')) &&
    f.content.length >= 2 &&
    f.content.every((c) => c.length >= 3)
  ) {
    const each = f.content.map((c) =>
      findTopic(plan, c, { units: opts.units, measure: f.measure, figure: opts.figure }),
    );
    const one = each.flatMap((h) => (h.found === 'one' ? [h.ref] : []));
    const keys = new Set(one.map((r) => JSON.stringify(r)));
    if (one.length === each.length && keys.size === each.length)
      return { refs: one, byTopic: true, topics: f.content };
  }
  const hit = whole;
  if (hit.found === 'one') return { refs: [hit.ref], byTopic: true };
  if (hit.found === 'several') return { refs: hit.refs, byTopic: true };
  if (hit.found === 'suggest') return { refs: [], byTopic: true, suggest: hit.refs };
  return { refs: [], byTopic: true, none: true };
}
