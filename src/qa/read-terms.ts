import { parseNumeral } from '../language/numerals.js';
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
  );

/** A term of one kind, for narrowing. */
export type TermOf<K extends Term['kind']> = Extract<Term, { kind: K }>;

// single-character grammar words that give way when they form a word of the plan with a neighbour (多元, 在校, 人才)
const YIELDING = new Set(['多', '少', '元', '人', '名', '数', '前', '每', '局', '组', '类', '有', '内', '中', '为', '对', '给', '到', '于', '并', '算', '活', '占', '诗', '钱', '文', '各', '归', '抓', '弄', '搞', '还', '也', '由', '在', '里']);
const HAN = /[\u3400-\u9fff]/;
const LATIN = /[a-z]/;

/** A tokenizer span as a term (plain words are read separately). */
function fromSpan(s: Span): Term | undefined {
  const base = { at: s.at, end: s.end, text: s.text };
  switch (s.kind) {
    case 'word':
      return undefined;
    case 'group':
      return { ...base, kind: 'group', nos: s.nos ?? [s.no] };
    case 'field':
      return { ...base, kind: 'field', field: s.field as FieldName };
    case 'partial':
      return { ...base, kind: 'content' };
    case 'task':
      return { ...base, kind: 'task', tasks: s.tasks, form: s.form };
    case 'unit':
      return { ...base, kind: 'unit', name: s.name, weak: s.weak };
    default:
      return { ...base, ...s } as Term;
  }
}

/** The meaning of a word as a term at a place. */
function termOf(m: WordMeaning, at: number, text: string): Term | undefined {
  const base = { at, end: at + text.length, text };
  if (m.kind === 'filler') return undefined;
  return { ...base, ...m } as Term;
}

/** A unit typed short (小企业发展中心 for 县小企业发展促进中心): the same characters in order, at most two left out. */
function shortUnit(word: string, plan: PlanIndex): string | undefined {
  if (word.length < 4 || !HAN.test(word)) return undefined;
  const last = word[word.length - 1] as string;
  for (const { alias, name } of plan.unitNames) {
    const full = alias.replace(/^县/, '');
    if (full[full.length - 1] !== last || word.length < full.length - 2 || word.length >= full.length) continue;
    if (word[0] !== full[0]) continue;
    let k = 0;
    for (const c of full) if (c === word[k]) k++;
    if (k === word.length) return name;
  }
  return undefined;
}

/**
 * Reads one run of plain text (a word span, or several separated by spaces): question words by longest match
 * (English as whole words), numbers written in English, units typed short; what is left is content.
 */
function readRun(norm: string, from: number, to: number, plan: PlanIndex, out: Term[]): void {
  const { meanings, longest } = questionWords();
  let content = -1;
  const flush = (i: number) => {
    if (content >= 0 && i > content) {
      const text = norm.slice(content, i);
      const unit = shortUnit(text, plan);
      out.push(
        unit
          ? { kind: 'unit', at: content, end: i, text, name: unit, weak: false }
          : { kind: 'content', at: content, end: i, text },
      );
    }
    content = -1;
  };
  let i = from;
  while (i < to) {
    const c = norm[i] as string;
    if (c === ' ') {
      flush(i);
      i++;
      continue;
    }
    if (c === '@' && (i === from || norm[i - 1] === ' ')) {
      // "@方案助手": a mention typed or pasted into the question
      flush(i);
      while (i < to && norm[i] !== ' ') i++;
      continue;
    }
    if (LATIN.test(c)) {
      if (i > from && LATIN.test(norm[i - 1] as string)) {
        i++;
        continue;
      }
      const hit = englishAt(norm, i, to);
      if (hit) {
        flush(i);
        const t = hit.meaning ? termOf(hit.meaning, i, norm.slice(i, hit.end)) : hit.term;
        if (t) out.push(t);
        i = hit.end;
        continue;
      }
      if (content < 0) content = i;
      while (i < to && /[a-z0-9'+-]/.test(norm[i] as string)) i++;
      flush(i);
      continue;
    }
    let found: { len: number; m: WordMeaning } | undefined;
    // 你觉得 / 落实得好不好: an opinion is asked, which the plan never gives
    const opinion = plan.lexicon.opinion.find((w) => norm.startsWith(w, i) && i + w.length <= to);
    if (opinion) found = { len: opinion.length, m: { kind: 'outside', why: 'opinion' } };
    for (let len = Math.min(longest, to - i); len >= 1 && !found; len--) {
      const m = meanings.get(norm.slice(i, i + len));
      if (m) {
        found = { len, m };
        break;
      }
    }
    // a single grammar character inside a word of the plan (多元, 在校生, 人才) is part of that word
    if (found && found.len === 1 && YIELDING.has(c)) {
      const before = content >= 0 ? norm.slice(i - 1, i + 1) : '';
      const after = norm.slice(i, i + 2);
      const nextIsWord = [...Array(Math.min(longest, to - i - 1))].some((_, k) =>
        meanings.has(norm.slice(i + 1, i + 2 + k)),
      );
      if (plan.bigrams.has(before) || (!nextIsWord && after.length === 2 && plan.bigrams.has(after)))
        found = undefined;
    }
    if (!found) {
      if (content < 0) content = i;
      i++;
      continue;
    }
    flush(i);
    const t = termOf(found.m, i, norm.slice(i, i + found.len));
    if (t) out.push(t);
    i += found.len;
  }
  flush(to);
}

/** An English question word or phrase (up to four words) or a number word at `i`. */
function englishAt(
  norm: string,
  i: number,
  to: number,
): { end: number; meaning?: WordMeaning; term?: Term } | undefined {
  const { meanings } = questionWords();
  const words: { end: number }[] = [];
  let k = i;
  while (words.length < 4 && k < to) {
    const m = /^[a-z][a-z'-]*/.exec(norm.slice(k, to));
    if (!m) break;
    words.push({ end: k + m[0].length });
    k += m[0].length;
    while (k < to && norm[k] === ' ') k++;
  }
  for (let n = words.length; n >= 1; n--) {
    const end = (words[n - 1] as { end: number }).end;
    const m = meanings.get(norm.slice(i, end));
    if (m) return { end, meaning: m };
  }
  const first = words[0];
  if (!first) return undefined;
  const word = norm.slice(i, first.end);
  const n = /^[ivx]+$/.test(word) && word.length > 1 ? undefined : parseNumeral(word);
  if (n !== undefined) return { end: first.end, term: { kind: 'number', at: i, end: first.end, text: word, value: n } };
  return undefined;
}

/**
 * The question's terms: the tokenizer's spans, with each plain word span read for question words (fillers
 * dropped) and a whitespace gap between Chinese words kept as a separator (voice input has no punctuation).
 */
export function readTerms(tokens: Tokens, plan: PlanIndex): Term[] {
  const out: Term[] = [];
  const { norm, spans } = tokens;
  let k = 0;
  while (k < spans.length) {
    const s = spans[k] as Span;
    if (s.kind !== 'word') {
      const t = fromSpan(s);
      if (t) out.push(t);
      k++;
      continue;
    }
    // plain words separated only by spaces are read as one run (English phrases span words)
    let j = k;
    while (
      spans[j + 1]?.kind === 'word' &&
      /^ *$/.test(norm.slice((spans[j] as Span).end, (spans[j + 1] as Span).at))
    )
      j++;
    readRun(norm, s.at, (spans[j] as Span).end, plan, out);
    k = j + 1;
  }
  // a gap between two Chinese words where no punctuation was typed separates clauses as a comma would
  const withGaps: Term[] = [];
  for (const t of out) {
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
