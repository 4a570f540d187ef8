import type { Target } from '../knowledge/schema.js';
import { normalizeText } from '../language/normalize.js';
import { questionWords } from './question-words.js';
import { termsOf } from './topic-index.js';

let people: string[] | undefined;

/** The words that count people in the question vocabulary (人, 名, 人次, 名额 …), read once. */
function peopleWords(): string[] {
  people ??= [...questionWords().meanings]
    .filter(([w, m]) => m.kind === 'measure' && m.measure === 'people' && /^[\u4e00-\u9fff]+$/.test(w))
    .map(([w]) => w);
  return people;
}

/**
 * True when a figure is in the measure asked for: a share for a share question (比例 → 60%), or the same measure
 * word (几年 → 3年以上, 多少门 → 1门), people in any of their words (多少名 → 500人以上, 多少人 → 80名以上); any figure
 * when no measure was asked.
 */
export function fitsMeasure(target: Target, measure: string | undefined): boolean {
  if (!measure) return true;
  if (target.unit.includes(measure)) return true;
  const words = peopleWords();
  return words.includes(measure) && words.some((w) => target.unit.includes(w));
}

/**
 * The figures of a clause that answer a figure question: those in the measure asked for, and among them those
 * whose subject shares the most words with the topic (all of them when none does, unless `strict`).
 */
export function pickFigures(
  targets: Target[],
  topic: string,
  measure: string | undefined,
  isCommon: (term: string) => boolean,
  strict = measure !== undefined,
): Target[] {
  const fits = targets.filter((t) => fitsMeasure(t, measure));
  if (measure && fits.length === 0) return [];
  return bySubject(fits, topic, strict, isCommon);
}

/** Figures whose subject shares words with the topic; all of them when none does, unless `strict`. */
export function bySubject(
  targets: Target[],
  topic: string,
  strict: boolean,
  isCommon: (term: string) => boolean,
): Target[] {
  const q = new Set(termsOf(normalizeText(topic)).filter((t) => !isCommon(t)));
  const scored = targets.map((t) => ({
    t,
    n: termsOf(normalizeText(t.what)).filter((b) => q.has(b)).length,
  }));
  const max = Math.max(0, ...scored.map((x) => x.n));
  if (max > 0) return scored.filter((x) => x.n === max).map((x) => x.t);
  // subjects are written in Chinese: an English question cannot be matched against them
  return strict && /[\u4e00-\u9fff]/.test(topic) ? [] : targets;
}
