import type { Knowledge } from '../knowledge/schema.js';
import { type Lexicon, lexiconFor } from '../language/lexicon.js';
import { normalizeText } from '../language/normalize.js';
import { TopicIndex, termsOf } from './topic-index.js';

/** What the question reader derives once from one plan: its lexicon, topic index and vocabulary. */
export interface PlanIndex {
  kb: Knowledge;
  lexicon: Lexicon;
  topics: TopicIndex;
  /** Every character pair of the plan's own text (for telling a plan word from a grammar word). */
  bigrams: Set<string>;
  /** How often each character pair occurs in the plan's text. */
  bigramCounts: Map<string, number>;
  /** Words of the plan (keywords, titles, figures' subjects, synonyms) by their first two characters, longest first. */
  phrases: Map<string, string[]>;
  /** The plan's text, normalised: a word the question uses that is nowhere in it is not about this plan. */
  text: string;
  /** The unit names and aliases of three characters or more, for names typed short (小企业发展中心). */
  /** Unit names and aliases of three characters or more, with the form written without 县 (`full`). */
  unitNames: { alias: string; name: string; full: string }[];
  /** Whether a short string is in the plan's text, remembered (a bounded number). */
  inText: (s: string) => boolean;
  /** The last year the plan sets anything for, and the year it was issued. */
  lastYear: number | undefined;
  firstYear: number | undefined;
}

const built = new WeakMap<Knowledge, PlanIndex>();

/** The index of one plan, built on first use and kept with the plan object (no state tied to one plan). */
export function indexPlan(kb: Knowledge): PlanIndex {
  const cached = built.get(kb);
  if (cached) return cached;
  const text = normalizeText(
    [
      kb.document.title,
      kb.document.noticeTitle,
      kb.document.issuer,
      kb.document.recipients,
      ...kb.document.basis.map((b) => b.title),
      kb.preamble,
      kb.guidingIdeology,
      kb.goals.text,
      ...kb.principles.map((p) => p.text),
      ...kb.groups.map((g) => g.title),
      ...kb.tasks.flatMap((t) => [
        t.title,
        t.text,
        t.unitsClause,
        ...t.keywords,
        ...t.targets.map((x) => x.what),
      ]),
      ...kb.safeguards.flatMap((s) => [s.title, s.text, s.unitsClause, ...s.keywords]),
      ...Object.keys(kb.synonyms),
    ].join('\n'),
  );
  const years = [kb.goals.deadline?.date, ...kb.tasks.map((t) => t.deadline.date)]
    .filter((d): d is string => Boolean(d))
    .map((d) => Number(d.slice(0, 4)));
  const issued = kb.document.issuedOn ?? kb.document.publishedOn;
  const phrases = new Map<string, string[]>();
  const words = [
    ...kb.tasks.flatMap((t) => [t.title, ...t.keywords, ...t.targets.map((x) => x.what)]),
    ...kb.safeguards.flatMap((s) => [s.title, ...s.keywords]),
    ...kb.groups.map((g) => g.title),
    ...Object.entries(kb.synonyms).flat(),
  ];
  for (const raw of words) {
    const w = normalizeText(raw);
    if (w.length < 3 || !/^[\u3400-\u9fff]/.test(w)) continue;
    const key = w.slice(0, 2);
    const list = phrases.get(key) ?? [];
    if (!list.includes(w)) list.push(w);
    phrases.set(key, list);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.length - a.length);
  const seen = new Map<string, boolean>();
  const index: PlanIndex = {
    kb,
    phrases,
    lexicon: lexiconFor(kb),
    topics: new TopicIndex(kb),
    bigrams: new Set(termsOf(text)),
    bigramCounts: termsOf(text).reduce((m, b) => m.set(b, (m.get(b) ?? 0) + 1), new Map<string, number>()),
    text,
    unitNames: kb.units.flatMap((u) =>
      [u.name, ...u.aliases]
        .filter((a) => a.length >= 3)
        .map((alias) => ({ alias, name: u.name, full: alias.startsWith('县') ? alias.slice(1) : alias })),
    ),
    inText: (s: string) => {
      let hit = seen.get(s);
      if (hit === undefined) {
        hit = text.includes(s);
        if (seen.size >= 10_000) seen.clear();
        seen.set(s, hit);
      }
      return hit;
    },
    lastYear: years.length ? Math.max(...years) : undefined,
    firstYear: issued ? Number(issued.slice(0, 4)) : undefined,
  };
  built.set(kb, index);
  return index;
}
