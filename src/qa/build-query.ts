import { findTopic } from './find-topic.js';
import type { Frame, UnitCond } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import type { ClauseRef, Gap, GroupSet, Query, SafeguardSet, TaskSet, UnitSet } from './query.js';
import { resolveUnit } from './resolve-unit.js';

type Role = 'lead' | 'co' | 'any';

/** One set, or several joined by and / or. */
function join(sets: TaskSet[], op: 'and' | 'or'): TaskSet | undefined {
  if (sets.length === 0) return undefined;
  return sets.length === 1 ? (sets[0] as TaskSet) : { op, sets };
}

/** A unit's condition as a task set. */
function unitSet(c: UnitCond, forceLead = false): TaskSet {
  const base: TaskSet = { op: 'unit', unit: c.name, role: forceLead ? 'lead' : c.role };
  return c.neg ? { op: 'not', set: base } : base;
}

/** The conditions on units as one task set: and, unless joined by 或 or put together (合起来). */
function unitsSet(f: Frame): TaskSet | undefined {
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
  if (f.unitCount) {
    const c: TaskSet = { op: 'unitCount', n: f.unitCount.n, cmp: f.unitCount.cmp };
    sets.push(f.negated && !f.units.length ? { op: 'not', set: c } : c);
  }
  const units = unitsSet(f);
  if (units) sets.push(units);
  if (withTasks && f.tasks.length) sets.push({ op: 'tasks', tasks: f.tasks });
  if (f.notTasks.length) sets.push({ op: 'not', set: { op: 'tasks', tasks: f.notTasks } });
  return join(sets, 'and');
}

/** The role a question puts on the units it asks for. */
function roleAsked(f: Frame): Role {
  if (f.exceptLead) return 'co';
  return f.askRole;
}

/** Task numbers outside the plan, group numbers outside it, safeguards outside it. */
function rangeGaps(f: Frame, plan: PlanIndex): Gap[] {
  const kb = plan.kb;
  const gaps: Gap[] = [];
  const badTasks = [...f.tasks, ...f.notTasks].filter((n) => n < 1 || n > kb.tasks.length);
  if (badTasks.length)
    gaps.push({
      why: 'range',
      words: `本方案共${kb.tasks.length}项重点任务（任务1—${kb.tasks.length}），没有任务${badTasks.join('、')}。`,
    });
  const badGroups = f.groups.filter((n) => n < 1 || n > kb.groups.length);
  if (badGroups.length)
    gaps.push({
      why: 'range',
      words: `本方案的重点任务共分${kb.groups.length}个部分（组），没有第${badGroups.map(cn).join('、')}部分。`,
    });
  const badSafeguards = f.safeguards.filter((n) => n < 1 || n > kb.safeguards.length);
  if (badSafeguards.length)
    gaps.push({
      why: 'range',
      words: `本方案共${kb.safeguards.length}项保障机制，没有第${badSafeguards.join('、')}项。`,
    });
  const badPrinciples = f.principles.filter((n) => n < 1 || n > kb.principles.length);
  if (badPrinciples.length)
    gaps.push({
      why: 'range',
      words: `本方案共${kb.principles.length}项基本原则，没有第${badPrinciples.join('、')}项。`,
    });
  return gaps;
}

const CN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一 (groups and safeguards are numbered in Chinese). */
function cn(n: number): string {
  if (n <= 10) return CN[n] ?? String(n);
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}

/** The clauses a frame names by number, or by topic when it names none. */
function clausesOf(
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

/** Builds the query a frame asks, over one plan; gaps (what the plan lacks) ride along. */
export function buildQuery(f: Frame, plan: PlanIndex): Query {
  const kb = plan.kb;
  const gaps: Gap[] = [...f.gaps];
  const withGaps = (q: Query): Query => {
    const own = 'gaps' in q && q.gaps ? q.gaps : [];
    const all = [...gaps.filter((g) => !own.includes(g)), ...own];
    return all.length ? ({ ...q, gaps: all } as Query) : q;
  };
  const gapOnly = (): Query => ({ kind: 'gap', gaps });

  if (gaps.some((g) => g.why === 'chat')) return gapOnly();
  if (f.help && !namesAnything(f)) return { kind: 'help' };
  // another county's or city's unit or plan: only the documents this plan cites are known
  if (f.places.length) {
    const place = f.places[0] as string;
    const cited = kb.document.basis.some((b) => b.title.includes(place.replace(/的$/, '')));
    const asksDoc =
      (f.facts.some((x) => x === 'docNumber' || x === 'title' || x === 'basis') ||
        (f.doc && f.units.length === 0 && f.ask !== 'tasks' && !f.count)) &&
      f.ask !== 'units' &&
      f.askRole === 'any' &&
      f.tasks.length === 0;
    if (cited && asksDoc) return withGaps({ kind: 'doc', fact: 'basis', level: place });
    return { kind: 'gap', gaps: [...gaps, { why: 'place', words: place }] };
  }
  if (f.unknownUnits.length) {
    const name = f.unknownUnits[0] as string;
    return {
      kind: 'gap',
      gaps: [...gaps, { why: 'unknownUnit', words: name, suggest: resolveUnit(kb, name).suggestions }],
    };
  }
  const range = rangeGaps(f, plan);
  if (range.length) return { kind: 'gap', gaps: [...gaps, ...range] };

  // whether something has been done is in the reported ledger, not in the plan
  if (gaps.some((g) => g.why === 'outcome')) {
    const rest = gaps.filter((g) => g.why !== 'outcome');
    return {
      kind: 'progress',
      tasks: f.tasks,
      ...(f.units[0] ? { unit: f.units[0].name } : {}),
      ...(rest.length ? { gaps: rest } : {}),
    };
  }
  // 你为什么不先告诉我第4项的责任单位: a complaint around a question about a task is still that question
  if (f.tasks.length && (f.ask === 'units' || f.askRole === 'lead'))
    for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k]?.why === 'reason') gaps.splice(k, 1);
  // 现在 / 目前 matter only for a figure: the plan sets targets, it has no figures on the present
  const figure =
    f.ask === 'target' ||
    (f.count &&
      f.ask !== 'tasks' &&
      f.ask !== 'units' &&
      f.ask !== 'groups' &&
      f.ask !== 'safeguards' &&
      f.ask !== 'principles' &&
      f.ask !== 'fact');
  for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k]?.why === 'current' && !figure) gaps.splice(k, 1);
  if (figure && gaps.some((g) => g.why === 'current')) return gapOnly();
  // 通知落款是哪天: a date of the document is a fact; any other day the plan never gives
  if (f.facts.some((x) => x === 'issuedOn' || x === 'publishedOn' || x === 'issuer'))
    for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k]?.why === 'day') gaps.splice(k, 1);
  if (gaps.length && !namesAnything(f)) return gapOnly();
  const q = rules(f, plan, figure);
  return withGaps(q);
}

/** True when the frame names a task, unit, group, safeguard or topic of the plan. */
function namesAnything(f: Frame): boolean {
  return (
    f.tasks.length > 0 ||
    f.units.length > 0 ||
    f.groups.length > 0 ||
    f.safeguard ||
    f.principles.length > 0 ||
    f.topic !== ''
  );
}

/** The rules, in order: each reads the slots it needs and builds one kind of query. */
function rules(f: Frame, plan: PlanIndex, figure: boolean): Query {
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
      parts: facts.map((fact) => docFact({ ...f, facts: [fact] }) ?? { kind: 'doc', fact }),
    };
  // facts about the document itself (文号, 依据, 发给谁, 几个部分 …)
  const doc = docFact(f);
  if (doc) return doc;

  // rankings: 最多 / 最少 / 第二多 / 排第三
  if (f.rank) {
    const r = rank(f);
    if (r) return r;
  }
  // comparisons: 一样吗 / 谁多 / 多几项
  if (
    f.compare &&
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
    !f.negated
  ) {
    if (units.length === 1 && found.refs.length === 1) {
      const claim = f.yesno ? (f.roles.find((r) => r !== 'any') ?? 'any') : undefined;
      return {
        kind: 'role',
        unit: units[0] as string,
        ref: found.refs[0] as ClauseRef,
        ...(claim ? { claim } : {}),
      };
    }
    return { kind: 'roles', units, refs: found.refs, ...(f.compare === 'same' ? { same: true } : {}) };
  }

  // yes / no over sets: 第二组每项都有县财政局吗 / 县委编办是不是只参与了一项 / 保障机制里有它吗 / 有没有牵头的任务
  if (f.yesno || f.quant === 'any') {
    const c = check(f, found.refs);
    if (c) return c;
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
    const pred = join(
      f.units.map((u) => unitSet(u)),
      'and',
    );
    const g: GroupSet = pred
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
  if (
    f.ask === 'safeguards' ||
    (f.safeguard &&
      f.tasks.length === 0 &&
      f.groups.length === 0 &&
      (f.ask === undefined || f.ask === 'text' || (units.length === 1 && f.ask !== 'tasks')))
  ) {
    const set: SafeguardSet =
      units.length === 1
        ? { op: 'unit', unit: units[0] as string, role: f.units[0]?.role ?? role }
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

/** The clauses named by number. */
function clauseRefs(f: Frame): ClauseRef[] {
  return [
    ...f.tasks.map((no) => ({ type: 'task', no }) as ClauseRef),
    ...f.safeguards.map((no) => ({ type: 'safeguard', no }) as ClauseRef),
    ...f.principles.map((no) => ({ type: 'principle', no }) as ClauseRef),
  ];
}

/** True when named clauses are only the ground of a set question (任务12和任务14共同的责任单位, 除了县教育局). */
function setQuestion(f: Frame, refs: ClauseRef[]): boolean {
  if (f.setop || f.exceptUnits.length || f.exceptLead || f.other) return true;
  // 任务14有、任务12没有的 / 哪些没有参与任何一项重点任务: units of clauses against others
  if (f.ask === 'units' && (f.negated || f.quant === 'none') && (refs.length >= 2 || f.domain)) return true;
  if (f.ask === 'units' && refs.length >= 2 && f.count) return true;
  if (f.ask === 'units' && f.count && refs.length === 1 && refs[0]?.type === 'safeguard') return false;
  if (f.units.length && (f.ask === 'tasks' || f.count)) return true;
  if (refs.length >= 2 && f.quant === 'every') return true;
  return false;
}

/** What to say about one clause. */
function clause(f: Frame, ref: ClauseRef): Query {
  const q = (ask: Extract<Query, { kind: 'clause' }>['ask'], extra: object = {}): Query =>
    ({ kind: 'clause', ref, ask, ...extra }) as Query;
  if (f.ask === 'quote') return q('quote');
  if (f.ask === 'place' || (f.ask === 'groups' && ref.type === 'task')) return q('place');
  if (f.ask === 'units' && f.count) return q('unitCount');
  if (f.ask === 'units' || f.ask === 'role')
    return q(f.askRole === 'lead' ? 'lead' : f.askRole === 'co' ? 'co' : 'units');
  if (f.ask === undefined && f.roles.includes('lead') && !f.content.length) return q('lead');
  if (f.ask === 'deadline') return q('deadline');
  if (f.ask === 'target' || f.measure || (f.count && f.ask !== 'tasks')) {
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
function docFact(f: Frame): Query | undefined {
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

/** Yes / no over sets. */
function check(f: Frame, refs: ClauseRef[]): Query | undefined {
  const u = f.units[0];
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
  // 保障机制里有它吗 / 县财政局在保障机制里吗
  if (f.safeguard && f.tasks.length === 0 && f.groups.length === 0) {
    const set: SafeguardSet = f.safeguards.length ? { op: 'nos', nos: f.safeguards } : { op: 'all' };
    return { kind: 'check', claim: { is: 'inSafeguards', unit: u.name, safeguards: set, role } };
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
function unitsQuery(f: Frame, refs: ClauseRef[]): Query | undefined {
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
    // 保障机制第一条里有、但20项重点任务里一个都没有的单位 / 营造良好发展环境的责任单位中哪些没有参与任何一项重点任务
    if ((f.negated || f.quant === 'none') && (f.safeguard || f.domain) && f.units.length === 0)
      return {
        kind: 'units',
        set: { op: 'minus', from: set, sets: [{ op: 'ofTasks', tasks: { op: 'all' }, role: 'any' }] },
        count,
      };
    const named = f.units.map((u) => u.name);
    const minusNamed = [...f.exceptUnits, ...(f.other ? named : [])];
    return {
      kind: 'units',
      set: minusNamed.length ? { op: 'minus', from: set, sets: [{ op: 'named', units: minusNamed }] } : set,
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
