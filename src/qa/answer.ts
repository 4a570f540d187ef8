/** A structured card for platforms that render rich messages (Lark); others show `text`. */
export interface AnswerCard {
  title: string;
  /** Lead unit (牵头), shown first and marked. */
  lead?: string;
  /** Cooperating units (配合), in the plan's order. */
  others?: string[];
  /** Free lines of the answer body. */
  lines: string[];
  /** The clause quoted from the plan. */
  quote?: string;
  /** Where the clause is, e.g. 重点任务（四）第14项. */
  source?: string;
  /** Follow-up questions to offer. */
  suggestions: string[];
  /** Rows of a status table (任务进度总览), rendered as a table on Lark. */
  table?: { task: string; light: string; progress: string; expected: string; reasons: string }[];
}

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
