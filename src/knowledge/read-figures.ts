import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';
import { findDeadline, sentenceAt } from './read-deadline.js';
import type { Target } from './schema.js';

const list = z.array(z.string().min(1));
const wordsFile = z.object({
  counters: list,
  timeCounters: list,
  percent: list,
  atLeast: list,
  atMost: list,
  below: list,
  about: list,
  reach: list,
  after: list,
  adverbs: list,
  scopes: list,
  scopeHeads: list,
  prepositions: list,
  verbs: list,
  countVerbs: list,
  conjunctions: list,
  stops: list,
  ordinalBefore: list,
  phaseCounters: list,
  oneNeedsVerb: z.boolean(),
});
type Words = z.infer<typeof wordsFile>;

interface Grammar {
  w: Words;
  figure: RegExp;
  bounds: string[];
  time: Set<string>;
  percent: Set<string>;
}

let grammar: Grammar | undefined;
const byLength = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length);
const alt = (xs: string[]) =>
  byLength(xs)
    .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
const CN_NUM = '一二两三四五六七八九十百千万零〇';

/** The figure words of figure-words.json and the pattern of a figure built from them, read once. */
function figureGrammar(): Grammar {
  if (grammar) return grammar;
  const w = wordsFile.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/knowledge/figure-words.json'), 'utf8')),
  );
  const num = '(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?)';
  const cn = `[${CN_NUM}]+`;
  const value = `${num}(?:\\s*[-～~—–至到]\\s*${num})?|${cn}(?:[至到]${cn})?`;
  const counters = alt([...w.percent, ...w.counters, ...w.timeCounters]);
  grammar = {
    w,
    figure: new RegExp(
      `(?<value>${value})\\s*(?<more>余|多)?\\s*(?<counter>${counters})(?<after>${alt(w.after)})?|“(?<quoted>\\d+\\+\\d+)”`,
      'g',
    ),
    bounds: [...w.atLeast, ...w.atMost, ...w.below, ...w.about],
    time: new Set(w.timeCounters),
    percent: new Set(w.percent),
  };
  return grammar;
}

const ascii = (s: string) =>
  s.replace(/[０-９％]/g, (c) => (c === '％' ? '%' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

/** 三 → 3, 十二 → 12, 两百 → 200; digits as they are. */
function numberOf(s: string): number {
  if (/^[\d.,]+$/.test(s)) return Number(s.replace(/,/g, ''));
  const digit = (c: string) =>
    '零〇'.includes(c) ? 0 : c === '两' ? 2 : '一二三四五六七八九'.indexOf(c) + 1;
  const unit: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };
  let total = 0;
  let section = 0;
  let d = 0;
  for (const c of s) {
    const u = unit[c];
    if (u === 10000) {
      total += (section + d) * u;
      section = 0;
      d = 0;
    } else if (u) {
      section += (d || 1) * u;
      d = 0;
    } else d = digit(c);
  }
  return total + section + d;
}

/** The longest word of a list that `s` ends (or starts) with. */
const endWord = (s: string, words: string[]) => byLength(words).find((x) => s.endsWith(x));
const startWord = (s: string, words: string[]) => byLength(words).find((x) => s.startsWith(x));

interface Found {
  start: number;
  end: number;
  value: number | string;
  unit: string;
  percent: boolean;
  quoted: boolean;
  /** A bound of place (200米内, 200米范围内): what it bounds is the subject. */
  within: boolean;
}

/** Spans of the clause inside quotation marks: numbers there are names (“四个100%”), not figures. */
function quotedSpans(clause: string): [number, number][] {
  return [...clause.matchAll(/“[^”]*”/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

/** The figures of one clause, in order, with their bounds; numbers that are not figures left out. */
function figuresIn(clause: string, g: Grammar): Found[] {
  const w = g.w;
  const out: Found[] = [];
  const quotes = quotedSpans(clause);
  for (const m of clause.matchAll(g.figure)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const groups = m.groups ?? {};
    if (groups.quoted) {
      out.push({ start, end, value: groups.quoted, unit: '', percent: false, quoted: true, within: false });
      continue;
    }
    if (quotes.some(([a, b]) => start > a && start < b)) continue;
    const raw = (groups.value ?? '').replace(/\s/g, '');
    const counter = groups.counter ?? '';
    const after = groups.after ?? '';
    const before = clause.slice(0, start).trimEnd();
    const prevChar = before.slice(-1);
    // 第3个, 每一个, 2.5 inside a longer number, 统一个 — ordinals and parts of words
    if (w.ordinalBefore.includes(prevChar) || /[\d.]/.test(prevChar)) continue;
    const chinese = !/\d/.test(raw);
    if (chinese && new RegExp(`[${CN_NUM}]$`).test(prevChar)) continue;
    // the bound stands before the number or before its verb (至少组织2次)
    const verb = endWord(before, w.verbs) ?? '';
    const bound =
      endWord(before, g.bounds) ?? endWord(before.slice(0, before.length - verb.length), g.bounds);
    if (chinese && raw === '一' && w.oneNeedsVerb && !verb && !bound) continue;
    // 千吨万人 (a name), 一期工程 (a phase)
    if (chinese && (!/[一二两三四五六七八九十]/.test(raw) || w.phaseCounters.includes(counter))) continue;
    // time is a figure only with a bound (3年以上, 不少于6个月); never a date (2022年) or a span (3年内)
    if (g.time.has(counter) && (after === '内' || (!bound && !after))) continue;
    const [a, b] = raw.split(/[-～~—–至到]/);
    const value = b !== undefined ? `${numberOf(a ?? '')}-${numberOf(b)}` : numberOf(raw);
    if (typeof value === 'number' && (Number.isNaN(value) || (counter === '年' && value >= 1000))) continue;
    let unit = `${groups.more ?? ''}${counter}${after}`;
    if (bound && !after) {
      if (w.atLeast.includes(bound)) unit += '以上';
      else if (w.atMost.includes(bound)) unit += '以内';
      else if (w.below.includes(bound)) unit += '以下';
      else unit += '左右';
    }
    const within = /内$/.test(after) || /^\s*范围/.test(clause.slice(end));
    out.push({ start, end, value, unit, percent: g.percent.has(counter), quoted: false, within });
  }
  return out;
}

/** How a figure is counted (每年, 累计, 每所学校), taken out of the words before it. */
function takeScopes(s: string, g: Grammar): { rest: string; scopes: string[] } {
  const w = g.w;
  const scopes: string[] = [];
  let rest = s;
  const stopAt = byLength([...w.verbs, ...w.adverbs, ...w.prepositions, ...g.bounds, ...w.scopes]);
  for (let i = 0; i < rest.length; i++) {
    const tail = rest.slice(i);
    const fixed = startWord(tail, w.scopes);
    const head = fixed ? undefined : startWord(tail, w.scopeHeads);
    if (!fixed && !head) continue;
    let len = (fixed ?? head ?? '').length;
    // 每所学校, 每个村卫生室: the head and its noun, up to the next verb or adverb
    if (head) {
      while (
        len < head.length + 6 &&
        i + len < rest.length &&
        !stopAt.some((x) => rest.startsWith(x, i + len))
      )
        len++;
    }
    scopes.push(rest.slice(i, i + len));
    rest = rest.slice(0, i) + rest.slice(i + len);
    i--;
  }
  return { rest, scopes };
}

/** Takes a leading deadline, prepositions, adverbs and one verb off a phrase, when words remain after them. */
function dropLead(s: string, w: Words): string {
  let t = s.replace(/^(?:截至|截止|到|至|于)?\s*\d{4}\s*年(?:\d{1,2}月)?(?:底前|底|末|前)?\s*/, '');
  const lead = [...w.adverbs, ...w.prepositions, ...w.conjunctions];
  for (let a = startWord(t, lead); a && t.length - a.length >= 2; a = startWord(t, lead))
    t = t.slice(a.length);
  const v = startWord(t, w.verbs);
  if (v && t.length - v.length >= 2) t = t.slice(v.length);
  return t;
}

/** Takes trailing words off a phrase while it ends with one of them (leaving the last word when `keepOne`). */
function dropEnd(s: string, words: string[], keepOne = true): string {
  let t = s.trimEnd();
  for (let x = endWord(t, words); x && (!keepOne || x.length < t.length); x = endWord(t, words)) {
    t = t.slice(0, -x.length).trimEnd();
  }
  return t;
}

/** What a figure counts, from the words after it (its object) or before it (its subject). */
function subjectOf(f: Found, before: string, after: string, last: boolean, g: Grammar): string {
  const w = g.w;
  // the object: up to a stop word, without the lead-in of the next figure, the head after the last 的
  let object = last
    ? after
    : dropEnd(after, [...w.verbs, ...w.adverbs, ...w.conjunctions, ...g.bounds, ...w.reach], false);
  const stop = w.stops.map((s) => object.indexOf(s)).filter((i) => i >= 0);
  if (stop.length) object = object.slice(0, Math.min(...stop));
  object = object.replace(/^的/, '').trim();
  // 高素质农民1500人以上、农村创业创新带头人100名以上: after a list mark come the next figure's words, not an object
  if (!last && startWord(object, w.conjunctions)) object = '';
  const modified = object.lastIndexOf('的');
  if (modified >= 0 && object.length - modified - 1 >= 2) object = object.slice(modified + 1);
  // the subject: without the words that tie it to the figure, a leading deadline, prepositions and adverbs
  let subject = dropEnd(before, [...w.reach, ...g.bounds, ...w.adverbs], false);
  subject = dropLead(subject.trim(), w).replace(/^[、，,]+/, '');
  // A、B、C等产业带头人 → 产业带头人
  const listed = subject.lastIndexOf('等');
  if (listed > 0 && subject.length - listed - 1 >= 2 && !f.percent) subject = subject.slice(listed + 1);
  if (f.quoted) return dropLead(`${subject}${object}`, w);
  if (f.percent) {
    // 规模以上企业按职工总数的2%安排实习岗位 → 规模以上企业安排实习岗位占职工总数的比例
    const share = /^(.*?)(?:按照|按|占)(.+?)的$/.exec(subject);
    if (share) return `${share[1]}${object}占${share[2]}的比例`;
    return subject.replace(/的$/, '') || object;
  }
  if (f.within) return `${subject}${/^\s*范围/.test(after) ? '范围' : ''}` || object;
  if (object) return object;
  // 在全县重点水域设置警示牌100块: what is counted follows the last count verb inside the subject
  for (let i = subject.length - 2; i >= 0; i--) {
    const v = startWord(subject.slice(i), w.countVerbs);
    if (v && subject.length - i - v.length >= 2) return subject.slice(i + v.length);
  }
  return subject.replace(/的$/, '');
}

/**
 * Every figure of a text with what it counts: counts with their measure word (打造1-3个…品牌专业 counts 品牌专业),
 * ranges, percentages, bounds before or after the number (不低于30% → %以上, 30个以上, 8个左右), time with a
 * bound (3年以上企业工作经历) and quoted forms (“3+2”); how it is counted (每年, 累计, 每所学校) in brackets after
 * it; each with the sentence it is quoted from and the deadline of that sentence. A figure whose subject is only
 * a verb (累计培育1500人) counts what the figure before it in the sentence counts. Words come from
 * figure-words.json; nothing here knows a particular plan.
 */
export function readFigures(text: string): Target[] {
  const g = figureGrammar();
  const plain = ascii(text);
  const out: (Target & { core: string; counter: string; sentence: number })[] = [];
  for (const c of plain.matchAll(/[^，,；;。！？!?：:\n]+/g)) {
    const clause = c[0];
    const found = figuresIn(clause, g);
    found.forEach((f, i) => {
      const prevEnd = found[i - 1]?.end ?? 0;
      const next = found[i + 1];
      const { rest: before, scopes } = takeScopes(clause.slice(prevEnd, f.start), g);
      // a scope said once at the head of the clause counts for each figure of it (每年开展…20期、培训1000人次)
      const clauseScopes = i > 0 ? takeScopes(clause.slice(0, found[0]?.start ?? 0), g).scopes : [];
      const after = clause.slice(f.end, next ? next.start : clause.length);
      const at = (c.index ?? 0) + f.start;
      const quote = sentenceAt(text, at);
      const sentence = Math.max(
        plain.lastIndexOf('。', at),
        plain.lastIndexOf('；', at),
        plain.lastIndexOf(';', at),
      );
      let core = subjectOf(f, before, after, next === undefined, g)
        .replace(/\s+/g, ' ')
        .trim();
      const counter = f.unit.replace(/以上|以下|以内|左右|内|余|多/g, '');
      const prev = out[out.length - 1];
      const onlyVerb = !core || g.w.verbs.includes(core);
      // 累计培育1500人 after 培育高素质农民500人; 培训1000人次 after 电商培训20期
      if (
        onlyVerb &&
        prev?.sentence === sentence &&
        (prev.counter === counter || (core !== '' && prev.core.endsWith(core)))
      ) {
        core = prev.core;
      }
      const scope = [...new Set([...clauseScopes, ...scopes])].join('');
      const what = core ? `${core}${scope ? `（${scope}）` : ''}` : scope || '指标';
      out.push({
        what,
        value: f.value,
        unit: f.unit,
        deadline: findDeadline(quote)?.text ?? null,
        quote,
        core,
        counter,
        sentence,
      });
    });
  }
  return out.map(({ core: _c, counter: _n, sentence: _s, ...t }) => t);
}
