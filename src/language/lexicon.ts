import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';
import { STATUSES, type Status } from '../shared/status.js';
import { normalizeText } from './normalize.js';
import type { PlanWords } from './plan-words.js';
import type { FieldName, OpName, QWord, RefName, RoleName, Span } from './spans.js';

const words = z.array(z.string().min(1));

/** The plan-independent word lists in lexicon.json. */
const lexiconFileSchema = z.object({
  $comment: z.string().optional(),
  ops: z.record(z.string(), words),
  roles: z.record(z.enum(['lead', 'co', 'any']), words),
  questionWords: z.record(z.enum(['who', 'which', 'what', 'yesno', 'how', 'when']), words),
  fields: z.record(z.enum(['units', 'target', 'deadline', 'text', 'tasks']), words),
  refs: z.record(z.string(), words),
  places: z.object({ suffixes: words, levels: words }),
  counters: z.object({ task: words, clause: words, other: words }),
  statuses: z.record(z.enum(STATUSES), words),
  partial: words,
  fractions: z.record(z.string(), z.number().nullable()),
  comparators: z.record(z.enum(['eq', 'lt', 'le', 'gt', 'ge']), words),
  opinion: words,
});

/** What a phrase of the lexicon turns into. */
export type PhraseMeaning =
  | { kind: 'op'; op: OpName }
  | { kind: 'role'; role: RoleName }
  | { kind: 'q'; q: QWord }
  | { kind: 'field'; field: FieldName }
  | { kind: 'ref'; ref: RefName }
  | { kind: 'status'; status: Status }
  | { kind: 'partial' }
  | { kind: 'percent'; value: number }
  | { kind: 'unit'; name: string; weak: boolean }
  | { kind: 'groupTitle'; no: number }
  | { kind: 'safeguard'; no?: number }
  | { kind: 'task'; tasks: number[]; form: 'title' };

/** A phrase with its meaning; `prio` breaks ties between phrases of equal length (plan words win). */
interface Phrase {
  text: string;
  meaning: PhraseMeaning;
  prio: number;
}

/** Counter words after a number, longest first. */
export interface Counters {
  task: string[];
  clause: string[];
  other: string[];
}

/** Every word the tokenizer knows for one plan: the generic lexicon plus the plan's units and titles. */
export interface Lexicon {
  /** Phrases by their first two characters (or their only one), longest first. */
  byFirst: Map<string, Phrase[]>;
  counters: Counters;
  /** Negators that flip a status that follows them (未出现滞后). */
  negators: string[];
  placeSuffixes: string[];
  levels: string[];
  /** Aliases of three or more characters with their pinyin, for homophone typos (人设局 → 人社局). */
  soundAlikes: { alias: string; name: string; pinyin: string[] }[];
  /** Every character of those aliases. */
  soundAlikeChars: Set<string>;
  /** Words that ask for an opinion or a judgement (你觉得, 落实得好不好): the plan gives none. */
  opinion: string[];
  /** Words that compare a count (恰好, 不超过, 超过 …), longest first. */
  comparators: { text: string; cmp: 'eq' | 'lt' | 'le' | 'gt' | 'ge' }[];
  /** The plan's own county (稷山县), never "another place". */
  home: string;
  /** Character pairs of the plan's titles: a word of the plan (建设) before 县 is not a county (实训基地建设县发改局). */
  titlePairs: Set<string>;
}

let generic: z.infer<typeof lexiconFileSchema> | undefined;

/** The generic lexicon file, read once. */
function genericLexicon(): z.infer<typeof lexiconFileSchema> {
  generic ??= lexiconFileSchema.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/language/lexicon.json'), 'utf8')),
  );
  return generic;
}

const built = new WeakMap<PlanWords, Lexicon>();

/** Whether a short alias (财政, 人社) may also be an ordinary word. */
function isWeak(alias: string): boolean {
  return alias.length <= 2 || !/(局|办|委|部|门|会|中心|镇)$/.test(alias);
}

/** Builds (once per plan) the lexicon the tokenizer reads. */
export function lexiconFor(kb: PlanWords): Lexicon {
  const cached = built.get(kb);
  if (cached) return cached;
  const g = genericLexicon();
  const phrases: Phrase[] = [];
  const add = (text: string, meaning: PhraseMeaning, prio: number) => {
    const t = normalizeText(text);
    if (t) phrases.push({ text: t, meaning, prio });
  };
  for (const [op, list] of Object.entries(g.ops))
    for (const w of list) add(w, { kind: 'op', op: op as OpName }, 1);
  for (const [role, list] of Object.entries(g.roles))
    for (const w of list) add(w, { kind: 'role', role: role as RoleName }, 2);
  for (const [q, list] of Object.entries(g.questionWords))
    for (const w of list) add(w, { kind: 'q', q: q as QWord }, 2);
  for (const [field, list] of Object.entries(g.fields))
    for (const w of list) add(w, { kind: 'field', field: field as FieldName }, 1);
  for (const [ref, list] of Object.entries(g.refs))
    for (const w of list) add(w, { kind: 'ref', ref: ref as RefName }, 1);
  for (const [status, list] of Object.entries(g.statuses))
    for (const w of list) add(w, { kind: 'status', status: status as Status }, 3);
  for (const w of g.partial) add(w, { kind: 'partial' }, 3);
  for (const [w, value] of Object.entries(g.fractions))
    if (value !== null) add(w, { kind: 'percent', value }, 4);
  for (const u of kb.units) {
    add(u.name, { kind: 'unit', name: u.name, weak: false }, 5);
    for (const a of u.aliases) add(a, { kind: 'unit', name: u.name, weak: isWeak(a) }, 4);
    for (const a of [u.en, ...u.enAliases]) add(a, { kind: 'unit', name: u.name, weak: true }, 4);
  }
  for (const grp of kb.groups) {
    const title = normalizeText(grp.title);
    add(title, { kind: 'groupTitle', no: grp.no }, 5);
    // people shorten a title from its start: 促进产教融合(校企“双元”育人)
    for (let len = 6; len < title.length; len++)
      add(title.slice(0, len), { kind: 'groupTitle', no: grp.no }, 0);
  }
  add('保障机制', { kind: 'safeguard' }, 5);
  add('保障措施', { kind: 'safeguard' }, 5);
  for (const s of kb.safeguards) add(s.title, { kind: 'safeguard', no: s.no }, 5);
  for (const t of kb.tasks) add(t.title, { kind: 'task', tasks: [t.no], form: 'title' }, 6);
  // keyed by the first two characters (a phrase of one character by that character): few phrases share a key
  const byFirst = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const c = p.text.slice(0, 2);
    const list = byFirst.get(c) ?? [];
    list.push(p);
    byFirst.set(c, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length || b.prio - a.prio);
  const lex: Lexicon = {
    byFirst,
    counters: {
      task: g.counters.task,
      clause: g.counters.clause,
      other: [...g.counters.other].sort((a, b) => b.length - a.length),
    },
    negators: [
      ...new Set([
        '未出现',
        '没有出现',
        '不存在',
        '没有',
        '并未',
        '尚未',
        '未',
        '没',
        '不',
        '无',
        ...(g.ops.not ?? []),
      ]),
    ].sort((a, b) => b.length - a.length),
    placeSuffixes: g.places.suffixes,
    levels: g.places.levels,
    soundAlikes: [],
    soundAlikeChars: new Set(),
    opinion: g.opinion,
    comparators: Object.entries(g.comparators)
      .flatMap(([cmp, list]) => list.map((text) => ({ text, cmp: cmp as 'eq' | 'lt' | 'le' | 'gt' | 'ge' })))
      .sort((a, b) => b.text.length - a.text.length),
    home: /^[\u4e00-\u9fa5]{2,4}?[省市县]/.exec(kb.document.title)?.[0] ?? '',
    titlePairs: new Set(
      [...kb.tasks, ...kb.groups, ...kb.safeguards].flatMap((x) => {
        const t = normalizeText(x.title);
        return [...t].slice(1).map((c, i) => `${t[i]}${c}`);
      }),
    ),
  };
  lex.soundAlikes = kb.units.flatMap((u) =>
    [u.name, ...u.aliases]
      .filter((a) => a.length >= 3 && /^[\u4e00-\u9fa5]+$/.test(a))
      .map((alias) => ({ alias, name: u.name, pinyin: [] as string[] })),
  );
  lex.soundAlikeChars = new Set(lex.soundAlikes.flatMap((a) => [...a.alias]));
  built.set(kb, lex);
  return lex;
}

/** The meaning of a lexicon phrase as a span, at a place in the text. */
export function spanOf(meaning: PhraseMeaning, at: number, text: string): Span {
  const base = { at, end: at + text.length, text };
  if (meaning.kind === 'status') return { ...base, ...meaning, negated: false };
  return { ...base, ...meaning } as Span;
}
