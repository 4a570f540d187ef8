import type { Target } from '../knowledge/schema.js';
import { normalizeText } from '../language/normalize.js';
import { termsOf } from './topic-index.js';

// The plan sets targets: it has no figures on the present state.
const CURRENT = /现在|目前|现有|当前|已经有|已有/;
// A count asked in a measure word; answered only by a figure in that measure (多少名 → 500名, not 60%).
const MEASURE = /(?:多少|几)\s*(人|名|元|钱|所|户|座|家|万|门|个|项|年)/;
const NUMERIC =
  /多少|(?<!哪)几个|几门|(?<!哪)几项|几成|几年|比例|比重|份额|多大|百分|%|占比|数量|how many|how much|percent|ratio|proportion/;

/**
 * True when a figure answers the question in its own measure: a share for a share question (比例, %, 份额 → 60%),
 * or the same measure word (几年 → 3年以上, 多少名 → 500名).
 */
export function fitsMeasure(target: Target, text: string): boolean {
  if (/比例|比重|占比|百分|%|份额|几成|share|percent/.test(text) && target.unit.includes('%')) return true;
  const measure = MEASURE.exec(text)?.[1];
  return measure !== undefined && target.unit.includes(measure);
}

/** True when a question asks for a number (多少, 几个, 比例, %, how many …). */
export function asksForFigure(text: string): boolean {
  return NUMERIC.test(text);
}

/**
 * The figures of a clause that answer a figure question: those whose subject shares words with the topic (all of
 * them when none does, unless a figure was asked for in Chinese); none for the present state or another measure.
 */
export function pickFigures(
  targets: Target[],
  topic: string,
  text: string,
  isCommon: (term: string) => boolean,
): Target[] {
  const numeric = NUMERIC.test(text);
  if (numeric && CURRENT.test(text)) return [];
  const measure = MEASURE.exec(text)?.[1];
  const fits = measure ? targets.filter((t) => t.unit.includes(measure)) : targets;
  if (numeric && measure && fits.length === 0) return [];
  return bySubject(fits, topic, numeric, isCommon);
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
