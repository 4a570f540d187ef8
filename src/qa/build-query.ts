import type { RoleName, Span, SpanOf } from '../language/spans.js';
import type { Query, TaskSet, UnitSource } from './query.js';
import {
  COMMON_WORDS,
  isLink,
  MINUS_WORDS,
  type Reading,
  ROLE_QUESTION,
  roleIn,
  UNION_WORDS,
  type UnitRef,
} from './query-reading.js';
import type { askedFor, rankPlace, unitCountIn } from './read-question-parts.js';
import { combine, constraintSet, unitConstraints } from './unit-constraints.js';
/** What the parser found in a question, handed to `build`. */
export interface Found {
  units: UnitRef[];
  tasks: number[];
  groups: number[];
  safeguard: number | undefined;
  safeguards: number[];
  asked: ReturnType<typeof askedFor>;
  unitCount: ReturnType<typeof unitCountIn>;
  place: ReturnType<typeof rankPlace>;
  /** The unit's place in the list was asked for (排第一位): its lead role. */
  leadForced?: boolean;
}

/** Builds the query from what was found; undefined when the pieces do not fit one reading. */
export function build(r: Reading, f: Found): Query | undefined {
  const { units, tasks, groups, safeguard, asked } = f;
  const kb = r.kb;
  const role: RoleName =
    f.leadForced || r.all('role').some(({ s }) => s.role === 'lead')
      ? 'lead'
      : r.all('role').some(({ s }) => s.role === 'co')
        ? 'co'
        : 'any';
  const exceptUnits = (): string[] => {
    const ex = r.ops('except');
    if (!ex.length) return [];
    r.use('except');
    const first = ex[0]?.i ?? 0;
    // 除了X(和Y)(以外): the units right after 除(了), up to the first word that is not a unit or a link
    const out: string[] = [];
    for (let k = first + 1; k < r.spans.length; k++) {
      const s = r.spans[k] as Span;
      if (s.kind === 'unit') out.push(s.name);
      else if (!(isLink(s) || (s.kind === 'op' && s.op === 'except'))) break;
    }
    return out;
  };

  // compare: 一样吗 / 相同 / 哪个多 / 谁更多 / 比
  const comparesBy = r.says(/(?:哪个|哪项|谁)[^,.?]{0,10}?(?:更)?(?:多|少)(?:一些|一点)?(?:吗|呢|啊)?[?.]?$/);
  if (
    r.has('same', 'compare') ||
    (r.has('different') && !r.says(/不同的(?:责任)?单位/)) ||
    (comparesBy && (tasks.length >= 2 || units.length >= 2 || groups.length >= 2))
  ) {
    r.use('same', 'different', 'compare', 'common');
    if (tasks.length >= 2 && units.length === 1 && r.says(ROLE_QUESTION)) {
      return { select: 'rolesAcross', unit: (units[0] as UnitRef).name, tasks };
    }
    if (groups.length >= 2 && tasks.length === 0 && units.length === 0) {
      return { select: 'compareGroups', groups, measure: r.says(/单位|部门/) ? 'units' : 'tasks' };
    }
    if (tasks.length >= 2 && units.length === 0) {
      const how = r.has('compare') || r.says(/多|少/) ? 'more' : 'same';
      return {
        select: 'compareTasks',
        tasks,
        how: how === 'more' && r.has('same') && !r.says(/哪个|谁/) ? 'same' : how,
      };
    }
    if (units.length >= 2 && tasks.length === 0)
      return { select: 'compareUnits', units: units.map((u) => u.name), role };
    return undefined;
  }

  // "县发改局排第一位(牵头)的任务": first in the list of a named unit is its lead role, not a superlative
  const firstPlace = r.ops('most').filter(({ s }) => /第一/.test(s.text));
  if (units.length >= 1 && firstPlace.length && !f.leadForced) {
    for (const f of firstPlace) r.used.add(f.i);
    return build(r, { ...f, asked: asked ?? 'tasks', leadForced: true });
  }
  // superlatives: 最多 / 最少 / 排第一
  if (r.ops('most', 'least').some(({ i }) => !r.used.has(i)) || f.place) {
    const dir = f.place?.dir ?? (r.has('least') ? 'min' : 'max');
    const position = f.place && f.place.position > 1 ? { position: f.place.position } : {};
    r.use('most', 'least');
    const except = exceptUnits();
    const aboutUnits =
      r.all('q').some(({ s }) => s.q === 'who' || /单位|部门/.test(s.text)) ||
      r.says(
        /哪个(?:单位|部门)|哪家|(?:参与|牵头|负责|配合)(?:的)?(?:任务|保障机制)(?:条数|项数|数量)?最|的(?:单位|部门)(?:是哪|有哪|$)/,
      );
    const aboutTasks = r.all('q').some(({ s }) => /任务|项/.test(s.text)) || r.says(/哪(?:项|个|一项)任务/);
    if (safeguard !== undefined && aboutUnits && units.length === 0 && !r.says(/哪(?:一)?条/)) {
      return { select: 'rank', over: 'units', role, dir, except, measure: 'safeguards', ...position };
    }
    if (safeguard !== undefined)
      return { select: 'rank', over: 'safeguards', role: 'any', dir, except, ...position };
    // 哪一部分的任务最多 / 哪个部分涉及的单位最少
    if (r.says(/哪(?:一|个)?(?:部分|组)/) && groups.length === 0 && units.length === 0) {
      const measure = r.says(/单位|部门/) ? 'units' : 'tasks';
      return { select: 'rank', over: 'groups', role: 'any', dir, except, measure, ...position };
    }
    if (groups.length > 1) return undefined;
    if (aboutUnits && !aboutTasks && groups.length === 0)
      return { select: 'rank', over: 'units', role, dir, except, ...position };
    if (aboutTasks && !aboutUnits) {
      // 第四部分里 / 县工科局参与的任务中: only those tasks are ranked
      const within: TaskSet[] = groups.map((g) => ({ op: 'group', group: g }) as TaskSet);
      for (const c of unitConstraints(r, units)) within.push(constraintSet(c));
      r.use('which', 'and');
      return {
        select: 'rank',
        over: 'tasks',
        role: 'any',
        dir,
        except,
        ...position,
        ...(within.length ? { within: combine(within, 'and') } : {}),
      };
    }
    return undefined;
  }

  // 县委宣传部在哪一条保障机制里: the safeguards a unit is named in
  if (
    safeguard === 0 &&
    units.length === 1 &&
    tasks.length === 0 &&
    groups.length === 0 &&
    !r.says(/任务/) &&
    !r.has('not', 'only')
  ) {
    return { select: 'safeguardsOf', unit: (units[0] as UnitRef).name, role };
  }
  // 县财政局在任务3和任务14里的角色一样吗
  if (tasks.length >= 2 && units.length === 1 && r.says(ROLE_QUESTION)) {
    r.use('same', 'different', 'all', 'and');
    return { select: 'rolesAcross', unit: (units[0] as UnitRef).name, tasks };
  }
  // roles of units in one task: 县财政局在任务9里是牵头还是配合 / 分别是什么角色
  if (tasks.length === 1 && units.length >= 1 && r.says(ROLE_QUESTION)) {
    r.use('all');
    return { select: 'roles', task: tasks[0] as number, units: units.map((u) => u.name) };
  }

  if (asked === 'units' || asked === 'countUnits' || asked === 'leads') {
    const except = exceptUnits();
    const count = asked === 'countUnits';
    // 任务12除了牵头单位，还有哪些配合单位
    const exceptLead =
      r.ops('except').length > 0 && except.length === 0 && r.says(/除(?:了|去|开)?牵头(?:单位|部门|的)/);
    const unitRole: RoleName = exceptLead
      ? 'co'
      : role === 'lead' && asked !== 'leads'
        ? 'lead'
        : role === 'co'
          ? 'co'
          : 'any';
    if (asked === 'leads') {
      const set = groups.length
        ? combine(
            groups.map((g) => ({ op: 'group', group: g }) as TaskSet),
            'or',
          )
        : tasks.length
          ? ({ op: 'tasks', tasks } as TaskSet)
          : undefined;
      if (!set) return undefined;
      r.use('all');
      return { select: 'leads', tasks: set };
    }
    if (tasks.length >= 2) {
      const combineHow =
        r.use('difference') || r.says(MINUS_WORDS)
          ? 'minus'
          : r.use('total') || r.says(UNION_WORDS)
            ? 'union'
            : r.use('common') || r.says(COMMON_WORDS)
              ? 'common'
              : undefined;
      if (!combineHow) return undefined;
      r.use('not', 'all', 'and');
      // "任务12的责任单位里哪些不在任务3中": the first task named is the one subtracted from; each task takes the
      // role word after it ("任务14的配合单位中有哪些也是任务3的责任单位")
      const roleAfter = (n: number): RoleName => {
        const at = r.spans.findIndex((x) => x.kind === 'task' && x.tasks.includes(n));
        const next = r.spans.findIndex((x, k) => k > at && x.kind === 'task');
        const own = at >= 0 ? roleIn(r.spans.slice(at + 1, next >= 0 ? next : undefined)) : undefined;
        return exceptLead ? 'co' : own && own !== 'any' ? own : own === 'any' ? 'any' : unitRole;
      };
      return {
        select: 'units',
        sources: tasks.map(
          (n) => ({ from: 'tasks', tasks: { op: 'tasks', tasks: [n] }, role: roleAfter(n) }) as UnitSource,
        ),
        combine: combineHow,
        except,
        count,
      };
    }
    if (tasks.length === 1 && (except.length || exceptLead || count)) {
      r.use('total', 'different');
      return {
        select: 'units',
        sources: [{ from: 'tasks', tasks: { op: 'tasks', tasks }, role: unitRole }],
        combine: 'union',
        except,
        count,
      };
    }
    const safeguards = f.safeguards;
    const againstTasks = r.says(/任务/) && (r.has('not') || r.says(/不在|没有|不负责|一个都没有/));
    // 保障机制第四条有、第一条没有的单位 / 第一条和第四条共同的单位
    if (safeguards.length >= 2 && !againstTasks) {
      const how = r.says(/没有|不在|而/)
        ? 'minus'
        : r.says(/共同|都有|相同|重合/)
          ? 'common'
          : r.has('total')
            ? 'union'
            : undefined;
      if (!how) return undefined;
      r.use('not', 'common', 'total', 'and', 'difference', 'but');
      return {
        select: 'units',
        sources: safeguards.map(
          (n) => ({ from: 'safeguards', safeguards: [n], role: unitRole }) as UnitSource,
        ),
        combine: how,
        except,
        count,
      };
    }
    // 保障机制第一条里有、但20项任务里一个都没有的单位 / 只出现在保障机制里、不负责任何一项重点任务
    if (safeguard !== undefined && againstTasks && tasks.length === 0 && units.length === 0) {
      r.use('only', 'not', 'but', 'which', 'neither', 'total', 'different');
      return {
        select: 'units',
        sources: [
          { from: 'safeguards', ...(safeguards.length ? { safeguards } : {}), role: 'any' },
          { from: 'tasks', tasks: { op: 'all' }, role: 'any' },
        ],
        combine: 'minus',
        except,
        count,
      };
    }
    // 四条保障机制一共涉及多少个不同的单位: the safeguards alone, unless the tasks are counted in too
    if (
      safeguard !== undefined &&
      count &&
      tasks.length === 0 &&
      units.length === 0 &&
      !r.says(/算上|加上|整个方案|任务/)
    ) {
      r.use('total', 'different', 'all');
      return {
        select: 'units',
        sources: [{ from: 'safeguards', ...(safeguards.length ? { safeguards } : {}), role: unitRole }],
        combine: 'union',
        except,
        count,
      };
    }
    if (safeguard !== undefined && safeguard > 0 && (except.length || count)) {
      return {
        select: 'units',
        sources: [{ from: 'safeguards', safeguards: [safeguard], role: unitRole }],
        combine: 'union',
        except,
        count,
      };
    }
    // 只出现在第四部分的任务里的单位: in that group's tasks and no other
    if (r.has('only') && groups.length >= 1 && tasks.length === 0 && units.length === 0) {
      r.use('only');
      const set = combine(
        groups.map((g) => ({ op: 'group', group: g }) as TaskSet),
        'or',
      );
      return {
        select: 'units',
        sources: [
          { from: 'tasks', tasks: set, role: 'any' },
          { from: 'tasks', tasks: { op: 'not', set }, role: 'any' },
        ],
        combine: 'minus',
        except,
        count,
      };
    }
    // 哪些单位在20项重点任务中只参与了一项
    if (r.has('only') && tasks.length === 0 && units.length === 0) {
      const n = r.all('number').find(({ s }) => s.counter === '项' && s.value < 20);
      if (!n) return undefined;
      r.use('only');
      return {
        select: 'units',
        sources: [{ from: 'tasks', tasks: { op: 'all' }, role: 'any' }],
        combine: 'union',
        except,
        taskCount: n.s.value,
        ...(role !== 'any' ? { taskRole: role } : {}),
        count,
      };
    }
    if (groups.length) {
      r.use('all', 'total', 'and', 'different');
      const set = combine(
        groups.map((g) => ({ op: 'group', group: g }) as TaskSet),
        'or',
      );
      if (unitRole === 'lead') return { select: 'leads', tasks: set };
      return {
        select: 'units',
        sources: [{ from: 'tasks', tasks: set, role: unitRole }],
        combine: 'union',
        except,
        count,
      };
    }
    if (count && tasks.length === 0 && units.length === 0) {
      r.use('total', 'different');
      const withSafeguards = safeguard !== undefined || r.says(/整个方案|全部单位|所有单位/);
      const sources: UnitSource[] = [{ from: 'tasks', tasks: { op: 'all' }, role: unitRole }];
      if (withSafeguards) sources.push({ from: 'safeguards', role: unitRole });
      return { select: 'units', sources, combine: 'union', except, count };
    }
    if (tasks.length === 0 && units.length >= 1 && asked === 'units') return undefined;
  }

  if (
    asked === 'tasks' ||
    asked === 'countTasks' ||
    (asked === undefined && units.length >= 2 && r.says(/负责|参与|牵头|任务/))
  ) {
    const sets: TaskSet[] = [];
    for (const g of groups) sets.push({ op: 'group', group: g });
    // a task is in one group only: 第一、二部分 / 第一和第五部分 are either of them
    if (groups.length > 1 && (r.use('total') || r.use('and') || r.use('or') || true))
      sets.splice(
        0,
        sets.length,
        combine(
          groups.map((g) => ({ op: 'group', group: g })),
          'or',
        ),
      );
    // 哪些任务只有一个责任单位 / 恰好有三个 / 不超过两个 / 只由X和Y负责 / 就是X、Y四家，没有别的
    const onlyOp = r.ops('only')[0];
    // 不是只有县教育局一家负责: the negation of "only"
    const notOnly =
      onlyOp && r.spans[onlyOp.i - 1]?.kind === 'op' && (r.spans[onlyOp.i - 1] as SpanOf<'op'>).op === 'not';
    const wrap = (x: TaskSet): TaskSet => (notOnly ? { op: 'not', set: x } : x);
    // 县工科局只是配合的任务: 只 limits the role, not the list of units
    // (单独负责 is "alone": the unit list; 只是配合 / 只牵头 restrict the role)
    const onlyRole =
      onlyOp && r.spans.slice(onlyOp.i + 1, onlyOp.i + 3).some((x) => x.kind === 'role' && x.role !== 'any');
    if (onlyRole) r.use('only');
    if (onlyOp && units.length && !onlyRole) {
      r.use('only', 'and', 'all', 'not');
      sets.push(wrap({ op: 'unitsExactly', units: units.map((u) => u.name) }));
    } else if (f.unitCount) {
      r.use('only', 'not');
      sets.push(wrap({ op: 'unitCount', n: f.unitCount.n, cmp: f.unitCount.cmp }));
    } else if (onlyOp && !onlyRole) return undefined;
    else if (units.length) {
      const cs = unitConstraints(r, units).map((c) => (f.leadForced ? { ...c, role: 'lead' as const } : c));
      if (cs.some((c) => c.negated)) r.use('not', 'neither');
      if (cs.some((c) => c.joinedBy === 'or')) r.use('or');
      r.use('and', 'all', 'but', 'which', 'common');
      // 县文旅局和县委编办参与的任务合起来: the tasks of either
      const together =
        r.has('total') && units.length >= 2 && !r.says(/都|共同|同时|既/) && !cs.some((c) => c.negated);
      const anyOr = together || cs.some((c) => c.joinedBy === 'or');
      sets.push(combine(cs.map(constraintSet), anyOr ? 'or' : 'and'));
    } else if (r.has('not')) return undefined;
    // 除了任务12，县农业农村局还参与了哪些任务: the tasks named after 除了 are left out
    const ex = r.ops('except')[0];
    const exTask = ex ? r.spans.slice(ex.i + 1, ex.i + 3).find((x) => x.kind === 'task') : undefined;
    if (exTask?.kind === 'task') {
      r.use('except');
      sets.push({ op: 'not', set: { op: 'tasks', tasks: exTask.tasks } });
      const rest = tasks.filter((n) => !exTask.tasks.includes(n));
      if (rest.length) sets.push({ op: 'tasks', tasks: rest });
    } else if (tasks.length) sets.push({ op: 'tasks', tasks });
    if (sets.length === 0) {
      if (asked === 'countTasks') sets.push({ op: 'all' });
      else return undefined;
    }
    r.use('total');
    const set = combine(sets, 'and');
    if (asked === 'countTasks') {
      // 县财政局参与几项任务，其中牵头几项
      const counts = r.ops('count');
      if (counts.length > 1 && units.length === 1 && r.says(/其中/)) {
        const tail = r.spans.slice((counts[0]?.i ?? 0) + 1);
        const tailRole = roleIn(tail);
        if (tailRole && tailRole !== 'any') {
          return {
            select: 'countTasks',
            tasks: set,
            ofWhich: { op: 'unit', unit: (units[0] as UnitRef).name, role: tailRole },
          };
        }
      }
      return { select: 'countTasks', tasks: set };
    }
    return { select: 'tasks', tasks: set };
  }
  return undefined;
}
