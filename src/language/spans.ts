import type { Status } from '../shared/status.js';

/** Operators a question can use; the parser must use every one it finds or say it did not understand. */
export type OpName =
  | 'not'
  | 'except'
  | 'only'
  | 'all'
  | 'common'
  | 'and'
  | 'or'
  | 'neither'
  | 'most'
  | 'least'
  | 'count'
  | 'total'
  | 'same'
  | 'different'
  | 'compare'
  | 'difference'
  | 'but'
  | 'which';

/** A role a unit plays in a task: leads it, cooperates, or either. */
export type RoleName = 'lead' | 'co' | 'any';

/** Kinds of question word. */
export type QWord = 'who' | 'which' | 'what' | 'yesno' | 'how' | 'when';

/** Fields of a task a question can ask for. */
export type FieldName = 'units' | 'target' | 'deadline' | 'text' | 'tasks';

/** Words that point back into the conversation. */
/** Words pointing back; `group`: 这组 / 那一组, the group just talked about. */
export type RefName =
  | 'it'
  | 'they'
  | 'theseUnits'
  | 'two'
  | 'next'
  | 'prev'
  | 'last'
  | 'first'
  | 'then'
  | 'group';

interface At {
  /** Offsets into the normalised text. */
  at: number;
  end: number;
  text: string;
}

/** One typed piece of a message, produced by the tokenizer. */
export type Span = At &
  (
    | {
        kind: 'task';
        tasks: number[];
        /** task: 任务N / N号任务 / #N / task N; ordinal: 第N项; title: the task's full title. */
        form: 'task' | 'ordinal' | 'title';
        /** The list was written as a range (8至10). */
        range?: boolean;
      }
    | { kind: 'ordinal'; n: number; counter: string }
    | { kind: 'paren'; n: number; cn: boolean }
    | { kind: 'number'; value: number; counter?: string }
    | { kind: 'percent'; value: number }
    | { kind: 'unit'; name: string; weak: boolean; fuzzy?: 'pinyin' }
    | { kind: 'unknownUnit' }
    | { kind: 'place' }
    | { kind: 'group'; no: number; nos?: number[] }
    | { kind: 'groupTitle'; no: number }
    | { kind: 'safeguard'; no?: number }
    | { kind: 'op'; op: OpName }
    | { kind: 'role'; role: RoleName }
    | { kind: 'q'; q: QWord }
    | { kind: 'field'; field: FieldName }
    | { kind: 'ref'; ref: RefName }
    | { kind: 'status'; status: Status; negated: boolean }
    | { kind: 'partial' }
    | { kind: 'sep' }
    | { kind: 'word' }
  );

/** The tokenizer's output: the normalised text and its spans in order. */
export interface Tokens {
  norm: string;
  spans: Span[];
}

/** A span of one kind, for narrowing. */
export type SpanOf<K extends Span['kind']> = Extract<Span, { kind: K }>;
