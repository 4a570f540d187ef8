import type { Ask, Frame } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import { questionWords } from './question-words.js';
import type { Term } from './read-terms.js';

/** One clause being read into a frame: its terms, the normalised text their offsets refer to, and the terms placed. */
export interface ClauseReading {
  terms: Term[];
  norm: string;
  plan: PlanIndex;
  f: Frame;
  /** Indexes of the terms some part of the reading has accounted for. */
  used: Set<number>;
}

/** Marks a term as accounted for. */
export const use = (r: ClauseReading, i: number) => {
  r.used.add(i);
};

export const isNeg = (t: Term | undefined) => t?.kind === 'op' && (t.op === 'not' || t.op === 'neither');
/** A negation that says "takes no part" by itself (没参与, 不在其列, 没沾边). */
export const isNotIn = (t: Term | undefined) =>
  (t?.kind === 'qop' && t.op === 'notIn') ||
  (isNeg(t) && questionWords().meanings.get(t?.text ?? '')?.kind === 'qop');
export const isLink = (t: Term | undefined) =>
  (t?.kind === 'op' && (t.op === 'and' || t.op === 'or')) || (t?.kind === 'sep' && t.text === ',');
export const isParticle = (t: Term | undefined, ...texts: string[]) =>
  t?.kind === 'particle' && texts.includes(t.text);
/** A role word that names units (牵头单位, 责任单位, 配合部门) rather than an act (牵头, 参与). */
export const namesUnits = (t: Term | undefined) =>
  t?.kind === 'role' && questionWords().unitWords.some((w) => t.text.endsWith(w));
/** A term that can be the thing a question word asks about. */
export function nounOf(t: Term | undefined): Ask | undefined {
  if (!t) return undefined;
  switch (t.kind) {
    case 'field':
      return t.field === 'tasks'
        ? 'tasks'
        : t.field === 'units'
          ? 'units'
          : t.field === 'group'
            ? 'groups'
            : t.field === 'target'
              ? 'target'
              : t.field === 'deadline'
                ? 'deadline'
                : t.field === 'text'
                  ? 'text'
                  : t.field === 'role'
                    ? 'role'
                    : t.field === 'quote'
                      ? 'quote'
                      : 'place';
    case 'role':
      return namesUnits(t) ? 'units' : undefined;
    case 'safeguard':
      return t.no === undefined ? 'safeguards' : undefined;
    case 'fact':
      return t.fact === 'principles' ? 'principles' : 'fact';
    case 'measure':
      return 'target';
    default:
      return undefined;
  }
}

/** The thing a question word's own text names (哪些任务 → tasks, 哪个部分 → groups, 几家 → units). */
export function nounInWord(text: string): Ask | undefined {
  return questionWords().nouns.find((n) => n.words.some((w) => text.includes(w)))?.ask;
}
