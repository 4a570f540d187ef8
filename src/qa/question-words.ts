import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { normalizeText } from '../language/normalize.js';
import { projectRoot } from '../project-root.js';

/** Facts about the document itself that a question can ask for. */
export const FACTS = [
  'docNumber',
  'issuer',
  'recipients',
  'issuedOn',
  'publishedOn',
  'basis',
  'ideology',
  'principles',
  'goals',
  'structure',
  'title',
  'indexNumber',
  'figures',
] as const;
/** A fact about the document. */
export type FactName = (typeof FACTS)[number];

/** Things the plan never says, by kind. */
export const OUTSIDE = [
  'person',
  'reason',
  'history',
  'current',
  'named',
  'detail',
  'future',
  'outcome',
  'chat',
  'opinion',
  'day',
  'title',
] as const;
/** A kind of thing the plan never says. */
export type OutsideName = (typeof OUTSIDE)[number];

/** Follow-up moves that rewrite the last question. */
export const FOLLOWS = ['change', 'reverse', 'more', 'correct', 'fresh'] as const;
/** A follow-up move. */
export type FollowName = (typeof FOLLOWS)[number];

/** Operators only the question reader knows (the shared lexicon has the others). */
export const QA_OPS = [
  'every',
  'any',
  'each',
  'common',
  'union',
  'minus',
  'other',
  'more',
  'less',
  'exactly',
  'none',
  'only',
  'rank',
  'count',
  'compare',
  'same',
  'from',
  'first',
  'notIn',
] as const;
/** An operator of the question reader. */
export type QaOp = (typeof QA_OPS)[number];

/** What a clause can be asked for besides the shared lexicon's fields. */
export const QA_FIELDS = [
  'tasks',
  'units',
  'target',
  'deadline',
  'text',
  'role',
  'group',
  'quote',
  'place',
] as const;
/** A field of a clause. */
export type QaField = (typeof QA_FIELDS)[number];

/** What a word of the question-words file means. */
export type WordMeaning =
  | { kind: 'filler' }
  | { kind: 'word' }
  | { kind: 'particle' }
  | { kind: 'doc' }
  | { kind: 'q'; q: 'who' | 'which' | 'what' | 'yesno' | 'how' | 'when' }
  | { kind: 'role'; role: 'lead' | 'co' | 'any' }
  | { kind: 'field'; field: QaField }
  | { kind: 'qop'; op: QaOp }
  | { kind: 'fact'; fact: FactName }
  | { kind: 'measure'; measure: 'money' | 'people' }
  | { kind: 'outside'; why: OutsideName }
  | { kind: 'follow'; how: FollowName }
  | { kind: 'ref'; ref: 'it' | 'they' | 'first' | 'last' }
  | { kind: 'safeguard' }
  | { kind: 'help' }
  | { kind: 'break' };

const fileSchema = z.object({
  $comment: z.string().optional(),
  words: z.record(z.string(), z.array(z.string().min(1))),
  namedNouns: z.array(z.string().min(1)),
  /** English words that make a question yes or no when it starts with them (Does…, Is…). */
  yesnoFirst: z.array(z.string().min(1)),
  nouns: z.object({
    $comment: z.string().optional(),
    tasks: z.array(z.string()),
    groups: z.array(z.string()),
    units: z.array(z.string()),
    safeguards: z.array(z.string()),
    target: z.array(z.string()),
    unitWords: z.array(z.string()),
  }),
  places: z.object({
    $comment: z.string().optional(),
    suffixes: z.string(),
    notBefore: z.string(),
    notIn: z.string(),
  }),
});

/** The vocabulary of questions: each word with its meaning, keyed by its normal form. */
export interface QuestionWords {
  meanings: Map<string, WordMeaning>;
  /** Chinese words by their first two characters (a one-character word by itself), longest first. */
  byFirst: Map<string, { text: string; meaning: WordMeaning }[]>;
  /** Longest Chinese word, for the longest-match scan. */
  longest: number;
  /** The length of the longest word (Chinese or English) starting with each character. */
  longestFrom: Map<string, number>;
  /** Characters that say a 省/市/县 is not a place name when they follow it or stand in its name. */
  placeNotBefore: Set<string>;
  placeNotIn: Set<string>;
  placeSuffixes: Set<string>;
  /** Things the plan never lists by name (企业, 学校, 专业 …): asked for by name (哪所学校), they are not in it. */
  namedNouns: string[];
  /** What a question or count word names by a word inside it (哪些任务 → tasks), in order. */
  nouns: { ask: 'tasks' | 'groups' | 'units' | 'safeguards' | 'target'; words: string[] }[];
  /** Endings of role words that name units (牵头单位). */
  unitWords: string[];
  /** English words that make a question yes or no when it starts with them. */
  yesnoFirst: Set<string>;
}

let cached: QuestionWords | undefined;

/** Reads a key of the words file ("q.who", "filler") as a meaning; throws on an unknown key. */
function meaningOf(key: string): WordMeaning {
  const [part, name = ''] = key.split('.');
  const bad = () => new Error(`src/qa/question-words.json: unknown key "${key}"`);
  switch (part) {
    case 'filler':
    case 'word':
    case 'particle':
    case 'doc':
    case 'safeguard':
    case 'help':
    case 'break':
      return { kind: part };
    case 'q':
      if (!['who', 'which', 'what', 'yesno', 'how', 'when'].includes(name)) throw bad();
      return { kind: 'q', q: name as 'who' };
    case 'role':
      if (!['lead', 'co', 'any'].includes(name)) throw bad();
      return { kind: 'role', role: name as 'lead' };
    case 'field':
      if (!(QA_FIELDS as readonly string[]).includes(name)) throw bad();
      return { kind: 'field', field: name as QaField };
    case 'op':
      if (!(QA_OPS as readonly string[]).includes(name)) throw bad();
      return { kind: 'qop', op: name as QaOp };
    case 'fact':
      if (!(FACTS as readonly string[]).includes(name)) throw bad();
      return { kind: 'fact', fact: name as FactName };
    case 'measure':
      if (name !== 'money' && name !== 'people') throw bad();
      return { kind: 'measure', measure: name };
    case 'outside':
      if (!(OUTSIDE as readonly string[]).includes(name)) throw bad();
      return { kind: 'outside', why: name as OutsideName };
    case 'follow':
      if (!(FOLLOWS as readonly string[]).includes(name)) throw bad();
      return { kind: 'follow', how: name as FollowName };
    case 'ref':
      if (!['it', 'they', 'first', 'last', 'group'].includes(name)) throw bad();
      return { kind: 'ref', ref: name as 'it' };
    default:
      throw bad();
  }
}

/** The question vocabulary in src/qa/question-words.json, read and checked once (a word in two parts is an error). */
export function questionWords(): QuestionWords {
  if (cached) return cached;
  const file = fileSchema.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/qa/question-words.json'), 'utf8')),
  );
  const meanings = new Map<string, WordMeaning>();
  let longest = 1;
  for (const [key, list] of Object.entries(file.words)) {
    const meaning = meaningOf(key);
    for (const raw of list) {
      const w = normalizeText(raw);
      if (meanings.has(w)) throw new Error(`src/qa/question-words.json: "${raw}" is listed twice`);
      meanings.set(w, meaning);
      if (!/[a-z]/.test(w)) longest = Math.max(longest, w.length);
    }
  }
  const byFirst = new Map<string, { text: string; meaning: WordMeaning }[]>();
  for (const [text, meaning] of meanings) {
    if (/^[a-z]/.test(text)) continue;
    const key = text.slice(0, 2);
    const list = byFirst.get(key) ?? [];
    list.push({ text, meaning });
    byFirst.set(key, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  const longestFrom = new Map<string, number>();
  for (const text of meanings.keys())
    longestFrom.set(text[0] as string, Math.max(longestFrom.get(text[0] as string) ?? 0, text.length));
  cached = {
    meanings,
    byFirst,
    longest,
    longestFrom,
    placeNotBefore: new Set(file.places.notBefore),
    placeNotIn: new Set(file.places.notIn),
    placeSuffixes: new Set(file.places.suffixes),
    namedNouns: file.namedNouns,
    nouns: (['tasks', 'groups', 'units', 'safeguards', 'target'] as const).map((ask) => ({
      ask,
      words: file.nouns[ask],
    })),
    unitWords: file.nouns.unitWords,
    yesnoFirst: new Set(file.yesnoFirst),
  };
  return cached;
}
