/** The states a task can be reported in, in the order the ledger lists them. */
export const STATUSES = ['normal', 'done', 'delayed', 'blocked', 'none'] as const;

/** Reported state of a task. */
export type Status = (typeof STATUSES)[number];
