import type { Knowledge } from '../knowledge/schema.js';
import type { Lexicon } from '../language/lexicon.js';
import type { OpName, RoleName, Span, SpanOf, Tokens } from '../language/spans.js';
import { type Query, querySchema, type TaskSet, type UnitSource } from './query.js';

/** The parser's verdict on a question. */
export type Parsed =
  | { kind: 'query'; query: Query }
  /** A combined question the parser could not read completely: ask, never answer a simpler one. */
  | { kind: 'unclear'; why: string }
  /** A question about something the plan does not have (another county's unit, an unknown unit). */
  | { kind: 'refuse'; message: string; suggest?: string }
  /** Nothing combined here: the simple answerer takes it. */
  | { kind: 'simple' };

// Operators that change what a question means; if one is found and not used, the question was not understood.
const MEANINGFUL: OpName[] = [
  'not',
  'except',
  'only',
  'common',
  'or',
  'neither',
  'most',
  'least',
  'same',
  'different',
  'compare',
  'difference',
];

// How the units of several tasks combine when no operator word says it (有而…没有, 合起来, 都参与)
const MINUS_WORDS = /不在|没有的|而没有|有而|中没有|没有出现|没出现|未出现/;
const UNION_WORDS = /合起来|加起来|合在一起|一共|总共|合计|所有|并集/;
const COMMON_WORDS = /共同|相同|重合|都参与|都有份|都在|交集|都有的|都包含|均有/;

// A negation that says "takes no part" by itself (没参与, 没有份, 不在其列)
const PARTICIPATION = /参与|负责|参加|份|之列|其列/;

// The role of a unit in a task asked for (县自然资源局在任务15里是什么角色)
const ROLE_QUESTION =
  /角色|还是配合|还是牵头|牵头还是|配合还是|是牵头|是配合|牵头吗|配合吗|牵头单位吗|配合单位吗|身份|地位/;

// Operators that make a question combined even when it names no task or unit (哪个单位牵头最多, 只有一个责任单位).
const STANDALONE: OpName[] = ['most', 'least', 'only'];

interface UnitRef {
  name: string;
  index: number;
}

/** Everything the parser reads from the spans of one question. */
class Reading {
  readonly used = new Set<number>();
  readonly spans: Span[];
  constructor(
    readonly t: Tokens,
    readonly kb: Knowledge,
  ) {
    this.spans = t.spans;
  }

  all<K extends Span['kind']>(kind: K): { s: SpanOf<K>; i: number }[] {
    const out: { s: SpanOf<K>; i: number }[] = [];
    this.spans.forEach((s, i) => {
      if (s.kind === kind) out.push({ s: s as SpanOf<K>, i });
    });
    return out;
  }

  ops(...names: OpName[]): { s: SpanOf<'op'>; i: number }[] {
    return this.all('op').filter(({ s }) => names.includes(s.op));
  }

  has(...names: OpName[]): boolean {
    return this.ops(...names).length > 0;
  }

  use(...names: OpName[]): boolean {
    const found = this.ops(...names);
    for (const f of found) this.used.add(f.i);
    return found.length > 0;
  }

  /** The text contains one of these words (after normalisation). */
  says(re: RegExp): boolean {
    return re.test(this.t.norm);
  }
}

/**
 * Whether an operator bears on the sets of the question: a negation must touch what it negates (没有参与, 不是县教育局,
 * 没有牵头, 不在任务3中), so 不先告诉我 or 不能低于 is not one.
 */
function bears(r: Reading, i: number): boolean {
  const s = r.spans[i];
  if (s?.kind !== 'op' || (s.op !== 'not' && s.op !== 'neither')) return true;
  if (PARTICIPATION.test(s.text) || /属于|在/.test(s.text)) return true;
  const next = r.spans[i + 1];
  // 不是它牵头的: 它 stands for the unit
  return (
    next !== undefined &&
    (['unit', 'role', 'task', 'group', 'paren', 'safeguard', 'field', 'groupTitle'].includes(next.kind) ||
      (next.kind === 'ref' && next.ref === 'it'))
  );
}

/** Task numbers named in the question (任务N, 第N项, 第N条 when no safeguard is named), in order. */
function tasksIn(r: Reading, safeguardNamed: boolean): number[] {
  const out: number[] = [];
  r.spans.forEach((s, i) => {
    if (s.kind === 'task' && s.form !== 'title') {
      r.used.add(i);
      // "任务11(不是任务1)": a task named only to rule it out
      const prev = r.spans[i - 1];
      if (prev?.kind === 'op' && prev.op === 'not' && prev.text === '不是') {
        r.used.add(i - 1);
        return;
      }
      out.push(...s.tasks);
    }
    if (s.kind === 'ordinal' && s.counter === '条' && !safeguardNamed) {
      out.push(s.n);
      r.used.add(i);
    }
  });
  return [...new Set(out)];
}

/** The groups named: 第N部分 / 第N组, (三), or a group's title with a group word nearby. */
function groupsIn(r: Reading): number[] {
  const out: number[] = [];
  const groupWord = r.says(/部分|组|板块|方面|大类|这一块|那一块|里|中/);
  r.spans.forEach((s, i) => {
    if (s.kind === 'group') out.push(...(s.nos ?? [s.no]));
    // 第二和第四部分: 第二 takes the 部分 of the group after it
    const next = r.spans[i + 2];
    if (
      s.kind === 'ordinal' &&
      s.counter === '' &&
      r.spans[i + 1] &&
      isLink(r.spans[i + 1] as Span) &&
      next?.kind === 'group'
    ) {
      out.push(s.n);
      r.used.add(i);
    }
    if (s.kind === 'paren' && s.cn && s.n <= r.kb.groups.length) {
      out.push(s.n);
      r.used.add(i);
    }
    if (s.kind === 'groupTitle' && groupWord) out.push(s.no);
  });
  return [...new Set(out)];
}

/** Every safeguard named by number after 保障机制 (保障机制第四条有、第一条没有). */
function safeguardsIn(r: Reading): number[] {
  const sg = r.all('safeguard');
  if (sg.length === 0) return [];
  const out = sg.flatMap(({ s }) => (s.no !== undefined ? [s.no] : []));
  const first = sg[0]?.i ?? 0;
  for (const s of r.spans.slice(first + 1)) if (s.kind === 'ordinal' && s.counter === '条') out.push(s.n);
  return [...new Set(out)];
}

/** The safeguard named by number (保障机制第四条, 保障机制（三）, its title), or 0 for 保障机制 in general. */
function safeguardIn(r: Reading): number | undefined {
  const sg = r.all('safeguard');
  if (sg.length === 0) return undefined;
  const byTitle = sg.find(({ s }) => s.no !== undefined)?.s.no;
  if (byTitle) return byTitle;
  const first = sg[0]?.i ?? 0;
  const after = r.spans.slice(first + 1, first + 3).find((s) => s.kind === 'ordinal' || s.kind === 'paren');
  if (after && (after.kind === 'ordinal' || after.kind === 'paren')) return after.n;
  const before = r.spans.slice(Math.max(0, first - 2), first).find((s) => s.kind === 'ordinal');
  if (before?.kind === 'ordinal') return before.n;
  return 0;
}

/**
 * A condition on how many units a task has: "恰好有三个责任单位", "不超过两个", "超过三个", "只有一个责任单位" — a
 * number of 个/家 with 单位 right after it, compared by the word before it (or 以上 / 以下 after it).
 */
function unitCountIn(
  r: Reading,
  lex: Lexicon | undefined,
): { n: number; cmp: 'eq' | 'lt' | 'le' | 'gt' | 'ge' } | undefined {
  for (const { s, i } of r.all('number')) {
    if (s.counter !== '个' && s.counter !== '家') continue;
    // 三个责任单位 / 责任单位不超过两个
    const near = [...r.spans.slice(i + 1, i + 3), ...r.spans.slice(Math.max(0, i - 4), i)];
    if (!near.some((x) => /单位|部门/.test(x.text))) continue;
    // 正好是五家 / 恰好有三个 / 为两个: the comparator may stand before a verb
    const raw = r.t.norm.slice(Math.max(0, s.at - 5), s.at);
    const before = raw.replace(/[是有为达在]$/, '');
    const after = r.t.norm.slice(s.end, s.end + 2);
    const word = lex?.comparators.find(
      (c) => raw.endsWith(c.text) || before.endsWith(c.text) || after.startsWith(c.text),
    );
    if (word) return { n: s.value, cmp: word.cmp };
    if (r.has('only')) return { n: s.value, cmp: 'eq' };
  }
  return undefined;
}

/** A place in a ranking asked for: 排第三的单位, 参与任务第二多的, 排名第二 — with the ordinal's index. */
function rankPlace(r: Reading): { position: number; dir: 'max' | 'min'; i: number } | undefined {
  for (const { s, i } of r.all('ordinal')) {
    if (s.counter !== '' && s.counter !== '位' && s.counter !== '名') continue;
    const before = r.t.norm.slice(Math.max(0, s.at - 3), s.at);
    const after = r.t.norm.slice(s.end, s.end + 2);
    if (/多/.test(after[0] ?? '')) return { position: s.n, dir: 'max', i };
    if (/少/.test(after[0] ?? '')) return { position: s.n, dir: 'min', i };
    if (/排名?在?$|名列$|位居$|位列$/.test(before))
      return { position: s.n, dir: /少/.test(r.t.norm) ? 'min' : 'max', i };
  }
  return undefined;
}

/** The role a stretch of spans gives (牵头 → lead, 配合 → co, 参与/负责 → any), if any. */
function roleIn(spans: Span[]): RoleName | undefined {
  for (const s of spans) if (s.kind === 'role') return s.role;
  for (const s of spans) if (s.kind === 'op' && s.op === 'not' && PARTICIPATION.test(s.text)) return 'any';
  return undefined;
}

/** True when a stretch contains a negation (没有, 不, 不是, 未 …). */
function negatedIn(spans: Span[]): boolean {
  return spans.some((s) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither'));
}

const isNegation = (s: Span) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither');

const isLink = (s: Span) =>
  (s.kind === 'op' && (s.op === 'and' || s.op === 'or')) || (s.kind === 'sep' && s.text === ',');

/** One unit's constraint in a task filter: its role and whether it is negated. */
interface UnitConstraint {
  unit: string;
  role: RoleName;
  negated: boolean;
  joinedBy: 'and' | 'or';
}

/**
 * The conditions in the words after a unit: each role word is one (参与, 牵头), negated when a negation stands
 * between it and the condition before ("参与但不牵头", "参与的任务中哪项不是它牵头的"); 没参与 is a negated 参与.
 */
function roleClauses(tail: Span[], nextUnit: boolean): { role: RoleName; negated: boolean }[] {
  const out: { role: RoleName; negated: boolean }[] = [];
  let negPending = false;
  // a second condition needs a clause of its own: after 但 / 而, 其中, ……中, 它, or a negation
  let newClause = true;
  for (const s of tail) {
    // "县财政局参与几项任务，其中牵头几项": what follows 其中 is counted apart
    if (s.kind === 'op' && s.op === 'which' && out.length) break;
    if (s.kind === 'op' && (s.op === 'but' || s.op === 'which')) newClause = true;
    if (s.kind === 'ref' && s.ref === 'it') newClause = true;
    if (s.kind === 'word' && /中|里/.test(s.text)) newClause = true;
    if (s.kind === 'op' && (s.op === 'not' || s.op === 'neither')) {
      if (PARTICIPATION.test(s.text)) {
        out.push({ role: 'any', negated: true });
        negPending = false;
        newClause = false;
      } else {
        negPending = true;
        newClause = true;
      }
    }
    const after = tail.slice(tail.indexOf(s) + 1);
    // "牵头单位不是县教育局": the role word describes the unit after the negation
    const ofNext =
      nextUnit &&
      after.some(isNegation) &&
      after.every((x) => isNegation(x) || x.kind === 'word' || x.kind === 'sep');
    // "哪项的责任单位最多": the role word is what is counted, not a condition
    const measured = after.slice(0, 2).some((x) => x.kind === 'op' && (x.op === 'most' || x.op === 'least'));
    if (s.kind === 'role' && newClause && !ofNext && !measured) {
      out.push({ role: s.role, negated: negPending });
      negPending = false;
      newClause = false;
    }
  }
  // "有县财政局、但没有县税务局": a negation just before the next unit is that unit's
  if (out.length === 0 && negPending && !nextUnit) out.push({ role: 'any', negated: true });
  return out;
}

/**
 * Reads "X参与但Y没参与", "既没有X也没有Y", "X和Y都参与", "X或Y", "不是X牵头的": each unit's conditions come from
 * the words between it and the next unit; units joined only by 和 / 或 share the words after the last.
 */
function unitConstraints(r: Reading, units: UnitRef[]): UnitConstraint[] {
  const out: UnitConstraint[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k] as UnitRef;
    let end = units[k + 1]?.index ?? r.spans.length;
    let tail = r.spans.slice(u.index + 1, end);
    // "X和Y都参与": only a link before the next unit, so X takes Y's words
    let j = k;
    while (tail.every((s) => isLink(s) || s.kind === 'word') && tail.some(isLink) && units[j + 1]) {
      j++;
      end = units[j + 1]?.index ?? r.spans.length;
      tail = r.spans.slice((units[j] as UnitRef).index + 1, end);
    }
    const prevUnitEnd = k > 0 ? (units[k - 1] as UnitRef).index + 1 : 0;
    const before = r.spans.slice(Math.max(prevUnitEnd, u.index - 2), u.index);
    const negBefore = before.some((s) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither'));
    const linkBefore = r.spans.slice(prevUnitEnd, u.index).find((s) => s.kind === 'op' && s.op === 'or');
    const clauses = roleClauses(tail, k + 1 < units.length);
    if (clauses.length === 0) clauses.push({ role: roleIn(before) ?? 'any', negated: false });
    clauses.forEach((c, n) => {
      if (
        out.some(
          (o) =>
            o.unit === u.name && o.role === c.role && o.negated === (c.negated || (n === 0 && negBefore)),
        )
      )
        return;
      out.push({
        unit: u.name,
        role: c.role,
        negated: c.negated || (n === 0 && negBefore),
        joinedBy: n === 0 && linkBefore ? 'or' : 'and',
      });
    });
  }
  return out;
}

function combine(sets: TaskSet[], op: 'and' | 'or'): TaskSet {
  return sets.length === 1 ? (sets[0] as TaskSet) : { op, sets };
}

function constraintSet(c: UnitConstraint): TaskSet {
  const base: TaskSet = { op: 'unit', unit: c.unit, role: c.role };
  return c.negated ? { op: 'not', set: base } : base;
}

/** What the question asks for: units, tasks, a count of tasks or of units, or nothing clear. */
function askedFor(r: Reading): 'units' | 'tasks' | 'countTasks' | 'countUnits' | 'leads' | undefined {
  const q = r.all('q').map(({ s }) => s);
  const counts = r.ops('count');
  const norm = r.t.norm;
  if (counts.length) {
    const c = counts[0] as { s: SpanOf<'op'>; i: number };
    const tail = r.spans.slice(c.i + 1, c.i + 6);
    // what is counted is in the same clause: "多少个职业教育集团，牵头单位是谁" counts no units
    const stop = tail.findIndex((x) => x.kind === 'sep');
    const after = stop >= 0 ? tail.slice(0, stop) : tail;
    const unitsObject =
      /个|家/.test(c.s.text) || c.s.text === '多少' || c.s.text === '几'
        ? after.some(
            (s) =>
              (s.kind === 'field' && s.field === 'units') ||
              (s.kind === 'role' && /单位|部门/.test(s.text)) ||
              /单位|部门/.test(s.text),
          )
        : false;
    if (unitsObject) return 'countUnits';
    if (
      /项|条/.test(c.s.text) ||
      after.some((s) => s.kind === 'field' && s.field === 'tasks') ||
      /几项|几个任务|多少项|多少个任务|有几项|几项任务/.test(norm)
    )
      return 'countTasks';
  }
  if (q.some((s) => s.q === 'who')) {
    if (r.says(/都(?:由|是)?谁牵头|分别由谁牵头|各由谁牵头|都是哪些?单位牵头|牵头单位分别是/)) return 'leads';
    return 'units';
  }
  const which = q.filter((s) => s.q === 'which');
  if (which.some((s) => /任务|项/.test(s.text))) return 'tasks';
  if (which.length) {
    const at = r.all('q').find(({ s }) => s.q === 'which')?.i ?? 0;
    const around = r.spans.slice(Math.max(0, at - 3), at + 3);
    if (
      around.some(
        (s) => (s.kind === 'field' && s.field === 'units') || (s.kind === 'role' && /单位|部门/.test(s.text)),
      )
    )
      return 'units';
    if (around.some((s) => s.kind === 'field' && s.field === 'tasks')) return 'tasks';
    if (r.says(/任务/)) return 'tasks';
    // 县财政局参与了哪些: a unit's role asked about names tasks
    if (r.all('unit').length && r.all('role').some(({ s }) => !/单位|部门/.test(s.text))) return 'tasks';
  }
  // 除了县教育局还有别的单位参与吗 / 任务15与任务17责任单位的交集
  if (r.says(/(?:别的|其他|其它|另外的)(?:责任)?(?:单位|部门)/)) return 'units';
  if (
    r.has('common', 'difference') &&
    r.says(/单位|部门/) &&
    r.all('task').flatMap(({ s }) => s.tasks).length >= 2
  )
    return 'units';
  // no question word: "任务12和任务14共同的责任单位", "县财政局参与但县人社局没参与的任务"
  const last = [...r.spans].reverse().find((s) => s.kind !== 'sep' && s.kind !== 'word');
  if (
    last &&
    ((last.kind === 'role' && /单位|部门/.test(last.text)) ||
      (last.kind === 'field' && last.field === 'units'))
  )
    return 'units';
  if (last?.kind === 'field' && last.field === 'tasks') return 'tasks';
  return undefined;
}

/** Parses one question's spans into a typed query, or says why it cannot. */
export function parseQuery(t: Tokens, kb: Knowledge, lex?: Lexicon): Parsed {
  const r = new Reading(t, kb);
  const unitCount = unitCountIn(r, lex);
  let place = rankPlace(r);
  if (place) r.used.add(place.i);
  const units: UnitRef[] = [];
  for (const { s, i } of r.all('unit')) {
    // the same unit twice (its English name, then the Chinese in brackets) is one unit
    if ((!s.weak || r.spans.length < 12) && !units.some((u) => u.name === s.name))
      units.push({ name: s.name, index: i });
  }
  const places = r.all('place');
  const unknown = r.all('unknownUnit').filter(({ i }) => r.spans[i + 1]?.kind !== 'unit');
  const safeguard = safeguardIn(r);
  const tasks = tasksIn(r, safeguard !== undefined);
  const groups = groupsIn(r);
  const asked = askedFor(r);
  // an operator is about sets only when the question names something to build a set from (不能低于 is not)
  const entities = units.length + tasks.length + groups.length + (safeguard !== undefined ? 1 : 0);
  const meaningful = MEANINGFUL.filter(
    (op) =>
      r.ops(op).some(({ i }) => bears(r, i) && !r.used.has(i)) &&
      (entities > 0 || (STANDALONE.includes(op) && asked !== undefined)),
  );
  const roleSpans = r.all('role').map(({ s }) => s.role);

  if (places.length && (asked || roleSpans.length)) {
    const p = places[0]?.s.text ?? '';
    return {
      kind: 'refuse',
      message: `本方案是${kb.document.title}，方案中没有关于“${p}”的内容，它不是本方案的责任单位。`,
    };
  }
  if (unknown.length && (asked || roleSpans.length || tasks.length || r.says(/角色|共同|都/))) {
    const name = unknown[0]?.s.text ?? '';
    return { kind: 'refuse', message: `方案中没有“${name}”，它不是任何任务的责任单位。`, suggest: name };
  } // one task and no unit: 都 / 只 / 共同 only restate its own units (第7条是不是只有一个单位负责)
  if (
    tasks.length === 1 &&
    units.length === 0 &&
    groups.length === 0 &&
    meaningful.every((op) => op === 'only' || op === 'common') &&
    asked !== 'countUnits'
  )
    return { kind: 'simple' };

  const compositional =
    meaningful.length > 0 ||
    units.length >= 2 ||
    // 任务3和任务5分别谁负责 asks about each task: the simple answerer lists them; 共同 / 合起来 / 有而…没有 combine them
    (tasks.length >= 2 &&
      (asked === 'leads' ||
        r.has('common', 'total', 'same', 'compare', 'difference') ||
        r.says(MINUS_WORDS) ||
        r.says(UNION_WORDS) ||
        r.says(COMMON_WORDS) ||
        r.says(/(?:哪个|哪项|谁)[^,.?]{0,10}?(?:多|少)|比[^,.?]{0,8}多/))) ||
    (groups.length > 0 && asked !== undefined) ||
    (units.length > 0 && safeguard === 0 && r.all('q').length > 0 && !r.says(/任务/)) ||
    (asked === 'countTasks' && units.length > 0) ||
    (unitCount !== undefined && (asked === 'tasks' || asked === 'countTasks')) ||
    place !== undefined ||
    // 县工科局配合的任务: the simple answerer lists all of a unit's tasks
    (units.length === 1 &&
      tasks.length === 0 &&
      r.all('role').some(({ s }) => s.role === 'co') &&
      asked === 'tasks') ||
    (r.has('most', 'least') && r.says(/哪(?:一|个)?(?:部分|组)/)) ||
    (tasks.length >= 1 && units.length >= 1 && r.says(ROLE_QUESTION)) ||
    (asked === 'countUnits' && tasks.length >= 1) ||
    (r.has('only') && safeguard !== undefined && asked !== undefined) ||
    (safeguard !== undefined &&
      (asked === 'units' || asked === 'countUnits') &&
      (safeguardsIn(r).length >= 2 || r.says(/没有|不在|不负责/))) ||
    (asked === 'countUnits' && tasks.length === 0);
  if (!compositional) return { kind: 'simple' };

  // "由教育局排在第一位(牵头)的任务": first place in a named unit's list is its lead role
  const leadForced = place?.position === 1 && units.length > 0 && !r.says(/哪个(?:单位|部门)/);
  if (leadForced) place = undefined;
  const q = build(r, {
    units,
    tasks,
    groups,
    safeguard,
    safeguards: safeguardsIn(r),
    asked: asked ?? (leadForced ? 'tasks' : undefined),
    unitCount,
    place,
    leadForced,
  });
  if (!q) return { kind: 'unclear', why: 'structure' };
  const left = r.all('op').filter(({ s, i }) => MEANINGFUL.includes(s.op) && !r.used.has(i) && bears(r, i));
  if (left.length) return { kind: 'unclear', why: left.map(({ s }) => s.text).join('、') };
  const checked = querySchema.safeParse(q);
  return checked.success ? { kind: 'query', query: checked.data } : { kind: 'unclear', why: 'schema' };
}

interface Found {
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
function build(r: Reading, f: Found): Query | undefined {
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
      // "任务12的责任单位里哪些不在任务3中": the first task named is the one subtracted from
      return {
        select: 'units',
        sources: tasks.map(
          (n) => ({ from: 'tasks', tasks: { op: 'tasks', tasks: [n] }, role: unitRole }) as UnitSource,
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
    if (onlyOp && units.length) {
      r.use('only', 'and', 'all', 'not');
      sets.push(wrap({ op: 'unitsExactly', units: units.map((u) => u.name) }));
    } else if (f.unitCount) {
      r.use('only', 'not');
      sets.push(wrap({ op: 'unitCount', n: f.unitCount.n, cmp: f.unitCount.cmp }));
    } else if (onlyOp) return undefined;
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

/** The kb is only needed to check ranges; exported for the answerer. */
export function taskRangeProblem(kb: Knowledge, q: Query): number[] {
  const bad = new Set<number>();
  const walk = (s: TaskSet) => {
    if (s.op === 'tasks') for (const n of s.tasks) if (n < 1 || n > kb.tasks.length) bad.add(n);
    if (s.op === 'and' || s.op === 'or') s.sets.forEach(walk);
    if (s.op === 'not') walk(s.set);
  };
  if ('tasks' in q && typeof q.tasks === 'object' && !Array.isArray(q.tasks)) walk(q.tasks);
  if (q.select === 'units') for (const s of q.sources) if (s.from === 'tasks') walk(s.tasks);
  if (q.select === 'compareTasks' || q.select === 'roles')
    for (const n of q.select === 'roles' ? [q.task] : q.tasks) if (n < 1 || n > kb.tasks.length) bad.add(n);
  return [...bad];
}

/** Group numbers a query names that the plan does not have. */
export function groupRangeProblem(kb: Knowledge, q: Query): number[] {
  const bad = new Set<number>();
  const walk = (s: TaskSet) => {
    if (s.op === 'group' && (s.group < 1 || s.group > kb.groups.length)) bad.add(s.group);
    if (s.op === 'and' || s.op === 'or') s.sets.forEach(walk);
    if (s.op === 'not') walk(s.set);
  };
  if ('tasks' in q && typeof q.tasks === 'object' && !Array.isArray(q.tasks)) walk(q.tasks);
  if (q.select === 'countTasks' && q.ofWhich) walk(q.ofWhich);
  if (q.select === 'units') for (const s of q.sources) if (s.from === 'tasks') walk(s.tasks);
  return [...bad];
}
