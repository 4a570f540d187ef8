import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';
import { findDeadline, sentenceAt } from './read-deadline.js';
import type { Target } from './schema.js';

const wordsFile = z.object({
  counters: z.array(z.string().min(1)),
  timeCounters: z.array(z.string().min(1)),
  percent: z.array(z.string().min(1)),
  atLeast: z.array(z.string().min(1)),
  atMost: z.array(z.string().min(1)),
  below: z.array(z.string().min(1)),
  about: z.array(z.string().min(1)),
  reach: z.array(z.string().min(1)),
  after: z.array(z.string().min(1)),
  adverbs: z.array(z.string().min(1)),
  verbs: z.array(z.string().min(1)),
  conjunctions: z.array(z.string().min(1)),
  stops: z.array(z.string().min(1)),
  ordinalBefore: z.array(z.string().min(1)),
  oneNeedsVerb: z.boolean(),
});
type Words = z.infer<typeof wordsFile>;

interface Grammar {
  words: Words;
  figure: RegExp;
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
  const words = wordsFile.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/knowledge/figure-words.json'), 'utf8')),
  );
  const num = `(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?)`;
  const cn = `[${CN_NUM}]+`;
  const value = `${num}(?:\\s*[-～~—–至到]\\s*${num})?|${cn}(?:[至到]${cn})?`;
  const counters = alt([...words.percent, ...words.counters, ...words.timeCounters]);
  grammar = {
    words,
    figure: new RegExp(
      `(?<value>${value})\\s*(?<more>余|多)?\\s*(?<counter>${counters})(?<after>${alt(words.after)})?|“(?<quoted>\\d+\\+\\d+)”`,
      'g',
    ),
    time: new Set(words.timeCounters),
    percent: new Set(words.percent),
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

/** A word list's longest member that `s` ends (or starts) with. */
const endWord = (s: string, list: string[]) => byLength(list).find((w) => s.endsWith(w));
const startWord = (s: string, list: string[]) => byLength(list).find((w) => s.startsWith(w));

interface Found {
  start: number;
  end: number;
  value: number | string;
  unit: string;
  percent: boolean;
  quoted: boolean;
}

/** The figures of one clause, in order, with their qualifiers; numbers that are not figures left out. */
function figuresIn(clause: string, g: Grammar): Found[] {
  const w = g.words;
  const out: Found[] = [];
  for (const m of clause.matchAll(g.figure)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const groups = m.groups ?? {};
    if (groups.quoted) {
      out.push({ start, end, value: groups.quoted, unit: '', percent: false, quoted: true });
      continue;
    }
    const raw = (groups.value ?? '').replace(/\s/g, '');
    const counter = groups.counter ?? '';
    const after = groups.after ?? '';
    const before = clause.slice(0, start);
    const prevChar = before.slice(-1);
    // 第3个, 每一个, 2.5 inside a longer number, 统一个 — ordinals and parts of words
    if (w.ordinalBefore.includes(prevChar) || /[\d.]/.test(prevChar)) continue;
    const chinese = !/\d/.test(raw);
    if (chinese && new RegExp(`[${CN_NUM}]$`).test(prevChar)) continue;
    // the bound stands before the number or before its verb (至少创建2个)
    const bounds = [...w.atLeast, ...w.atMost, ...w.below, ...w.about];
    const verb = endWord(before.trimEnd(), w.verbs) ?? '';
    const qualifier =
      endWord(before.trimEnd(), bounds) ??
      endWord(before.trimEnd().slice(0, -verb.length || undefined), bounds);
    if (chinese && /^[一]$/.test(raw) && w.oneNeedsVerb && !endWord(before, w.verbs) && !qualifier) continue;
    if (g.time.has(counter)) {
      // time is a figure only with a bound (3年以上, 不少于6个月); never a date (2022年) or a span (3年内)
      if (after === '内' || (!qualifier && !after)) continue;
    }
    const [a, b] = raw.split(/[-～~—–至到]/);
    const value = b !== undefined ? `${numberOf(a ?? '')}-${numberOf(b)}` : numberOf(raw);
    if (typeof value === 'number' && (Number.isNaN(value) || (counter === '年' && value >= 1000))) continue;
    let unit = `${groups.more ?? ''}${counter}${after}`;
    if (qualifier && !after) {
      if (w.atLeast.includes(qualifier)) unit += '以上';
      else if (w.atMost.includes(qualifier)) unit += '以内';
      else if (w.below.includes(qualifier)) unit += '以下';
      else unit += '左右';
    }
    out.push({ start, end, value, unit, percent: g.percent.has(counter), quoted: false });
  }
  return out;
}

/** Takes leading adverbs (每年, 力争, 持续 …) and one verb off a phrase, when words remain after them. */
function dropLead(s: string, w: Words): string {
  let t = s.replace(/^(?:截至|截止|到|至|于)?\s*\d{4}\s*年(?:\d{1,2}月)?(?:底前|底|末|前)?\s*/, '');
  for (let a = startWord(t, w.adverbs); a && t.length - a.length >= 2; a = startWord(t, w.adverbs)) {
    t = t.slice(a.length);
  }
  const v = startWord(t, w.verbs);
  if (v && t.length - v.length >= 2) t = t.slice(v.length);
  return t;
}

/** Takes trailing verbs, adverbs, conjunctions and qualifiers off a phrase (the lead-in of the next figure). */
function dropTail(s: string, w: Words): string {
  const tails = [
    ...w.verbs,
    ...w.adverbs,
    ...w.conjunctions,
    ...w.atLeast,
    ...w.atMost,
    ...w.below,
    ...w.about,
    ...w.reach,
  ];
  let t = s.trimEnd();
  for (let x = endWord(t, tails); x; x = endWord(t, tails)) t = t.slice(0, -x.length).trimEnd();
  return t;
}

/** What a figure counts, from the words after it (its object) or before it (its subject). */
function subjectOf(f: Found, before: string, after: string, last: boolean, w: Words): string {
  let object = last ? after : dropTail(after, w);
  const stop = byLength(w.stops)
    .map((s) => object.indexOf(s))
    .filter((i) => i >= 0);
  if (stop.length) object = object.slice(0, Math.min(...stop));
  object = object.replace(/^的/, '').trim();
  const modified = object.lastIndexOf('的');
  if (modified >= 0 && object.length - modified - 1 >= 2) object = object.slice(modified + 1);
  let subject = before.trimEnd();
  const linked = endWord(subject, [...w.atLeast, ...w.atMost, ...w.below, ...w.about, ...w.reach]);
  if (linked) subject = subject.slice(0, -linked.length);
  subject = dropLead(subject.trim(), w);
  if (f.quoted) return dropLead(`${subject}${object}`, w);
  if (f.percent) {
    // 规模以上企业按职工总数的2%安排实习岗位 → 规模以上企业安排实习岗位占职工总数的比例
    const share = /^(.*?)(?:按照|按|占)(.+?)的$/.exec(subject);
    if (share) return `${share[1]}${object}占${share[2]}的比例`;
    return subject.replace(/的$/, '') || object;
  }
  return object || subject.replace(/的$/, '');
}

/**
 * Every figure of a text with what it counts: counts with their measure word (打造1-3个…品牌专业 counts 品牌专业),
 * ranges, percentages, bounds before or after the number (不低于30% → %以上, 30个以上, 8个左右), time with a
 * bound (3年以上企业工作经历) and quoted forms (“3+2”); each with the sentence it is quoted from and the deadline of
 * that sentence. Words come from figure-words.json; nothing here knows a particular plan.
 */
export function readFigures(text: string): Target[] {
  const g = figureGrammar();
  const plain = ascii(text);
  const out: Target[] = [];
  const clauses = /[^，,；;。！？!?：:\n]+/g;
  for (const c of plain.matchAll(clauses)) {
    const clause = c[0];
    const found = figuresIn(clause, g);
    found.forEach((f, i) => {
      const prevEnd = found[i - 1]?.end ?? 0;
      const next = found[i + 1];
      const before = clause.slice(prevEnd, f.start);
      const after = clause.slice(f.end, next ? next.start : clause.length);
      const what = subjectOf(f, before, after, next === undefined, g.words)
        .replace(/\s+/g, ' ')
        .trim();
      const at = (c.index ?? 0) + f.start;
      const quote = sentenceAt(text, at);
      const own = findDeadline(quote);
      out.push({ what: what || '指标', value: f.value, unit: f.unit, deadline: own?.text ?? null, quote });
    });
  }
  return out;
}
