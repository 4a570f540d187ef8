import type { Knowledge } from '../knowledge/schema.js';
import type { OpName, RoleName, Span, SpanOf, Tokens } from '../language/spans.js';
/** Shared parts of reading a question: the spans with what was used, and the word classes. */
/** Operators that change what a question means; if one is found and not used, the question was not understood. */
export const MEANINGFUL: OpName[] = [
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

/** Words saying the units of the first task minus the others (有而…没有, 不在). */
export const MINUS_WORDS = /不在|没有的|而没有|有而|中没有|没有出现|没出现|未出现/;
/** Words saying the units of the tasks together (合起来, 一共). */
export const UNION_WORDS = /合起来|加起来|合在一起|一共|总共|合计|所有|并集/;
/** Words saying the units the tasks share (共同, 都参与, 交集). */
export const COMMON_WORDS = /共同|相同|重合|都参与|都有份|都在|交集|都有的|都包含|均有/;

/** A negation that says "takes no part" by itself (没参与, 没有份, 不在其列). */
export const PARTICIPATION = /参与|负责|参加|份|之列|其列/;

/** The role of a unit in a task asked for (县自然资源局在任务15里是什么角色). */
export const ROLE_QUESTION =
  /角色|还是配合|还是牵头|牵头还是|配合还是|是牵头|是配合|牵头吗|配合吗|牵头单位吗|配合单位吗|身份|地位/;

/** Operators that make a question combined even when it names no task or unit (哪个单位牵头最多, 只有一个责任单位). */
export const STANDALONE: OpName[] = ['most', 'least', 'only'];

/** A unit named in the question, with the index of its span. */
export interface UnitRef {
  name: string;
  index: number;
}

/** Everything the parser reads from the spans of one question. */
export class Reading {
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
export function bears(r: Reading, i: number): boolean {
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

/** The role a stretch of spans gives (牵头 → lead, 配合 → co, 参与/负责 → any), if any. */
export function roleIn(spans: Span[]): RoleName | undefined {
  for (const s of spans) if (s.kind === 'role') return s.role;
  for (const s of spans) if (s.kind === 'op' && s.op === 'not' && PARTICIPATION.test(s.text)) return 'any';
  return undefined;
}

/** True when a stretch contains a negation (没有, 不, 不是, 未 …). */
export function negatedIn(spans: Span[]): boolean {
  return spans.some((s) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither'));
}

/** A negation operator (没有, 不是, 既不). */
export const isNegation = (s: Span) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither');

/** A word that only links two names (和, 或, a comma). */
export const isLink = (s: Span) =>
  (s.kind === 'op' && (s.op === 'and' || s.op === 'or')) || (s.kind === 'sep' && s.text === ',');
