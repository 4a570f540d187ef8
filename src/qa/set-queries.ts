import type { Frame } from './frame.js';
import type { ClauseRef, Query, SafeguardSet, TaskSet, UnitSet } from './query.js';
import { join, type Role, roleAsked, taskSetOf, unitSet, unitsSet } from './task-sets.js';

/** Yes / no over sets. */
export function check(f: Frame, refs: ClauseRef[]): Query | undefined {
  const u = f.units[0];
  // 所有任务都有配合单位吗 / 任务7有配合单位吗 / 有没有任务没有配合单位 / 第一组的任务都有配合单位吗
  if (!u && f.hasUnits) {
    const has: TaskSet = { op: 'hasUnits', role: f.hasUnits.role };
    const domain = taskSetOf({ ...f, hasUnits: undefined }) ?? { op: 'all' };
    const named = f.tasks.length > 0 || f.groups.length > 0 || f.quant === 'every';
    const quant = named && f.quant !== 'any' ? (f.hasUnits.neg ? 'none' : 'every') : 'some';
    const pred: TaskSet = f.hasUnits.neg && quant === 'some' ? { op: 'not', set: has } : has;
    return { kind: 'check', claim: { is: 'quant', quant, domain, pred } };
  }
  if (!u) {
    // 任务7是不是只有一个责任单位
    if (f.unitCount && f.tasks.length) {
      return {
        kind: 'check',
        claim: {
          is: 'quant',
          quant: 'every',
          domain: { op: 'tasks', tasks: f.tasks },
          pred: { op: 'unitCount', n: f.unitCount.n, cmp: f.unitCount.cmp },
        },
      };
    }
    return undefined;
  }
  const role = (f.roles.find((x) => x !== 'any') ?? u.role) as Role;
  // 保障机制里有它吗 / 县财政局在保障机制里吗 / 保障机制每一条都有县财政局吗
  if (f.safeguard && f.tasks.length === 0 && f.groups.length === 0) {
    const set: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    const every = f.quant === 'every' || f.quantOver === 'safeguards';
    return {
      kind: 'check',
      claim: { is: 'inSafeguards', unit: u.name, safeguards: set, role, ...(every ? { every } : {}) },
    };
  }
  // 县人社局在每一组都有任务吗: the quantifier is over the groups
  if (f.quantOver === 'groups' && f.groups.length === 0 && f.tasks.length === 0 && f.units.length === 1) {
    const quant = u.neg || f.quant === 'none' ? 'none' : f.quant === 'every' ? 'every' : 'some';
    return { kind: 'check', claim: { is: 'groups', quant, pred: { op: 'unit', unit: u.name, role } } };
  }
  // 县文旅局和县委编办的任务在不在同一组
  if (f.sameGroup && f.units.length >= 2 && f.tasks.length === 0)
    return { kind: 'check', claim: { is: 'sameGroup', preds: f.units.map((x) => unitSet(x)) } };
  // 有县税务局的任务是不是都有县工科局: the units before 都 make the domain, those after it the test
  const before = f.unitsBeforeQuant ?? 0;
  if (f.quant === 'every' && before >= 1 && before < f.units.length && f.tasks.length === 0 && !f.safeguard) {
    const domain = taskSetOf({ ...f, units: f.units.slice(0, before), quant: undefined }) ?? { op: 'all' };
    const pred = join(
      f.units.slice(before).map((x) => unitSet(x)),
      'and',
    ) as TaskSet;
    return { kind: 'check', claim: { is: 'quant', quant: 'every', domain, pred } };
  }
  // 是不是只有县教育局牵头任务: are the units of that role all among those named
  if (f.onlyUnits && f.tasks.length === 0 && !f.taskCount && !f.units.some((x) => x.neg) && role !== 'any') {
    const domain = taskSetOf({ ...f, units: [], quant: undefined }) ?? { op: 'all' };
    return { kind: 'check', claim: { is: 'onlyUnits', units: f.units.map((x) => x.name), role, domain } };
  }
  // 县工科局是不是只在第四组有任务: are all its tasks in the domain
  if (
    f.quant === 'only' &&
    !f.onlyUnits &&
    f.groups.length &&
    f.units.length === 1 &&
    !f.taskCount &&
    !u.neg
  ) {
    const domain = taskSetOf({ ...f, units: [] }) ?? { op: 'all' };
    return { kind: 'check', claim: { is: 'only', domain, pred: { op: 'unit', unit: u.name, role } } };
  }
  // 除了这项任务，在方案别的地方还出现过吗: the other tasks, and the safeguards
  if (f.notTasks.length && !f.domain && !f.safeguard && f.tasks.length === 0 && f.groups.length === 0) {
    const pred: TaskSet = { op: 'unit', unit: u.name, role };
    return {
      kind: 'several',
      parts: [
        {
          kind: 'check',
          claim: {
            is: 'quant',
            quant: 'some',
            domain: { op: 'not', set: { op: 'tasks', tasks: f.notTasks } },
            pred,
          },
        },
        { kind: 'check', claim: { is: 'inSafeguards', unit: u.name, safeguards: { op: 'all' }, role } },
      ],
    };
  }
  // 县委编办是不是只参与了一项
  if (f.taskCount) {
    const domain = taskSetOf({ ...f, units: [] }) ?? { op: 'all' };
    const set: TaskSet = { op: 'and', sets: [domain, { op: 'unit', unit: u.name, role }] };
    return { kind: 'check', claim: { is: 'count', set, n: f.taskCount.n, cmp: f.taskCount.cmp } };
  }
  // 第二组每项都有县财政局吗 / 县人社局是否参与了第一组的每一项
  if (f.groups.length || (f.tasks.length >= 2 && refs.length >= 2)) {
    const domain = taskSetOf({ ...f, units: [] }) ?? { op: 'all' };
    const quant = f.quant === 'none' || u.neg ? 'none' : f.quant === 'any' ? 'some' : 'every';
    return { kind: 'check', claim: { is: 'quant', quant, domain, pred: { op: 'unit', unit: u.name, role } } };
  }
  // 县税务局有没有牵头的任务 / 有没有县税务局参与而县工科局不参与的任务 / Does the tax bureau lead any task?
  if (f.tasks.length === 0 && f.topic === '' && (f.quant === 'any' || f.ask === 'tasks' || f.yesno)) {
    const domain = taskSetOf({ ...f, units: [] }) ?? { op: 'all' };
    const pred: TaskSet =
      f.units.length > 1
        ? (unitsSet(f) as TaskSet)
        : { op: 'unit', unit: u.name, role: f.units.length > 1 ? u.role : role };
    const quant = f.quant === 'every' ? 'every' : u.neg && f.units.length === 1 ? 'none' : 'some';
    return { kind: 'check', claim: { is: 'quant', quant, domain, pred } };
  }
  return undefined;
}

/** Sets of units. */
export function unitsQuery(f: Frame, refs: ClauseRef[]): Query | undefined {
  const role = roleAsked(f);
  const count = f.count;
  const except = (set: UnitSet): UnitSet =>
    f.exceptUnits.length ? { op: 'minus', from: set, sets: [{ op: 'named', units: f.exceptUnits }] } : set;
  const taskRefs = refs.filter((r): r is { type: 'task'; no: number } => r.type === 'task');
  const sgRefs = refs.filter((r): r is { type: 'safeguard'; no: number } => r.type === 'safeguard');
  // each task's or safeguard's units: 任务12和任务14共同的 / 合起来 / 有而没有
  const sources: UnitSet[] = [
    ...taskRefs.map((r) => ({ op: 'ofTasks', tasks: { op: 'tasks', tasks: [r.no] }, role }) as UnitSet),
    ...sgRefs.map((r) => ({ op: 'ofSafeguards', safeguards: { op: 'nos', nos: [r.no] }, role }) as UnitSet),
  ];
  // 第二组和第三组共有的责任单位: the units of each group, combined
  if (
    sources.length === 0 &&
    f.groups.length >= 2 &&
    (f.setop === 'common' || f.setop === 'minus' || f.quant === 'every' || f.negated)
  )
    sources.push(
      ...f.groups.map((g) => ({ op: 'ofTasks', tasks: { op: 'group', group: g }, role }) as UnitSet),
    );
  // 保障机制里四条都有的单位: the units named in each safeguard of the set
  if (
    sources.length === 0 &&
    f.safeguard &&
    f.groups.length === 0 &&
    f.tasks.length === 0 &&
    f.units.length === 0 &&
    (f.setop === 'common' || f.quantOver === 'safeguards')
  ) {
    const sg: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    return { kind: 'units', set: except({ op: 'ofSafeguards', safeguards: sg, role, each: true }), count };
  }
  if (sources.length >= 2) {
    const how =
      f.setop ?? (f.negated ? 'minus' : f.total ? 'union' : f.quant === 'every' ? 'common' : undefined);
    if (!how) return undefined;
    const [first, ...rest] = sources as [UnitSet, ...UnitSet[]];
    const set: UnitSet =
      how === 'minus'
        ? { op: 'minus', from: first, sets: rest }
        : { op: how === 'common' ? 'and' : 'or', sets: sources };
    return { kind: 'units', set: except(set), count };
  }
  if (sources.length === 1) {
    const set = sources[0] as UnitSet;
    // 任务12的责任单位中哪些也在保障机制里: the clause's units that the safeguards name too
    if (f.setop === 'common' && f.safeguard && sgRefs.length === 0 && f.units.length === 0)
      return {
        kind: 'units',
        set: except({
          op: 'and',
          sets: [set, { op: 'ofSafeguards', safeguards: { op: 'all' }, role: 'any' }],
        }),
        count,
      };
    // 保障机制第一条里有、但20项重点任务里一个都没有的单位 / 营造良好发展环境的责任单位中哪些没有参与任何一项重点任务
    // 任务12的单位里哪些没出现在别的任务里: the other tasks, not the named one
    if ((f.negated || f.quant === 'none') && (f.safeguard || f.domain) && f.units.length === 0) {
      const named = taskRefs.map((r) => r.no);
      const tasks: TaskSet =
        f.other && named.length ? { op: 'not', set: { op: 'tasks', tasks: named } } : { op: 'all' };
      return {
        kind: 'units',
        set: { op: 'minus', from: set, sets: [{ op: 'ofTasks', tasks, role: 'any' }] },
        count,
      };
    }
    const named = f.units.map((u) => u.name);
    const minusNamed = [...f.exceptUnits, ...(f.other ? named : [])];
    return {
      kind: 'units',
      set: minusNamed.length ? { op: 'minus', from: set, sets: [{ op: 'named', units: minusNamed }] } : set,
      count,
    };
  }
  // 有重点任务但保障机制里没有的单位: the units of the tasks less those of the safeguards
  if (f.safeguard && f.domain && f.negSafeguards && f.units.length === 0 && f.groups.length === 0) {
    const sg: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    return {
      kind: 'units',
      set: except({
        op: 'minus',
        from: { op: 'ofTasks', tasks: taskSetOf(f) ?? { op: 'all' }, role: 'any' },
        sets: [{ op: 'ofSafeguards', safeguards: sg, role: 'any' }],
      }),
      count,
    };
  }
  // 哪些单位只出现在保障机制里、不负责任何一项重点任务 / appear only in the safeguards and in no task
  if (f.safeguard && (f.quant === 'only' || f.quant === 'none' || f.negated) && f.units.length === 0) {
    const sg: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    return {
      kind: 'units',
      set: except({
        op: 'minus',
        from: { op: 'ofSafeguards', safeguards: sg, role: 'any' },
        sets: [{ op: 'ofTasks', tasks: { op: 'all' }, role: 'any' }],
      }),
      count,
    };
  }
  // 只出现在第四部分的任务里的单位
  if (f.quant === 'only' && f.groups.length && f.units.length === 0) {
    const set = taskSetOf(f) as TaskSet;
    return {
      kind: 'units',
      set: except({
        op: 'minus',
        from: { op: 'ofTasks', tasks: set, role: 'any' },
        sets: [{ op: 'ofTasks', tasks: { op: 'not', set }, role: 'any' }],
      }),
      count,
    };
  }
  // 哪些单位只参与了一项 / 只牵头了一项
  if (f.taskCount && f.units.length === 0) {
    const tasks = taskSetOf(f) ?? { op: 'all' };
    return {
      kind: 'units',
      set: except({
        op: 'taking',
        tasks,
        role: (f.roles.find((r) => r !== 'any') ?? 'any') as Role,
        n: f.taskCount.n,
        cmp: f.taskCount.cmp,
      }),
      count,
    };
  }
  // 哪些单位既在任务里又在保障机制里: the units of both
  if (
    f.safeguard &&
    f.domain &&
    f.units.length === 0 &&
    f.groups.length === 0 &&
    !f.total &&
    f.setop !== 'union'
  ) {
    const sg: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    return {
      kind: 'units',
      set: except({
        op: 'and',
        sets: [
          { op: 'ofTasks', tasks: { op: 'all' }, role },
          { op: 'ofSafeguards', safeguards: sg, role },
        ],
      }),
      count,
    };
  }
  // 四条保障机制一共涉及多少个单位 / 保障机制的责任单位
  if (f.safeguard && f.units.length === 0 && f.groups.length === 0) {
    const sg: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    const set: UnitSet = { op: 'ofSafeguards', safeguards: sg, role };
    return {
      kind: 'units',
      set: except(f.doc ? { op: 'or', sets: [set, { op: 'ofTasks', tasks: { op: 'all' }, role }] } : set),
      count,
    };
  }
  // the units of a set of tasks: 第五部分的任务涉及哪些单位 / 20项任务一共涉及多少个单位
  const tasks = taskSetOf(f);
  if (tasks && f.units.length === 0) {
    if (role === 'lead' && !count && !f.exceptUnits.length)
      return { kind: 'tasks', set: tasks, each: 'lead' };
    return { kind: 'units', set: except({ op: 'ofTasks', tasks, role }), count };
  }
  if (f.units.length === 0) {
    const set: UnitSet = f.doc ? { op: 'all' } : { op: 'ofTasks', tasks: { op: 'all' }, role };
    return { kind: 'units', set: except(set), count };
  }
  return undefined;
}
