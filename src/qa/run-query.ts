import type { Knowledge, Safeguard, Task } from '../knowledge/schema.js';
import type { Query, TaskSet, UnitSource } from './query.js';

/** What the executor computed, for the renderer. */
export type QueryResult =
  | { select: 'tasks'; tasks: Task[] }
  | { select: 'countTasks'; tasks: Task[]; ofWhich?: Task[] }
  | { select: 'units'; units: string[]; tasks: Task[]; safeguards: Safeguard[]; count: boolean }
  | { select: 'leads'; tasks: Task[]; leads: string[] }
  | { select: 'safeguardsOf'; unit: string; safeguards: Safeguard[] }
  | { select: 'rolesAcross'; unit: string; roles: { task: Task; role: 'lead' | 'co' | 'none' }[] }
  | { select: 'roles'; task: Task; roles: { unit: string; role: 'lead' | 'co' | 'none' }[] }
  | {
      select: 'rank';
      over: 'units' | 'tasks' | 'safeguards' | 'groups';
      /** Everything ranked, best first, with its measure. */
      ranking: { name: string; n: number; task?: Task; safeguard?: Safeguard }[];
      top: { name: string; n: number; task?: Task; safeguard?: Safeguard }[];
    }
  | { select: 'compareTasks'; tasks: Task[]; same: boolean; sameLead: boolean }
  | { select: 'compareUnits'; counts: { unit: string; n: number; tasks: Task[] }[] }
  | {
      select: 'compareGroups';
      counts: { group: number; title: string; n: number; tasks: Task[]; units: string[] }[];
    };

const plays = (t: { units: string[] }, unit: string, role: 'lead' | 'co' | 'any') => {
  const i = t.units.indexOf(unit);
  return role === 'any' ? i >= 0 : role === 'lead' ? i === 0 : i > 0;
};

/** The tasks of a task-set expression, in plan order. */
export function tasksOf(kb: Knowledge, set: TaskSet): Task[] {
  const match = (t: Task, s: TaskSet): boolean => {
    switch (s.op) {
      case 'all':
        return true;
      case 'tasks':
        return s.tasks.includes(t.no);
      case 'group':
        return t.group === s.group;
      case 'unit':
        return plays(t, s.unit, s.role);
      case 'unitCount': {
        const n = t.units.length;
        return s.cmp === 'lt'
          ? n < s.n
          : s.cmp === 'le'
            ? n <= s.n
            : s.cmp === 'gt'
              ? n > s.n
              : s.cmp === 'ge'
                ? n >= s.n
                : n === s.n;
      }
      case 'unitsExactly':
        return t.units.length === s.units.length && s.units.every((u) => t.units.includes(u));
      case 'and':
        return s.sets.every((x) => match(t, x));
      case 'or':
        return s.sets.some((x) => match(t, x));
      case 'not':
        return !match(t, s.set);
    }
  };
  return kb.tasks.filter((t) => match(t, set));
}

function unitsOfSource(
  kb: Knowledge,
  src: UnitSource,
): { units: string[]; tasks: Task[]; safeguards: Safeguard[] } {
  const pick = (units: string[]) =>
    src.role === 'any' ? units : src.role === 'lead' ? units.slice(0, 1) : units.slice(1);
  if (src.from === 'tasks') {
    const tasks = tasksOf(kb, src.tasks);
    return { units: [...new Set(tasks.flatMap((t) => pick(t.units)))], tasks, safeguards: [] };
  }
  const safeguards = kb.safeguards.filter((s) => !src.safeguards || src.safeguards.includes(s.no));
  return { units: [...new Set(safeguards.flatMap((s) => pick(s.units)))], tasks: [], safeguards };
}

/** Orders unit names as the plan's unit list does. */
function inPlanOrder(kb: Knowledge, units: Iterable<string>): string[] {
  const set = new Set(units);
  return kb.units.map((u) => u.name).filter((n) => set.has(n));
}

/** Runs a typed query over the knowledge base: pure, and fast enough to run on every message. */
export function runQuery(kb: Knowledge, q: Query): QueryResult {
  switch (q.select) {
    case 'tasks':
      return { select: 'tasks', tasks: tasksOf(kb, q.tasks) };
    case 'countTasks': {
      const tasks = tasksOf(kb, q.tasks);
      return q.ofWhich
        ? { select: 'countTasks', tasks, ofWhich: tasksOf(kb, { op: 'and', sets: [q.tasks, q.ofWhich] }) }
        : { select: 'countTasks', tasks };
    }
    case 'units': {
      const parts = q.sources.map((s) => unitsOfSource(kb, s));
      const [first, ...rest] = parts;
      let units = first?.units ?? [];
      if (q.combine === 'union') units = [...new Set(parts.flatMap((p) => p.units))];
      if (q.combine === 'common') units = units.filter((u) => rest.every((p) => p.units.includes(u)));
      if (q.combine === 'minus') units = units.filter((u) => !rest.some((p) => p.units.includes(u)));
      units = units.filter((u) => !q.except.includes(u));
      if (q.taskCount !== undefined) {
        const n = q.taskCount;
        const role = q.taskRole ?? 'any';
        units = units.filter((u) => kb.tasks.filter((t) => plays(t, u, role)).length === n);
      }
      // units of one task keep the clause's order (lead first); otherwise the plan's order
      const ordered =
        parts.length === 1 && (first?.tasks.length ?? 0) + (first?.safeguards.length ?? 0) === 1
          ? units
          : inPlanOrder(kb, units);
      return {
        select: 'units',
        units: ordered,
        tasks: [...new Set(parts.flatMap((p) => p.tasks))],
        safeguards: [...new Set(parts.flatMap((p) => p.safeguards))],
        count: q.count,
      };
    }
    case 'leads': {
      const tasks = tasksOf(kb, q.tasks);
      return {
        select: 'leads',
        tasks,
        leads: inPlanOrder(
          kb,
          tasks.map((t) => t.units[0] as string),
        ),
      };
    }
    case 'rolesAcross':
      return {
        select: 'rolesAcross',
        unit: q.unit,
        roles: q.tasks.map((n) => {
          const task = kb.tasks[n - 1] as Task;
          const i = task.units.indexOf(q.unit);
          return { task, role: i < 0 ? 'none' : i === 0 ? 'lead' : 'co' };
        }),
      };
    case 'safeguardsOf':
      return {
        select: 'safeguardsOf',
        unit: q.unit,
        safeguards: kb.safeguards.filter((s) => plays(s, q.unit, q.role)),
      };
    case 'roles': {
      const task = kb.tasks[q.task - 1] as Task;
      return {
        select: 'roles',
        task,
        roles: q.units.map((unit) => {
          const i = task.units.indexOf(unit);
          return { unit, role: i < 0 ? 'none' : i === 0 ? 'lead' : 'co' };
        }),
      };
    }
    case 'rank': {
      const pool = q.within ? tasksOf(kb, q.within) : kb.tasks;
      const counted = q.measure === 'safeguards' ? kb.safeguards : pool;
      const items =
        q.over === 'units'
          ? kb.units
              .filter((u) => !q.except.includes(u.name))
              .map((u) => ({ name: u.name, n: counted.filter((t) => plays(t, u.name, q.role)).length }))
          : q.over === 'groups'
            ? kb.groups.map((g) => {
                const tasks = kb.tasks.filter((t) => t.group === g.no);
                const n = q.measure === 'units' ? new Set(tasks.flatMap((t) => t.units)).size : tasks.length;
                return {
                  name: `第${['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][g.no] ?? g.no}部分「${g.title}」`,
                  n,
                };
              })
            : q.over === 'tasks'
              ? pool.map((t) => ({ name: `任务${t.no}`, n: t.units.length, task: t }))
              : kb.safeguards.map((s) => ({ name: s.title, n: s.units.length, safeguard: s }));
      const ranking = items
        // a unit that takes part in none of the ranked tasks (县委宣传部: safeguards only) is not ranked
        .filter((x) => q.over !== 'units' || x.n > 0)
        .sort((a, b) => (q.dir === 'max' ? b.n - a.n : a.n - b.n));
      // places are dense: with 20, 13, 13, 11 the third place is 11
      const values = [...new Set(ranking.map((x) => x.n))];
      const best = values[(q.position ?? 1) - 1];
      return {
        select: 'rank',
        over: q.over,
        ranking,
        top: best === undefined ? [] : ranking.filter((x) => x.n === best),
      };
    }
    case 'compareTasks': {
      const tasks = q.tasks.map((n) => kb.tasks[n - 1] as Task);
      const [a, ...rest] = tasks as [Task, ...Task[]];
      const same = rest.every(
        (t) => t.units.length === a.units.length && t.units.every((u) => a.units.includes(u)),
      );
      return { select: 'compareTasks', tasks, same, sameLead: rest.every((t) => t.units[0] === a.units[0]) };
    }
    case 'compareGroups':
      return {
        select: 'compareGroups',
        counts: q.groups.map((g) => {
          const tasks = kb.tasks.filter((t) => t.group === g);
          const units = inPlanOrder(
            kb,
            tasks.flatMap((t) => t.units),
          );
          return {
            group: g,
            title: kb.groups[g - 1]?.title ?? '',
            n: q.measure === 'units' ? units.length : tasks.length,
            tasks,
            units,
          };
        }),
      };
    case 'compareUnits':
      return {
        select: 'compareUnits',
        counts: q.units.map((unit) => {
          const tasks = kb.tasks.filter((t) => plays(t, unit, q.role));
          return { unit, n: tasks.length, tasks };
        }),
      };
  }
}
