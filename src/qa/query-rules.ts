import { findTopic } from './find-topic.js';
import type { Frame } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import type { ClauseRef, GroupSet, Query, SafeguardSet, TaskSet } from './query.js';
import { check, unitsQuery } from './set-queries.js';
import { clauseRefs, clausesOf, join, type Role, roleAsked, taskSetOf, unitSet } from './task-sets.js';

/** The rules, in order: each reads the slots it needs and builds one kind of query. */
export function rules(f: Frame, plan: PlanIndex, figure: boolean): Query {
  const units = f.units.map((u) => u.name);
  const role = roleAsked(f);

  // 哪家公司 / 哪所学校: names the plan does not give
  if (f.ask === 'named') return { kind: 'gap', gaps: [{ why: 'named', words: f.content.join('') }] };
  // 县人社局和县教育局分别牵头几项: the same question of each unit
  if (
    f.each &&
    f.units.length >= 2 &&
    f.tasks.length === 0 &&
    (f.ask === 'tasks' || f.count) &&
    !f.setop &&
    !f.compare
  )
    return {
      kind: 'several',
      parts: f.units.map((u) => rules({ ...f, each: false, units: [{ ...u, or: false }] }, plan, figure)),
    };
  // 印发单位和文号: each fact asked
  const facts = f.facts.filter((x) => x !== 'figures');
  if (
    facts.length >= 2 &&
    f.tasks.length === 0 &&
    f.units.length === 0 &&
    !facts.includes('basis') &&
    !facts.includes('goals')
  )
    return {
      kind: 'several',
      parts: facts.map((fact) => docFact({ ...f, facts: [fact] }, plan) ?? { kind: 'doc', fact }),
    };
  // facts about the document itself (文号, 依据, 发给谁, 几个部分 …)
  const doc = docFact(f, plan);
  if (doc) return doc;

  // rankings: 最多 / 最少 / 第二多 / 排第三
  if (f.rank) {
    const r = rank(f);
    if (r) return r;
  }
  // comparisons: 一样吗 / 谁多 / 多几项
  if (
    f.compare &&
    !f.sameGroup &&
    (units.length >= 2 ||
      f.tasks.length >= 2 ||
      f.groups.length >= 2 ||
      (f.compare === 'same' &&
        (f.tasks.length + f.safeguards.length >= 2 || (f.safeguards.length === 1 && f.ask === 'tasks'))))
  ) {
    const c = compare(f);
    if (c) return c;
  }

  // 保障机制包括哪些方面: the safeguards themselves
  if (f.ask === 'groups' && f.safeguard && f.tasks.length === 0 && f.groups.length === 0)
    return {
      kind: 'safeguards',
      set: f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' },
      count: f.count,
    };
  // 第四部分的标题: the group itself
  if (f.facts.includes('title') && f.groups.length)
    return { kind: 'groups', set: { op: 'nos', nos: f.groups } };
  const clauseNeeded =
    f.tasks.length === 0 &&
    f.safeguards.length === 0 &&
    f.groups.length === 0 &&
    !(f.units.length && (f.ask === 'tasks' || f.count) && !figure) &&
    f.topic !== '';
  const money =
    f.measure !== undefined && figure && ['元', '万元', '亿元', '万', '亿', '钱'].includes(f.measure);
  const people = f.measure !== undefined && figure && ['人', '名', '人次', '名额'].includes(f.measure);
  const found = clauseNeeded
    ? clausesOf(f, plan, { units: f.ask === 'units', figure })
    : { refs: clauseRefs(f), byTopic: false };

  // a unit's role in one clause: 县财政局在任务9里是牵头还是配合 / 县文旅局在智慧校园建设里负责什么 / 是牵头吗
  if (
    units.length >= 1 &&
    found.refs.length >= 1 &&
    !f.count &&
    !figure &&
    f.ask !== 'tasks' &&
    f.ask !== 'target' &&
    f.ask !== 'deadline' &&
    (!f.each || f.ask === 'role') &&
    f.exceptUnits.length === 0 &&
    !f.other &&
    !f.negated &&
    !picksFromNamed(f, found.refs.length)
  ) {
    if (units.length === 1 && found.refs.length === 1) {
      // 县人社局不是任务14的责任单位(吧): a claim that the unit is not in the clause, checked like a question
      const not = f.units[0]?.neg === true;
      const claim =
        f.yesno || not
          ? ((not ? f.units[0]?.role : undefined) ?? f.roles.find((r) => r !== 'any') ?? 'any')
          : undefined;
      return {
        kind: 'role',
        unit: units[0] as string,
        ref: found.refs[0] as ClauseRef,
        ...(claim ? { claim } : {}),
        ...(not ? { not } : {}),
      };
    }
    return { kind: 'roles', units, refs: found.refs, ...(f.compare === 'same' ? { same: true } : {}) };
  }

  // yes / no over sets: 第二组每项都有县财政局吗 / 县委编办是不是只参与了一项 / 保障机制里有它吗 / 有没有牵头的任务
  if (f.yesno || f.quant === 'any') {
    const c = check(f, found.refs);
    if (c) return c;
  }

  // 任务5的牵头单位和完成时限: each thing asked of each clause
  if (f.asks && found.refs.length >= 1 && !f.count && units.length === 0) {
    const asks = f.asks;
    return {
      kind: 'several',
      parts: found.refs.flatMap((ref) =>
        asks.map((a) => clause({ ...f, asks: undefined, ask: a.ask, askRole: a.role }, ref)),
      ),
    };
  }
  // one clause: its units, lead, content, deadline, figures, wording or place
  if (
    found.refs.length >= 1 &&
    (f.ask !== 'tasks' || found.refs.length === 1) &&
    (!f.each || figure || found.byTopic || found.refs.length === 1) &&
    (figure || !setQuestion(f, found.refs))
  ) {
    const topics = 'topics' in found ? found.topics : undefined;
    const parts = found.refs.map((ref, i) => clause(topics ? { ...f, topic: topics[i] ?? f.topic } : f, ref));
    if (parts.length === 1) return parts[0] as Query;
    return { kind: 'several', parts };
  }
  // 多少万元 / 多少人 and no clause to take it from: the plan has no amounts or head counts
  if ((money || people) && found.refs.length === 0)
    return {
      kind: 'gap',
      gaps: [
        {
          why: money ? 'money' : 'people',
          words: [f.topic, f.object].filter(Boolean).join('') || f.measure || '',
        },
      ],
    };
  if (clauseNeeded && found.suggest?.length)
    return { kind: 'clarify', topic: f.topic, candidates: found.suggest };
  if (clauseNeeded && (found.none || found.suggest))
    return { kind: 'gap', gaps: [{ why: 'words', words: f.topic }] };

  // sets of units
  const asksUnits = f.ask === 'units' || (f.ask === undefined && f.other);
  if (asksUnits) {
    const u = unitsQuery(f, found.refs);
    if (u) return u;
  }
  // the groups: 哪几组全部由县教育局牵头 / 分几组 / 任务16属于哪个部分
  if (f.ask === 'groups') {
    const set = taskSetOf(f);
    if (f.each && set) return { kind: 'tasks', set, each: 'group' };
    if (f.tasks.length === 1 && f.units.length === 0)
      return { kind: 'clause', ref: { type: 'task', no: f.tasks[0] as number }, ask: 'place' };
    // 哪几组里每项任务都不止一个责任单位: the test on the tasks may be a count of units, not only a unit
    const pred = f.units.length
      ? join(
          f.units.map((u) => unitSet(u)),
          'and',
        )
      : f.unitCount || f.hasUnits || f.due
        ? taskSetOf({ ...f, groups: [], tasks: [] })
        : undefined;
    // 哪些组县发改局和县工科局都有任务: each unit has a task in the group, not one task with both
    const g: GroupSet =
      f.quantOver === 'units' && f.units.length >= 2 && !f.units.some((u) => u.neg || u.or)
        ? { op: 'eachOf', preds: f.units.map((u) => unitSet(u)) }
        : pred
          ? {
              op: f.quant === 'none' ? 'none' : f.quant === 'every' || f.quant === 'only' ? 'every' : 'some',
              pred,
            }
          : f.groups.length
            ? { op: 'nos', nos: f.groups }
            : { op: 'all' };
    return { kind: 'groups', set: g, count: f.count };
  }
  // safeguards: 保障机制有几条 / 县委宣传部在哪一条保障机制里
  // 县总工会在任务和保障机制里各有哪些: the tasks and the safeguards of one unit (its task list names both)
  if (
    units.length === 1 &&
    f.safeguard &&
    f.safeguards.length === 0 &&
    f.tasks.length === 0 &&
    f.groups.length === 0 &&
    !f.count &&
    !f.yesno &&
    !f.units[0]?.neg &&
    f.bothScopes
  )
    return { kind: 'tasks', set: { op: 'unit', unit: units[0] as string, role: f.units[0]?.role ?? 'any' } };
  if (
    f.ask === 'safeguards' ||
    (f.safeguard &&
      f.tasks.length === 0 &&
      f.groups.length === 0 &&
      (f.ask === undefined || f.ask === 'text' || (units.length === 1 && f.ask !== 'tasks')))
  ) {
    const set: SafeguardSet =
      units.length === 1
        ? {
            op: 'unit',
            unit: units[0] as string,
            role: f.units[0]?.role ?? role,
            // 保障机制哪一条没有县财政局
            ...(f.units[0]?.neg ? { neg: true } : {}),
          }
        : f.safeguards.length
          ? { op: 'nos', nos: f.safeguards }
          : { op: 'all' };
    return { kind: 'safeguards', set, count: f.count };
  }
  if (f.ask === 'principles' || (f.facts.includes('principles') && !f.ask))
    return { kind: 'doc', fact: 'principles' };

  // sets of tasks: lists, counts, and one answer per task (分别由谁牵头)
  const set = taskSetOf(f) ?? (f.count || f.ask === 'tasks' ? ({ op: 'all' } as TaskSet) : undefined);
  if (
    set &&
    (f.ask === 'tasks' || f.ask === undefined || f.count || f.ask === 'text' || f.each || f.ask === 'role')
  ) {
    if (f.each && (f.roles.includes('lead') || f.askRole === 'lead'))
      return { kind: 'tasks', set, each: 'lead' };
    if (f.each && f.ask === 'units') return { kind: 'tasks', set, each: 'units' };
    return { kind: 'tasks', set, count: f.count };
  }
  if (set && f.ask === 'units') {
    if (f.each || f.askRole === 'lead')
      return { kind: 'tasks', set, each: f.askRole === 'lead' ? 'lead' : 'units' };
    return { kind: 'units', set: { op: 'ofTasks', tasks: set, role }, count: f.count };
  }
  const words = [...f.content, ...f.refs.filter((r) => r !== 'then')];
  return { kind: 'unclear', words };
}

/** 任务2到任务6里县财政局没参与的: a unit's condition picks tasks from those named before 里 / 中. */
function picksFromNamed(f: Frame, refs: number): boolean {
  return f.units.length > 0 && f.domain && refs >= 2 && f.ask === undefined && !f.yesno;
}

/** True when named clauses are only the ground of a set question (任务12和任务14共同的责任单位, 除了县教育局). */
function setQuestion(f: Frame, refs: ClauseRef[]): boolean {
  if (f.setop || f.exceptUnits.length || f.exceptLead || f.other) return true;
  // 任务14有、任务12没有的 / 哪些没有参与任何一项重点任务: units of clauses against others
  if (f.ask === 'units' && (f.negated || f.quant === 'none') && (refs.length >= 2 || f.domain)) return true;
  if (f.ask === 'units' && refs.length >= 2 && f.count) return true;
  if (f.ask === 'units' && f.count && refs.length === 1 && refs[0]?.type === 'safeguard') return false;
  if (f.units.length && (f.ask === 'tasks' || f.count)) return true;
  if (picksFromNamed(f, refs.length)) return true;
  if (refs.length >= 2 && f.quant === 'every') return true;
  return false;
}

/** What to say about one clause. */
export function clause(f: Frame, ref: ClauseRef): Query {
  const q = (ask: Extract<Query, { kind: 'clause' }>['ask'], extra: object = {}): Query =>
    ({ kind: 'clause', ref, ask, ...extra }) as Query;
  if (f.ask === 'quote') return q('quote');
  if (f.ask === 'place' || (f.ask === 'groups' && ref.type === 'task')) return q('place');
  if (f.ask === 'units' && f.count) return q('unitCount', f.askRole !== 'any' ? { role: f.askRole } : {});
  if (f.ask === 'units' || f.ask === 'role')
    return q(f.askRole === 'lead' ? 'lead' : f.askRole === 'co' ? 'co' : 'units');
  if (f.ask === undefined && f.roles.includes('lead') && !f.content.length) return q('lead');
  if (f.ask === 'deadline') return q('deadline');
  // 任务9有哪些数字指标: the figures of the clause named
  if (f.ask === 'target' || f.facts.includes('figures') || f.measure || (f.count && f.ask !== 'tasks')) {
    return q('targets', {
      ...(f.topic ? { topic: f.topic } : {}),
      ...(f.measure ? { measure: f.measure } : {}),
      ...(f.total ? { total: true } : {}),
      ...(f.shown?.length ? { shown: f.shown } : {}),
    });
  }
  return q('summary', f.topic ? { topic: f.topic } : {});
}

/** A question about the document itself. */
function docFact(f: Frame, plan: PlanIndex): Query | undefined {
  if (f.facts.length === 0) {
    // 这个方案的目标是啥: the goals of the plan (not an amount: 这个计划总共投资多少亿元)
    const plain =
      !f.tasks.length && !f.units.length && !f.safeguard && !f.groups.length && !f.topic && !f.measure;
    return f.doc && f.ask === 'target' && plain ? { kind: 'doc', fact: 'goals' } : undefined;
  }
  const entity = f.tasks.length > 0 || f.units.length > 0 || f.safeguards.length > 0 || f.groups.length > 0;
  const has = (x: string) => f.facts.includes(x as never);
  // 第四部分的标题: the title of a group, not of the plan
  if (has('title') && f.groups.length) return undefined;
  // 任务9的指标 / 基本原则第二条: a fact word about a clause
  if (entity && !has('issuer') && !has('docNumber')) {
    if (has('principles') && f.principles.length) return undefined;
    if (has('figures') || has('goals')) return undefined;
    if (f.units.length || f.tasks.length) return undefined;
  }
  if (has('principles') && f.principles.length) return undefined;
  if (f.ask === 'deadline' || (f.ask === undefined && has('publishedOn'))) {
    if (has('publishedOn')) return { kind: 'doc', fact: 'publishedOn' };
    if (has('goals')) return { kind: 'clause', ref: { type: 'goals' }, ask: 'deadline' };
    if (has('issuer') || has('issuedOn') || f.doc) return { kind: 'doc', fact: 'issuedOn' };
  }
  // 课程名称 / 学校叫什么: the name of something the plan does not name
  if (has('title') && !f.doc && f.content.length && !has('basis') && f.places.length === 0)
    return { kind: 'gap', gaps: [{ why: 'named', words: f.content.join('') }] };
  if (has('basis')) return { kind: 'doc', fact: 'basis', ...(f.level ? { level: f.level } : {}) };
  // 职业培训的总体思路和要求: the approach of one piece of work is in its clause, not the plan's guiding ideology
  if (
    f.facts.length === 1 &&
    has('ideology') &&
    f.topic !== '' &&
    !f.doc &&
    findTopic(plan, f.topic, { units: false, figure: false }).found === 'one'
  )
    return undefined;
  const order = [
    'recipients',
    'issuedOn',
    'publishedOn',
    'docNumber',
    'indexNumber',
    'issuer',
    'ideology',
    'principles',
    'structure',
    'goals',
    'figures',
    'title',
  ] as const;
  const fact = order.find((x) => has(x));
  if (!fact) return undefined;
  if (fact === 'principles' && f.count) return { kind: 'doc', fact: 'principles' };
  return { kind: 'doc', fact };
}

/** Rankings. */
function rank(f: Frame): Query | undefined {
  const r = f.rank as NonNullable<Frame['rank']>;
  const role = (f.roles.find((x) => x !== 'any') ?? 'any') as Role;
  const base = { dir: r.dir, position: r.position, except: f.exceptUnits };
  if (f.ask === 'groups' || (f.groups.length === 0 && f.ask === undefined && f.facts.includes('structure')))
    return { kind: 'rank', over: 'groups', measure: f.unitsWord ? 'units' : 'tasks', role: 'any', ...base };
  if (f.safeguard && f.units.length === 0) {
    if (f.ask === 'units') return { kind: 'rank', over: 'units', measure: 'safeguards', role, ...base };
    return { kind: 'rank', over: 'safeguards', measure: 'units', role: 'any', ...base };
  }
  if (
    (f.ask === 'units' || f.perUnit || f.rankOver === 'units') &&
    f.units.length === 0 &&
    f.groups.length === 0
  )
    return { kind: 'rank', over: 'units', measure: 'tasks', role, ...base };
  if (f.ask === 'tasks' || f.ask === 'units' || f.groups.length || f.units.length) {
    const within = taskSetOf(f);
    return {
      kind: 'rank',
      over: 'tasks',
      measure: 'units',
      role: 'any',
      ...base,
      ...(within ? { within } : {}),
    };
  }
  if (f.roles.length) return { kind: 'rank', over: 'units', measure: 'tasks', role, ...base };
  return undefined;
}

/** Comparisons. */
function compare(f: Frame): Query | undefined {
  const role = (f.roles.find((x) => x !== 'any') ?? 'any') as Role;
  const how = f.compare as 'more' | 'same';
  if (how === 'same' && f.units.length === 1 && f.tasks.length + f.safeguards.length >= 2)
    return { kind: 'roles', units: [f.units[0]?.name as string], refs: clauseRefs(f), same: true };
  if (f.units.length >= 2 && f.tasks.length === 0)
    return { kind: 'compare', over: 'units', items: f.units.map((u) => u.name), measure: 'tasks', role, how };
  if (f.groups.length >= 2)
    return {
      kind: 'compare',
      over: 'groups',
      items: f.groups,
      measure: f.unitsWord ? 'units' : 'tasks',
      role: 'any',
      how,
    };
  if (f.tasks.length + f.safeguards.length >= 2 && how === 'same')
    return { kind: 'roles', units: [], refs: clauseRefs(f), same: true };
  if (f.tasks.length >= 2)
    return { kind: 'compare', over: 'tasks', items: f.tasks, measure: 'units', role: 'any', how };
  if (f.safeguards.length === 1 && how === 'same')
    return { kind: 'tasks', set: { op: 'sameUnitsAs', safeguard: f.safeguards[0] as number } };
  return undefined;
}
