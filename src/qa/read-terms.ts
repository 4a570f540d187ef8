import { soundsLike } from '../language/sounds-like.js';
import type { FieldName, OpName, QWord, RefName, RoleName, Span, Tokens } from '../language/spans.js';
import type { Status } from '../shared/status.js';
import type { PlanIndex } from './plan-index.js';
import {
  type FactName,
  type FollowName,
  type OutsideName,
  type QaField,
  type QaOp,
  questionWords,
  type WordMeaning,
} from './question-words.js';
import { segmentRun } from './segment-words.js';

interface At {
  at: number;
  end: number;
  text: string;
}

/** One piece of a question as the question reader sees it: a tokenizer span, or a word of a plain span placed. */
export type Term = At &
  (
    | { kind: 'task'; tasks: number[]; form: 'task' | 'ordinal' | 'title' }
    | { kind: 'ordinal'; n: number; counter: string }
    | { kind: 'paren'; n: number; cn: boolean }
    | { kind: 'number'; value: number; counter?: string }
    | { kind: 'percent'; value: number }
    | { kind: 'unit'; name: string; weak: boolean }
    | { kind: 'unknownUnit' }
    | { kind: 'place' }
    | { kind: 'group'; nos: number[] }
    | { kind: 'groupTitle'; no: number }
    | { kind: 'safeguard'; no?: number }
    | { kind: 'op'; op: OpName }
    | { kind: 'qop'; op: QaOp }
    | { kind: 'role'; role: RoleName }
    /** 有配合单位 / 没有配合单位: whether a clause has units of a role (a test on tasks, not a unit asked for). */
    | { kind: 'has'; role: RoleName; neg: boolean }
    | { kind: 'q'; q: QWord }
    | { kind: 'field'; field: QaField }
    | { kind: 'ref'; ref: RefName }
    | { kind: 'status'; status: Status; negated: boolean }
    | { kind: 'sep' }
    | { kind: 'particle' }
    | { kind: 'doc' }
    | { kind: 'fact'; fact: FactName }
    | { kind: 'measure'; measure: 'money' | 'people' }
    | { kind: 'outside'; why: OutsideName }
    | { kind: 'follow'; how: FollowName }
    /** Words of no known part: the topic of the question, or something the reader did not understand. */
    | { kind: 'content' }
    /** Words that carry nothing (请问, 谢谢): dropped once the words around them are read. */
    | { kind: 'filler' }
    /** 帮助 / 怎么用. */
    | { kind: 'help' }
    /** 还有就是: one question ends, another begins. */
    | { kind: 'break' }
  );

/** A term of one kind, for narrowing. */
export type TermOf<K extends Term['kind']> = Extract<Term, { kind: K }>;

const HAN = /[\u3400-\u9fff]/;

/** A tokenizer span as a term (plain words are read separately). */
function fromSpan(s: Span): Term | undefined {
  const { at, end, text } = s;
  switch (s.kind) {
    case 'word':
      return undefined;
    case 'group':
      return { at, end, text, kind: 'group', nos: s.nos ?? [s.no] };
    case 'field':
      return { at, end, text, kind: 'field', field: s.field as FieldName };
    case 'partial':
      return { at, end, text, kind: 'content' };
    case 'task':
      return { at, end, text, kind: 'task', tasks: s.tasks, form: s.form };
    case 'unit':
      return { at, end, text, kind: 'unit', name: s.name, weak: s.weak };
    default:
      return { ...s } as Term;
  }
}

/** The meaning of a word as a term at a place. */
function termOf(m: WordMeaning, at: number, text: string): Term | undefined {
  return { at, end: at + text.length, text, ...m } as Term;
}

/** A unit typed short (小企业发展中心 for 县小企业发展促进中心): the same characters in order, at most two left out. */
function shortUnit(word: string, plan: PlanIndex): string | undefined {
  if (word.length < 4 || !HAN.test(word)) return undefined;
  const last = word[word.length - 1] as string;
  for (const { full, name } of plan.unitNames) {
    if (full[full.length - 1] !== last || word.length < full.length - 2 || word.length >= full.length)
      continue;
    if (word[0] !== full[0]) continue;
    let k = 0;
    for (const c of full) if (c === word[k]) k++;
    if (k === word.length) return name;
  }
  return undefined;
}

/**
 * A place other than the plan's own in a word (运城市的, 万荣县): two or three characters before 省 / 市 / 县 / 区,
 * not a word of the plan (市级, 县直), not led by a function word (请问县, 加入几个省).
 */
function placeIn(word: string, plan: PlanIndex): { at: number; name: string } | undefined {
  const { placeNotBefore, placeNotIn, placeSuffixes } = questionWords();
  for (let i = 2; i < word.length; i++) {
    if (!placeSuffixes.has(word[i] as string) || placeNotBefore.has(word[i + 1] ?? '')) continue;
    for (const len of [2, 3]) {
      if (i - len < 0) continue;
      const prefix = word.slice(i - len, i);
      if (!HAN.test(prefix) || [...prefix].some((c) => placeNotIn.has(c))) continue;
      const name = `${prefix}${word[i]}`;
      if (
        name === plan.lexicon.home ||
        (plan.inText(`${name}${word[i + 1] ?? ''}`) && plan.kb.units.some((u) => u.name.includes(name)))
      )
        continue;
      return { at: i - len, name };
    }
  }
  return undefined;
}

/** A content piece as a term: a unit typed short, a place name in it, or plain content. */
function contentTerms(norm: string, at: number, end: number, plan: PlanIndex): Term[] {
  const text = norm.slice(at, end);
  const unit = shortUnit(text, plan);
  if (unit) return [{ kind: 'unit', at, end, text, name: unit, weak: false }];

  const place = placeIn(text, plan);
  if (!place) return [{ kind: 'content', at, end, text }];
  const out: Term[] = [];
  const p = at + place.at;
  if (place.at > 0) out.push({ kind: 'content', at, end: p, text: text.slice(0, place.at) });
  out.push({ kind: 'place', at: p, end: p + place.name.length, text: place.name });
  if (p + place.name.length < end)
    out.push({
      kind: 'content',
      at: p + place.name.length,
      end,
      text: norm.slice(p + place.name.length, end),
    });
  return out;
}

/** A place span made of a question word and a unit of the plan (换成|县工科局), as those two terms. */
function placeOrWord(s: Span, plan: PlanIndex): Term[] | undefined {
  const { meanings } = questionWords();
  for (const u of plan.kb.units) {
    for (const name of [u.name, ...u.aliases]) {
      if (!s.text.endsWith(name) || s.text.length === name.length) continue;
      const word = s.text.slice(0, s.text.length - name.length);
      const m = meanings.get(word);
      if (!m || m.kind === 'word') continue;
      const cut = s.at + word.length;
      const first = termOf(m, s.at, word);
      const unit: Term = { kind: 'unit', at: cut, end: s.end, text: name, name: u.name, weak: false };
      return first && m.kind !== 'filler' ? [first, unit] : [unit];
    }
  }
  return undefined;
}

/** Short tokenizer spans that a word of the plan may swallow (均|衡, 管|理, 财政|拨款). */
const isSoft = (s: Span) =>
  ((s.kind === 'op' || s.kind === 'role' || (s.kind === 'ref' && s.ref === 'then')) && s.text.length === 1) ||
  (s.kind === 'unit' && s.weak && s.text.length <= 4);

/** Reads a run of plain words (with the short spans inside it) into terms, by the best segmentation. */
function readRun(
  norm: string,
  spans: Span[],
  first: number,
  last: number,
  plan: PlanIndex,
  out: Term[],
): void {
  const soft = new Map<number, { end: number; index: number }>();
  for (let k = first; k <= last; k++) {
    const s = spans[k] as Span;
    if (s.kind !== 'word') soft.set(s.at, { end: s.end, index: k });
  }
  const from = (spans[first] as Span).at;
  const to = (spans[last] as Span).end;
  // the tokenizer already reads homophones inside plain words; a short alias inside one (县|税务|句) hides them
  const hidden = spans.slice(first, last + 1).some((x) => x.kind === 'unit' && x.weak);
  const alike = hidden ? soundsLike(norm.slice(from, to), plan.lexicon) : undefined;
  const units = alike
    ? [{ at: from + alike.offset, end: from + alike.offset + alike.length, name: alike.name }]
    : [];
  for (const p of segmentRun(norm, from, to, soft, plan, units)) {
    const text = norm.slice(p.at, p.end);
    if (p.kind === 'word') {
      const t = termOf(p.meaning, p.at, text);
      if (t) out.push(t);
    } else if (p.kind === 'span') {
      const t = fromSpan(spans[p.index] as Span);
      if (t) out.push(t);
    } else if (p.kind === 'number') out.push({ kind: 'number', at: p.at, end: p.end, text, value: p.value });
    else if (p.kind === 'unit')
      out.push({ kind: 'unit', at: p.at, end: p.end, text, name: p.name, weak: false });
    else if (p.kind === 'content') out.push(...contentTerms(norm, p.at, p.end, plan));
    else if (p.kind === 'skip') continue;
  }
}

// kinds of term a question word may be read across (发展|目标 → 发展目标): never units, tasks or numbers
const JOINABLE = new Set<Term['kind']>([
  'content',
  'field',
  'role',
  'particle',
  'q',
  'op',
  'qop',
  'ref',
  'measure',
  'fact',
  'doc',
  'outside',
  'number',
  'sep',
  'filler',
]);

/**
 * Second look across the tokenizer's spans: a question word the shared lexicon split (发展|目标, 发展|目标值) is read
 * whole; a number or ordinal inside a word (1+x, 3+2, 第三方) is part of that word.
 */
function joinWords(terms: Term[], norm: string): Term[] {
  const { meanings, longestFrom } = questionWords();
  const out: Term[] = [];
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k] as Term;
    // 1+x / 3+2: digits joined by + are a name, not a task number
    const next = terms[k + 1];
    const prev = out[out.length - 1];
    const plusJoined =
      (t.kind === 'number' || t.kind === 'content') &&
      ((next && next.at === t.end && (next.text.startsWith('+') || t.text.endsWith('+'))) ||
        (prev && prev.end === t.at && (prev.text.endsWith('+') || t.text.startsWith('+'))));
    // 第三方 / 第一时间: an ordinal written straight into a word
    const inWord = t.kind === 'ordinal' && t.counter === '' && next?.kind === 'content' && next.at === t.end;
    if (
      plusJoined ||
      inWord ||
      (t.kind === 'number' && prev?.kind === 'content' && prev.end === t.at && prev.text.endsWith('+'))
    ) {
      if (prev?.kind === 'content' && prev.end === t.at) {
        out[out.length - 1] = { ...prev, end: t.end, text: norm.slice(prev.at, t.end) };
      } else out.push({ kind: 'content', at: t.at, end: t.end, text: t.text });
      continue;
    }
    // 哪些任务2021年底前: a year written after 任务 is not a task number
    const year = t.kind === 'task' && t.form === 'task' && t.tasks.length === 1 ? (t.tasks[0] ?? 0) : 0;
    const digits = t.text.indexOf(String(year));
    if (year >= 1900 && norm.startsWith('年', t.end) && digits > 0) {
      out.push({
        kind: 'field',
        field: 'tasks',
        at: t.at,
        end: t.at + digits,
        text: t.text.slice(0, digits),
      });
      // the 年 after it, when read apart, is part of the year
      const nian = next?.kind === 'content' && next.text === '年' && next.at === t.end;
      const end = nian && next ? next.end : t.end;
      out.push({
        kind: 'number',
        value: year,
        counter: '年',
        at: t.at + digits,
        end,
        text: norm.slice(t.at + digits, end),
      });
      if (nian) k++;
      continue;
    }
    // 重点任务第二|部分: the tokenizer's task number is a group
    if (
      t.kind === 'task' &&
      t.text.includes('第') &&
      next?.kind === 'field' &&
      next.field === 'group' &&
      next.at === t.end
    ) {
      out.push({ kind: 'group', at: t.at, end: next.end, text: norm.slice(t.at, next.end), nos: t.tasks });
      k++;
      continue;
    }
    if (prev?.kind === 'content' && t.kind === 'content' && prev.end === t.at) {
      out[out.length - 1] = { ...prev, end: t.end, text: norm.slice(prev.at, t.end) };
      continue;
    }
    // only where a question word longer than the term starts with its first character
    if (
      JOINABLE.has(t.kind) &&
      t.kind !== 'number' &&
      t.kind !== 'sep' &&
      (longestFrom.get(norm[t.at] as string) ?? 0) > t.end - t.at
    ) {
      let best: { end: number; k: number; m: WordMeaning } | undefined;
      let end = t.end;
      for (let j = k + 1; j < Math.min(terms.length, k + 3); j++) {
        const u = terms[j] as Term;
        // English words are joined across the space between them (document number of)
        const spaced =
          norm.slice(end, u.at) === ' ' &&
          /[a-z]/.test(norm[end - 1] ?? '') &&
          /[a-z]/.test(norm[u.at] ?? '');
        if ((u.at !== end && !spaced) || !JOINABLE.has(u.kind)) break;
        end = u.end;
        const m = meanings.get(norm.slice(t.at, end));
        if (m && (m.kind !== 'filler' || t.kind === 'filler')) best = { end, k: j, m };
      }
      if (best) {
        const joined = termOf(best.m, t.at, norm.slice(t.at, best.end));
        if (joined) out.push(joined);
        k = best.k;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

/**
 * The question's terms: the tokenizer's spans, with each plain word span read for question words (fillers
 * dropped) and a whitespace gap between Chinese words kept as a separator (voice input has no punctuation).
 */
export function readTerms(tokens: Tokens, plan: PlanIndex): Term[] {
  const out: Term[] = [];
  const { norm, spans } = tokens;
  const adjacent = (a: Span, b: Span) => /^ *$/.test(norm.slice(a.end, b.at));
  let k = 0;
  while (k < spans.length) {
    const s = spans[k] as Span;
    // 换成县工科局: the tokenizer read a word before a unit as a county; a question word is not a place
    if (s.kind === 'place') {
      const split = placeOrWord(s, plan);
      if (split) {
        out.push(...split);
        k++;
        continue;
      }
    }
    if (s.kind !== 'word' && !isSoft(s)) {
      const t = fromSpan(s);
      if (t) out.push(t);
      k++;
      continue;
    }
    // plain words and the short spans between them, separated by nothing or spaces, are read as one run
    let j = k;
    while (
      spans[j + 1] &&
      (spans[j + 1]?.kind === 'word' || isSoft(spans[j + 1] as Span)) &&
      adjacent(spans[j] as Span, spans[j + 1] as Span)
    )
      j++;
    if (spans.slice(k, j + 1).some((x) => x.kind === 'word')) readRun(norm, spans, k, j, plan, out);
    else
      for (const x of spans.slice(k, j + 1)) {
        const t = fromSpan(x);
        if (t) out.push(t);
      }
    k = j + 1;
  }
  // a gap between two Chinese words where no punctuation was typed separates clauses as a comma would
  const withGaps: Term[] = [];
  for (const t of joinWords(out, norm)) {
    if (t.kind === 'filler') continue;
    const prev = withGaps[withGaps.length - 1];
    if (
      prev &&
      prev.kind !== 'sep' &&
      t.kind !== 'sep' &&
      /^ +$/.test(norm.slice(prev.end, t.at)) &&
      HAN.test(norm[prev.end - 1] ?? '') &&
      HAN.test(norm[t.at] ?? '')
    )
      withGaps.push({ kind: 'sep', at: prev.end, end: t.at, text: ' ' });
    withGaps.push(t);
  }
  return withGaps;
}
