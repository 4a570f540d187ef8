import type { Knowledge, Safeguard, Target, Task } from '../knowledge/schema.js';
import { pickFigures } from './pick-figures.js';
import { indexPlan } from './plan-index.js';
import type { Claim, ClauseRef, GroupSet, Query, SafeguardSet, TaskSet, UnitSet } from './query.js';

type Role = 'lead' | 'co' | 'any';
type Group = Knowledge['groups'][number];
/** A clause the plan has: a task, a safeguard, the goals, or a principle. */
export type Clause =
  | { type: 'task'; task: Task }
  | { type: 'safeguard'; safeguard: Safeguard }
  | { type: 'goals' }
  | { type: 'principle'; principle: Knowledge['principles'][number] };

/** What the executor computed for a query, with the query it answers. */
export type Result =
  | { kind: 'tasks'; query: Extract<Query, { kind: 'tasks' }>; tasks: Task[] }
  | {
      kind: 'units';
      query: Extract<Query, { kind: 'units' }>;
      units: string[];
      /** The clauses the units were taken from, for the evidence. */
      tasks: Task[];
      safeguards: Safeguard[];
    }
  | { kind: 'groups'; query: Extract<Query, { kind: 'groups' }>; groups: Group[] }
  | { kind: 'safeguards'; query: Extract<Query, { kind: 'safeguards' }>; safeguards: Safeguard[] }
  | { kind: 'clause'; query: Extract<Query, { kind: 'clause' }>; clause: Clause; targets: Target[] }
  | { kind: 'role'; query: Extract<Query, { kind: 'role' }>; clause: Clause; role: 'lead' | 'co' | 'none' }
  | {
      kind: 'roles';
      query: Extract<Query, { kind: 'roles' }>;
      clauses: Clause[];
      rows: { unit: string; clause: Clause; role: 'lead' | 'co' | 'none' }[];
    }
  | {
      kind: 'check';
      query: Extract<Query, { kind: 'check' }>;
      yes: boolean;
      /** The tasks (or safeguards) the claim was tested on, split by whether they meet it. */
      meets: Task[];
      fails: Task[];
      safeguards: Safeguard[];
      count?: number;
    }
  | {
      kind: 'rank';
      query: Extract<Query, { kind: 'rank' }>;
      ranking: RankItem[];
      top: RankItem[];
    }
  | {
      kind: 'compare';
      query: Extract<Query, { kind: 'compare' }>;
      rows: { name: string; n: number; tasks: Task[]; units: string[] }[];
    }
  | { kind: 'doc'; query: Extract<Query, { kind: 'doc' }> }
  | { kind: 'several'; query: Extract<Query, { kind: 'several' }>; parts: Result[] }
  | {
      kind: 'other';
      query: Extract<
        Query,
        { kind: 'gap' | 'progress' | 'clarify' | 'unclear' | 'empty' | 'tooLong' | 'help' }
      >;
    };

/** One ranked unit, task, safeguard or group with its measure. */
export interface RankItem {
  name: string;
  n: number;
  task?: Task;
  safeguard?: Safeguard;
  group?: Group;
}

/** Whether a unit plays a role in a clause with units. */
export function plays(x: { units: string[] }, unit: string, role: Role): boolean {
  const i = x.units.indexOf(unit);
  return role === 'any' ? i >= 0 : role === 'lead' ? i === 0 : i > 0;
}

const compareBy = (n: number, cmp: string, m: number) =>
  cmp === 'lt' ? n < m : cmp === 'le' ? n <= m : cmp === 'gt' ? n > m : cmp === 'ge' ? n >= m : n === m;

/** Whether a task (or a safeguard, for the unit tests) is in a task set. */
/** True when a task or safeguard is in a task set. */
export function inSet(kb: Knowledge, t: Task | Safeguard, s: TaskSet): boolean {
  const task = 'group' in t ? t : undefined;
  switch (s.op) {
    case 'all':
      return true;
    case 'tasks':
      return task !== undefined && s.tasks.includes(task.no);
    case 'group':
      return task !== undefined && task.group === s.group;
    case 'unit':
      return plays(t, s.unit, s.role);
    case 'unitCount':
      return compareBy(t.units.length, s.cmp, s.n);
    case 'due': {
      const year = task?.deadline.date ? Number(task.deadline.date.slice(0, 4)) : undefined;
      if (year === undefined) return false;
      return s.cmp === 'le' ? year <= s.year : s.cmp === 'ge' ? year >= s.year : year === s.year;
    }
    case 'hasUnits':
      // the first unit listed leads; any other cooperates
      return t.units.length >= (s.role === 'co' ? 2 : 1);
    case 'unitsExactly':
      return t.units.length === s.units.length && s.units.every((u) => t.units.includes(u));
    case 'sameUnitsAs': {
      const sg = kb.safeguards[s.safeguard - 1];
      return (
        sg !== undefined && sg.units.length === t.units.length && sg.units.every((u) => t.units.includes(u))
      );
    }
    case 'and':
      return s.sets.every((x) => inSet(kb, t, x));
    case 'or':
      return s.sets.some((x) => inSet(kb, t, x));
    case 'not':
      return !inSet(kb, t, s.set);
  }
}

/** The tasks of a task set, in plan order. */
export function tasksOf(kb: Knowledge, set: TaskSet): Task[] {
  return kb.tasks.filter((t) => inSet(kb, t, set));
}

/** The safeguards of a safeguard set, in plan order. */
function safeguardsOf(kb: Knowledge, set: SafeguardSet): Safeguard[] {
  if (set.op === 'all') return kb.safeguards;
  if (set.op === 'nos') return kb.safeguards.filter((s) => set.nos.includes(s.no));
  return kb.safeguards.filter((s) => plays(s, set.unit, set.role) !== (set.neg === true));
}

/** Orders unit names as the plan's unit list does. */
function inPlanOrder(kb: Knowledge, units: Iterable<string>): string[] {
  const set = new Set(units);
  return kb.units.map((u) => u.name).filter((n) => set.has(n));
}

const pick = (units: string[], role: Role) =>
  role === 'any' ? units : role === 'lead' ? units.slice(0, 1) : units.slice(1);

/** The units of a unit set, with the clauses they came from. */
function unitsOf(kb: Knowledge, set: UnitSet): { units: string[]; tasks: Task[]; safeguards: Safeguard[] } {
  switch (set.op) {
    case 'named':
      return { units: set.units, tasks: [], safeguards: [] };
    case 'all':
      return { units: kb.units.map((u) => u.name), tasks: [], safeguards: [] };
    case 'ofTasks': {
      const tasks = tasksOf(kb, set.tasks);
      return { units: [...new Set(tasks.flatMap((t) => pick(t.units, set.role)))], tasks, safeguards: [] };
    }
    case 'ofSafeguards': {
      const safeguards = safeguardsOf(kb, set.safeguards);
      const named = [...new Set(safeguards.flatMap((s) => pick(s.units, set.role)))];
      return {
        units: set.each
          ? named.filter((u) => safeguards.every((s) => pick(s.units, set.role).includes(u)))
          : named,
        tasks: [],
        safeguards,
      };
    }
    case 'taking': {
      const tasks = tasksOf(kb, set.tasks);
      const units = kb.units
        .map((u) => u.name)
        .filter((u) => compareBy(tasks.filter((t) => plays(t, u, set.role)).length, set.cmp, set.n));
      return { units, tasks: tasks.filter((t) => t.units.some((u) => units.includes(u))), safeguards: [] };
    }
    case 'and':
    case 'or': {
      const parts = set.sets.map((s) => unitsOf(kb, s));
      const units =
        set.op === 'or'
          ? [...new Set(parts.flatMap((p) => p.units))]
          : (parts[0]?.units ?? []).filter((u) => parts.every((p) => p.units.includes(u)));
      return {
        units: inPlanOrder(kb, units),
        tasks: [...new Set(parts.flatMap((p) => p.tasks))],
        safeguards: [...new Set(parts.flatMap((p) => p.safeguards))],
      };
    }
    case 'minus': {
      const from = unitsOf(kb, set.from);
      const rest = set.sets.map((s) => unitsOf(kb, s));
      const named = rest.every((r) => r.tasks.length === 0 && r.safeguards.length === 0);
      const units = from.units.filter((u) => !rest.some((r) => r.units.includes(u)));
      return {
        units,
        // the clauses that show the units left (a unit of tasks 9 and 10 is shown by those, not by all twenty)
        tasks: [
          ...(named ? from.tasks : from.tasks.filter((t) => t.units.some((u) => units.includes(u)))),
          ...(named ? [] : rest.flatMap((r) => (r.tasks.length <= 3 ? r.tasks : []))),
        ],
        safeguards: from.safeguards,
      };
    }
  }
}

/** The clause a reference names. */
export function clauseOf(kb: Knowledge, ref: ClauseRef): Clause | undefined {
  if (ref.type === 'goals') return { type: 'goals' };
  if (ref.type === 'task') {
    const task = kb.tasks[ref.no - 1];
    return task && { type: 'task', task };
  }
  if (ref.type === 'safeguard') {
    const safeguard = kb.safeguards[ref.no - 1];
    return safeguard && { type: 'safeguard', safeguard };
  }
  const principle = kb.principles[ref.no - 1];
  return principle && { type: 'principle', principle };
}

const roleIn = (x: { units: string[] }, unit: string): 'lead' | 'co' | 'none' => {
  const i = x.units.indexOf(unit);
  return i < 0 ? 'none' : i === 0 ? 'lead' : 'co';
};

const unitsOfClause = (c: Clause): string[] =>
  c.type === 'task' ? c.task.units : c.type === 'safeguard' ? c.safeguard.units : [];

/** Tests a yes/no claim. */
function test(kb: Knowledge, claim: Claim): Omit<Extract<Result, { kind: 'check' }>, 'kind' | 'query'> {
  if (claim.is === 'inSafeguards') {
    const pool = safeguardsOf(kb, claim.safeguards);
    const safeguards = pool.filter((s) => plays(s, claim.unit, claim.role));
    const yes = claim.every ? safeguards.length === pool.length && pool.length > 0 : safeguards.length > 0;
    return { yes, meets: [], fails: [], safeguards };
  }
  if (claim.is === 'groups') {
    const meets = kb.tasks.filter((t) => inSet(kb, t, claim.pred));
    const hit = new Set(meets.map((t) => t.group)).size;
    const all = kb.groups.length;
    const yes = claim.quant === 'every' ? hit === all : claim.quant === 'some' ? hit > 0 : hit === 0;
    return { yes, meets, fails: [], safeguards: [] };
  }
  if (claim.is === 'sameGroup') {
    const meets = kb.tasks.filter((t) => claim.preds.some((p) => inSet(kb, t, p)));
    const each = claim.preds.map((p) => kb.tasks.filter((t) => inSet(kb, t, p)));
    const groups = new Set(meets.map((t) => t.group));
    return { yes: each.every((e) => e.length > 0) && groups.size === 1, meets, fails: [], safeguards: [] };
  }
  if (claim.is === 'onlyUnits') {
    // the tasks where another unit holds the role are the ones that say no
    const domain = tasksOf(kb, claim.domain);
    const fails = domain.filter((t) => pick(t.units, claim.role).some((u) => !claim.units.includes(u)));
    const meets = domain.filter((t) => !fails.includes(t));
    return { yes: fails.length === 0 && meets.length > 0, meets, fails, safeguards: [] };
  }
  if (claim.is === 'only') {
    const meets = kb.tasks.filter((t) => inSet(kb, t, claim.pred));
    const fails = meets.filter((t) => !inSet(kb, t, claim.domain));
    return {
      yes: meets.length > 0 && fails.length === 0,
      meets: meets.filter((t) => !fails.includes(t)),
      fails,
      safeguards: [],
    };
  }
  if (claim.is === 'count') {
    const meets = tasksOf(kb, claim.set);
    return {
      yes: compareBy(meets.length, claim.cmp, claim.n),
      meets,
      fails: [],
      safeguards: [],
      count: meets.length,
    };
  }
  const domain = tasksOf(kb, claim.domain);
  const meets = domain.filter((t) => inSet(kb, t, claim.pred));
  const fails = domain.filter((t) => !meets.includes(t));
  const yes =
    claim.quant === 'every'
      ? domain.length > 0 && fails.length === 0
      : claim.quant === 'some'
        ? meets.length > 0
        : meets.length === 0;
  return { yes, meets, fails, safeguards: [] };
}

/** The number a group is measured by: its tasks, or its distinct units. */
function groupMeasure(kb: Knowledge, g: Group, measure: 'tasks' | 'units' | 'safeguards') {
  const tasks = kb.tasks.filter((t) => t.group === g.no);
  const units = inPlanOrder(
    kb,
    tasks.flatMap((t) => t.units),
  );
  return { tasks, units, n: measure === 'units' ? units.length : tasks.length };
}

/** The groups of a group set. */
function groupsOf(kb: Knowledge, set: GroupSet): Group[] {
  if (set.op === 'all') return kb.groups;
  if (set.op === 'nos') return kb.groups.filter((g) => set.nos.includes(g.no));
  if (set.op === 'eachOf')
    return kb.groups.filter((g) => {
      const tasks = kb.tasks.filter((t) => t.group === g.no);
      return set.preds.every((p) => tasks.some((t) => inSet(kb, t, p)));
    });
  return kb.groups.filter((g) => {
    const tasks = kb.tasks.filter((t) => t.group === g.no);
    const meets = tasks.filter((t) => inSet(kb, t, set.pred)).length;
    return set.op === 'every' ? meets === tasks.length : set.op === 'some' ? meets > 0 : meets === 0;
  });
}

/** Runs a typed query over the plan it is given: pure, and fast enough to run on every message. */
export function execute(query: Query, kb: Knowledge): Result {
  // the executor is total: a clause the plan does not have is reported, whatever built the query
  const missing = missingClause(query, kb);
  if (missing) return { kind: 'other', query: { kind: 'gap', gaps: [{ why: 'range', words: missing }] } };
  switch (query.kind) {
    case 'tasks':
      return { kind: 'tasks', query, tasks: tasksOf(kb, query.set) };
    case 'units': {
      const r = unitsOf(kb, query.set);
      // the units of one clause keep its order (lead first); otherwise the plan's order
      const one = r.tasks.length + r.safeguards.length === 1 && query.set.op !== 'all';
      return { kind: 'units', query, ...r, units: one ? r.units : inPlanOrder(kb, r.units) };
    }
    case 'groups':
      return { kind: 'groups', query, groups: groupsOf(kb, query.set) };
    case 'safeguards':
      return { kind: 'safeguards', query, safeguards: safeguardsOf(kb, query.set) };
    case 'clause': {
      const clause = clauseOf(kb, query.ref) as Clause;
      let targets: Target[] = [];
      if (query.ask === 'targets' && (clause.type === 'task' || clause.type === 'safeguard')) {
        const x = clause.type === 'task' ? clause.task : clause.safeguard;
        const plan = indexPlan(kb);
        const pool = x.targets.filter((t) => !query.shown?.includes(t.what));
        targets = query.shown
          ? pool
          : pickFigures(
              pool,
              query.topic ?? '',
              query.measure,
              (t) => plan.topics.isCommon(t),
              query.measure !== undefined || query.topic !== undefined,
            );
        if (!query.shown && targets.length === 0 && !query.measure && query.topic) {
          // a topic word that only names the clause (品牌专业) picks none of its figures: all of them answer
          const named = pickFigures(pool, '', undefined, (t) => plan.topics.isCommon(t), false);
          if (x.targets.length && topicNamesClause(query.topic, x)) targets = named;
        }
      }
      return { kind: 'clause', query, clause, targets };
    }
    case 'role': {
      const clause = clauseOf(kb, query.ref) as Clause;
      const units = unitsOfClause(clause);
      return { kind: 'role', query, clause, role: roleIn({ units }, query.unit) };
    }
    case 'roles': {
      const clauses = query.refs.map((r) => clauseOf(kb, r) as Clause);
      const rows = query.units.flatMap((unit) =>
        clauses.map((clause) => ({ unit, clause, role: roleIn({ units: unitsOfClause(clause) }, unit) })),
      );
      return { kind: 'roles', query, clauses, rows };
    }
    case 'check':
      return { kind: 'check', query, ...test(kb, query.claim) };
    case 'rank': {
      const pool = query.within ? tasksOf(kb, query.within) : kb.tasks;
      const counted: { units: string[] }[] = query.measure === 'safeguards' ? kb.safeguards : pool;
      const items: RankItem[] =
        query.over === 'units'
          ? kb.units
              .filter((u) => !query.except.includes(u.name))
              .map((u) => ({ name: u.name, n: counted.filter((t) => plays(t, u.name, query.role)).length }))
          : query.over === 'groups'
            ? kb.groups.map((g) => ({ name: g.title, n: groupMeasure(kb, g, query.measure).n, group: g }))
            : query.over === 'tasks'
              ? pool.map((t) => ({ name: `任务${t.no}`, n: t.units.length, task: t }))
              : kb.safeguards.map((s) => ({ name: s.title, n: s.units.length, safeguard: s }));
      const ranking = items
        // a unit that takes part in none of the ranked clauses (县委宣传部: safeguards only) is not ranked
        .filter((x) => query.over !== 'units' || x.n > 0)
        .sort((a, b) => (query.dir === 'max' ? b.n - a.n : a.n - b.n));
      // places are dense: with 20, 13, 13, 11 the third place is 11
      const values = [...new Set(ranking.map((x) => x.n))];
      const best = values[query.position - 1];
      return {
        kind: 'rank',
        query,
        ranking,
        top: best === undefined ? [] : ranking.filter((x) => x.n === best),
      };
    }
    case 'compare': {
      const rows = query.items.map((item) => {
        if (query.over === 'units') {
          const tasks = kb.tasks.filter((t) => plays(t, String(item), query.role));
          return { name: String(item), n: tasks.length, tasks, units: [String(item)] };
        }
        if (query.over === 'groups') {
          const g = kb.groups[Number(item) - 1] as Group;
          const m = groupMeasure(kb, g, query.measure);
          return { name: g.title, ...m };
        }
        const t = kb.tasks[Number(item) - 1] as Task;
        return { name: `任务${t.no}`, n: t.units.length, tasks: [t], units: t.units };
      });
      return { kind: 'compare', query, rows };
    }
    case 'doc':
      return { kind: 'doc', query };
    case 'several':
      return { kind: 'several', query, parts: query.parts.map((p) => execute(p, kb)) };
    default:
      return { kind: 'other', query };
  }
}

/** True when the topic words are all in the clause's title or keywords (品牌专业 in 实施品牌专业建设计划). */
function topicNamesClause(topic: string, x: Task | Safeguard): boolean {
  const words = topic.split(' ').filter(Boolean);
  return words.length > 0 && words.every((w) => x.title.includes(w) || x.keywords.some((k) => k.includes(w)));
}

/** What a query names that the plan does not have (a task, safeguard or principle number out of range), said plainly. */
function missingClause(query: Query, kb: Knowledge): string | undefined {
  const refs: ClauseRef[] =
    query.kind === 'clause' || query.kind === 'role'
      ? [query.ref]
      : query.kind === 'roles'
        ? query.refs
        : query.kind === 'compare' && query.over === 'tasks'
          ? query.items.map((no) => ({ type: 'task', no: Number(no) }))
          : [];
  const ref = refs.find((r) => !clauseOf(kb, r));
  if (!ref || ref.type === 'goals') return undefined;
  if (ref.type === 'task')
    return `本方案共${kb.tasks.length}项重点任务（任务1—${kb.tasks.length}），没有任务${ref.no}。`;
  if (ref.type === 'safeguard') return `本方案共${kb.safeguards.length}项保障机制，没有第${ref.no}项。`;
  return `本方案共${kb.principles.length}项基本原则，没有第${ref.no}项。`;
}
