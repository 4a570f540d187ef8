import type { AnswerCard } from '../shared/types.js';

export type { AnswerCard };

/** What the QA returns for one question. */
export interface Answer {
  text: string;
  /** false when the plan does not cover the question (refusals, clarifications, bad input). */
  found: boolean;
  /** Task numbers the answer is about. */
  tasks: number[];
  /** Canonical names of the units the answer names. */
  units: string[];
  card?: AnswerCard;
}
