import { parseNumeral } from '../language/numerals.js';
import type { PlanIndex } from './plan-index.js';
import { questionWords, type WordMeaning } from './question-words.js';

/** A piece of a run of plain text: a question word, a tokenizer span kept, content, or nothing (a space, a mention). */
export type Piece =
  | { at: number; end: number; kind: 'word'; meaning: WordMeaning }
  | { at: number; end: number; kind: 'span'; index: number }
  | { at: number; end: number; kind: 'number'; value: number }
  | { at: number; end: number; kind: 'content' }
  | { at: number; end: number; kind: 'unit'; name: string }
  | { at: number; end: number; kind: 'skip' };

// single characters that always split, even where they touch a character pair of the plan (的职, 了解)
const ALWAYS_SPLIT = new Set(['的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '哦']);
const isHan = (c: string) => c >= '\u3400' && c <= '\u9fff';
const isLatin = (c: string) => c >= 'a' && c <= 'z';

/** An English question word or phrase (up to four words) at `i`, or a number word (Roman only after task / item). */
function englishAt(norm: string, i: number, to: number): Piece | undefined {
  const { meanings } = questionWords();
  const ends: number[] = [];
  let k = i;
  while (ends.length < 4 && k < to) {
    let e = k;
    while (e < to && (isLatin(norm[e] as string) || norm[e] === '-' || norm[e] === "'")) e++;
    if (e === k) break;
    ends.push(e);
    k = e;
    while (k < to && norm[k] === ' ') k++;
  }
  for (let n = ends.length; n >= 1; n--) {
    const end = ends[n - 1] as number;
    const m = meanings.get(norm.slice(i, end));
    if (m) return { at: i, end, kind: 'word', meaning: m };
  }
  const first = ends[0];
  if (first === undefined) return undefined;
  const word = norm.slice(i, first);
  const roman = /^[ivx]+$/.test(word);
  const before = norm.slice(Math.max(0, i - 6), i).trimEnd();
  const n = roman && !before.endsWith('task') && !before.endsWith('item') ? undefined : parseNumeral(word);
  if (n !== undefined) return { at: i, end: first, kind: 'number', value: n };
  return { at: i, end: first, kind: 'content' };
}

const opinionIndex = new WeakMap<PlanIndex, Map<string, string[]>>();

/** The plan's opinion words (好不好, 值不值得) by their first character. */
function opinionsByFirst(plan: PlanIndex): Map<string, string[]> {
  let m = opinionIndex.get(plan);
  if (!m) {
    m = new Map();
    for (const w of plan.lexicon.opinion) m.set(w[0] as string, [...(m.get(w[0] as string) ?? []), w]);
    opinionIndex.set(plan, m);
  }
  return m;
}

/**
 * Splits a run of plain text (with the short tokenizer spans inside it, `soft`) into pieces by the best reading:
 * question words and spans weigh their length, words of the plan (keywords, titles) a little more, a character pair
 * of the plan's text by how common it is there, a lone character nothing. So 管理由 reads 管理|由, not 管|理由, and
 * 教师工资 reads 教师|工资, not 教|师工|资.
 */
export function segmentRun(
  norm: string,
  from: number,
  to: number,
  soft: Map<number, { end: number; index: number }>,
  plan: PlanIndex,
  units: { at: number; end: number; name: string }[] = [],
): Piece[] {
  const { byFirst } = questionWords();
  const n = to - from;
  const best = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
  const pieces = new Int32Array(n + 1);
  const back = new Array<Piece | undefined>(n + 1);
  best[0] = 0;
  // the heavier reading wins; of two equally heavy, the one in fewer pieces (原则上, not 原则|上)
  const better = (i: number, end: number, weight: number): boolean => {
    const j = end - from;
    const w = (best[i - from] as number) + weight;
    const k = (pieces[i - from] as number) + 1;
    const b = best[j] as number;
    if (w > b + 1e-9 || (Math.abs(w - b) <= 1e-9 && k < (pieces[j] as number))) {
      best[j] = w;
      pieces[j] = k;
      return true;
    }
    return false;
  };
  // a plain piece (content or skip) is made only when it is the better reading
  const plain = (at: number, end: number, kind: 'content' | 'skip', weight: number) => {
    if (better(at, end, weight)) back[end - from] = { at, end, kind };
  };
  const offer = (p: Piece, weight: number) => {
    if (better(p.at, p.end, weight)) back[p.end - from] = p;
  };
  const opinions = opinionsByFirst(plan);
  for (let i = from; i < to; i++) {
    if (best[i - from] === Number.NEGATIVE_INFINITY) continue;
    const c = norm[i] as string;
    if (c === ' ') {
      plain(i, i + 1, 'skip', 0);
      continue;
    }
    if (c === '@' && (i === from || norm[i - 1] === ' ')) {
      // "@方案助手": a mention typed or pasted into the question
      let e = i;
      while (e < to && norm[e] !== ' ') e++;
      plain(i, e, 'skip', 0);
      continue;
    }
    if (isLatin(c)) {
      if (i > from && isLatin(norm[i - 1] as string)) continue;
      const p = englishAt(norm, i, to);
      if (p) offer(p, p.kind === 'content' ? 0 : p.end - p.at);
      continue;
    }
    // a word counts its length; a word of the plan a little more; a character pair of the plan a little less
    const s = soft.get(i);
    if (s) offer({ at: i, end: s.end, kind: 'span', index: s.index }, s.end - i);
    // a unit's name typed with a homophone (县税务句) outweighs the pieces it is made of
    for (const u of units)
      if (u.at === i) offer({ at: i, end: u.end, kind: 'unit', name: u.name }, u.end - u.at + 1);
    for (const w of opinions.get(c) ?? [])
      if (i + w.length <= to && norm.startsWith(w, i))
        offer(
          { at: i, end: i + w.length, kind: 'word', meaning: { kind: 'outside', why: 'opinion' } },
          w.length + 0.05,
        );
    // question words: those starting with this character and the next, then a one-character word
    for (const list of [byFirst.get(norm.slice(i, i + 2)), byFirst.get(c)]) {
      if (!list) continue;
      for (const { text, meaning } of list) {
        if (i + text.length > to || !norm.startsWith(text, i)) continue;
        const end = i + text.length;
        if (better(i, end, text.length))
          back[end - from] =
            meaning.kind === 'word' ? { at: i, end, kind: 'content' } : { at: i, end, kind: 'word', meaning };
      }
    }
    if (isHan(c)) {
      const key = norm.slice(i, i + 2);
      for (const p of plan.phrases.get(key) ?? [])
        if (i + p.length <= to && norm.startsWith(p, i)) plain(i, i + p.length, 'content', p.length + 0.05);
      const count = plan.bigramCounts.get(key) ?? 0;
      if (count && i + 2 <= to && !ALWAYS_SPLIT.has(c) && !ALWAYS_SPLIT.has(key[1] as string))
        plain(i, i + 2, 'content', 1.8 + Math.min(0.15, 0.05 * (count - 1)));
    }
    plain(i, i + 1, 'content', 0);
  }
  return piecesOf(norm, back, n, from);
}

/** The best reading, read back from its end: content written together joined, emoji skipped, numerals read. */
function piecesOf(norm: string, back: (Piece | undefined)[], n: number, from: number): Piece[] {
  const path: Piece[] = [];
  for (let j = n; j > 0; ) {
    const p = back[j] as Piece;
    path.unshift(p);
    j = p.at - from;
  }
  // content pieces written together are one piece; a Chinese numeral alone is a number (十四谁负责)
  const out: Piece[] = [];
  for (const p of path) {
    const last = out[out.length - 1];
    if (p.kind === 'content' && last?.kind === 'content' && last.end === p.at) last.end = p.end;
    else if (p.kind !== 'skip') out.push({ ...p });
  }
  return out.map((p): Piece => {
    if (p.kind !== 'content') return p;
    const text = norm.slice(p.at, p.end);
    // emoji and stray punctuation say nothing
    if (/^(?:\p{So}|\p{Sk}|\p{Cs}|\p{Mn}|\u200d|\s)+$/u.test(text)) return { ...p, kind: 'skip' };
    const value = /^[零一二两三四五六七八九十百]+$/.test(text) ? parseNumeral(text) : undefined;
    return value !== undefined ? { at: p.at, end: p.end, kind: 'number', value } : p;
  });
}
