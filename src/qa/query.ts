import { z } from 'zod';
import { FACTS, OUTSIDE } from './question-words.js';

const role = z.enum(['lead', 'co', 'any']);
const cmp = z.enum(['eq', 'lt', 'le', 'gt', 'ge']);
const no = z.number().int();

/** A set of key tasks: named, by group, by a unit's role, by their units, or combined with and / or / not. */
export type TaskSet =
  | { op: 'all' }
  | { op: 'tasks'; tasks: number[] }
  | { op: 'group'; group: number }
  | { op: 'unit'; unit: string; role: z.infer<typeof role> }
  | { op: 'unitCount'; n: number; cmp: z.infer<typeof cmp> }
  /** Tasks due by (le), in (eq) or after (ge) a year. */
  | { op: 'due'; year: number; cmp: 'le' | 'eq' | 'ge' }
  /** Tasks that have units of a role (有配合单位: a lead and at least one other). */
  | { op: 'hasUnits'; role: z.infer<typeof role> }
  | { op: 'unitsExactly'; units: string[] }
  | { op: 'sameUnitsAs'; safeguard: number }
  | { op: 'and' | 'or'; sets: TaskSet[] }
  | { op: 'not'; set: TaskSet };

/** The zod schema of a task-set expression. */
export const taskSetSchema: z.ZodType<TaskSet> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal('all') }),
    z.object({ op: z.literal('tasks'), tasks: z.array(no).min(1) }),
    z.object({ op: z.literal('group'), group: no }),
    z.object({ op: z.literal('unit'), unit: z.string().min(1), role }),
    z.object({ op: z.literal('unitCount'), n: z.number().int().nonnegative(), cmp }),
    z.object({ op: z.literal('hasUnits'), role }),
    z.object({ op: z.literal('due'), year: z.number().int(), cmp: z.enum(['le', 'eq', 'ge']) }),
    z.object({ op: z.literal('unitsExactly'), units: z.array(z.string().min(1)).min(1) }),
    z.object({ op: z.literal('sameUnitsAs'), safeguard: no }),
    z.object({ op: z.enum(['and', 'or']), sets: z.array(taskSetSchema).min(1) }),
    z.object({ op: z.literal('not'), set: taskSetSchema }),
  ]),
);

/** A set of safeguard mechanisms: all, some by number, or those a unit is named in. */
export const safeguardSetSchema = z.union([
  z.object({ op: z.literal('all') }),
  z.object({ op: z.literal('nos'), nos: z.array(no).min(1) }),
  /** `neg`: the safeguards the unit is not named in (哪一条没有县财政局). */
  z.object({ op: z.literal('unit'), unit: z.string().min(1), role, neg: z.boolean().optional() }),
]);
/** A set of safeguards. */
export type SafeguardSet = z.infer<typeof safeguardSetSchema>;

/** A set of units: named, the units of some tasks or safeguards, every unit, or combined. */
export type UnitSet =
  | { op: 'named'; units: string[] }
  | { op: 'ofTasks'; tasks: TaskSet; role: z.infer<typeof role> }
  /** `each`: only the units named in every safeguard of the set (四条都有的单位). */
  | { op: 'ofSafeguards'; safeguards: SafeguardSet; role: z.infer<typeof role>; each?: boolean }
  | { op: 'all' }
  | { op: 'and' | 'or'; sets: UnitSet[] }
  | { op: 'minus'; from: UnitSet; sets: UnitSet[] }
  /** Units that take part in a number of tasks of a set (只参与了一项, 只牵头了一项). */
  | { op: 'taking'; tasks: TaskSet; role: z.infer<typeof role>; n: number; cmp: z.infer<typeof cmp> };

/** The zod schema of a unit-set expression. */
export const unitSetSchema: z.ZodType<UnitSet> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal('named'), units: z.array(z.string().min(1)).min(1) }),
    z.object({ op: z.literal('ofTasks'), tasks: taskSetSchema, role }),
    z.object({
      op: z.literal('ofSafeguards'),
      safeguards: safeguardSetSchema,
      role,
      each: z.boolean().optional(),
    }),
    z.object({ op: z.literal('all') }),
    z.object({ op: z.enum(['and', 'or']), sets: z.array(unitSetSchema).min(1) }),
    z.object({ op: z.literal('minus'), from: unitSetSchema, sets: z.array(unitSetSchema).min(1) }),
    z.object({ op: z.literal('taking'), tasks: taskSetSchema, role, n: z.number().int().nonnegative(), cmp }),
  ]),
);

/** A set of groups (parts of the key tasks): all, some by number, or those whose tasks all / some / none meet a test. */
export const groupSetSchema = z.union([
  z.object({ op: z.literal('all') }),
  z.object({ op: z.literal('nos'), nos: z.array(no).min(1) }),
  z.object({ op: z.enum(['every', 'some', 'none']), pred: taskSetSchema }),
  /** Groups where each test is met by some task of the group (哪些组县发改局和县工科局都有任务). */
  z.object({ op: z.literal('eachOf'), preds: z.array(taskSetSchema).min(1) }),
]);
/** A set of groups. */
export type GroupSet = z.infer<typeof groupSetSchema>;

/** One clause of the plan that has units: a key task, a safeguard mechanism, or the goals (which have none). */
export const clauseRefSchema = z.union([
  z.object({ type: z.literal('task'), no }),
  z.object({ type: z.literal('safeguard'), no }),
  z.object({ type: z.literal('goals') }),
  z.object({ type: z.literal('principle'), no }),
]);
/** A clause of the plan. */
export type ClauseRef = z.infer<typeof clauseRefSchema>;

/** A yes/no claim: every / some / none of a domain meets a test, a count, or a unit in the safeguards. */
export const claimSchema = z.union([
  z.object({
    is: z.literal('quant'),
    quant: z.enum(['every', 'some', 'none']),
    domain: taskSetSchema,
    pred: taskSetSchema,
  }),
  z.object({ is: z.literal('count'), set: taskSetSchema, n: z.number().int().nonnegative(), cmp }),
  /** `every`: the unit is in each safeguard of the set (保障机制每一条都有县财政局吗), not just in one. */
  z.object({
    is: z.literal('inSafeguards'),
    unit: z.string().min(1),
    safeguards: safeguardSetSchema,
    role,
    every: z.boolean().optional(),
  }),
  /** Every / some / no group has a task that meets a test (县人社局在每一组都有任务吗). */
  z.object({ is: z.literal('groups'), quant: z.enum(['every', 'some', 'none']), pred: taskSetSchema }),
  /** The tasks meeting each test all lie in one group (县文旅局和县委编办的任务在不在同一组). */
  z.object({ is: z.literal('sameGroup'), preds: z.array(taskSetSchema).min(2) }),
  /** The units of a role over the domain's tasks are all among these (是不是只有县教育局牵头任务). */
  z.object({
    is: z.literal('onlyUnits'),
    units: z.array(z.string().min(1)).min(1),
    role,
    domain: taskSetSchema,
  }),
  /** Every task that meets a test lies in the domain (县工科局是不是只在第四组有任务). */
  z.object({ is: z.literal('only'), domain: taskSetSchema, pred: taskSetSchema }),
]);
/** A yes/no claim. */
export type Claim = z.infer<typeof claimSchema>;

/** What the document says about itself. */
export const factSchema = z.enum(FACTS);

/** Why the plan cannot answer (part of) a question. */
export const gapSchema = z.object({
  why: z.enum([...OUTSIDE, 'money', 'people', 'place', 'unknownUnit', 'range', 'year', 'words', 'figure']),
  /** The words of the question the gap is about. */
  words: z.string(),
  /** For an unknown unit: names close to it. */
  suggest: z.array(z.string()).optional(),
});
/** A part of the question the plan does not cover. */
export type Gap = z.infer<typeof gapSchema>;

const base = {
  /** Words of the question the reader could not place; the answer says so. */
  gaps: z.array(gapSchema).optional(),
};

/** What a question asks for, as one typed query the executor can run over any plan. */
export type Query =
  | {
      kind: 'tasks';
      set: TaskSet;
      count?: boolean;
      each?: 'lead' | 'units' | 'group' | 'role';
      unit?: string;
      gaps?: Gap[];
    }
  | { kind: 'units'; set: UnitSet; count?: boolean; gaps?: Gap[] }
  | { kind: 'groups'; set: GroupSet; count?: boolean; gaps?: Gap[] }
  | { kind: 'safeguards'; set: SafeguardSet; count?: boolean; gaps?: Gap[] }
  | {
      kind: 'clause';
      ref: ClauseRef;
      ask: 'units' | 'lead' | 'co' | 'unitCount' | 'summary' | 'deadline' | 'targets' | 'quote' | 'place';
      /** The words the figures are about (双师型教师比例). */
      topic?: string;
      /** Figures already shown, left out ("还有呢"). */
      shown?: string[];
      /** Figures asked for in a measure (多少名, 几年, 比例). */
      measure?: string;
      total?: boolean;
      /** For a count of units: the role counted (几个配合单位). */
      role?: 'lead' | 'co';
      gaps?: Gap[];
    }
  /** A unit's role in one clause; `claim`: the role said or asked of it, `not`: said not to be it (X不是任务N的责任单位). */
  | { kind: 'role'; unit: string; ref: ClauseRef; claim?: 'lead' | 'co' | 'any'; not?: boolean; gaps?: Gap[] }
  | { kind: 'roles'; units: string[]; refs: ClauseRef[]; same?: boolean; gaps?: Gap[] }
  | { kind: 'check'; claim: Claim; gaps?: Gap[] }
  | {
      kind: 'rank';
      over: 'units' | 'tasks' | 'safeguards' | 'groups';
      measure: 'tasks' | 'units' | 'safeguards';
      role: 'lead' | 'co' | 'any';
      dir: 'max' | 'min';
      position: number;
      within?: TaskSet;
      except: string[];
      gaps?: Gap[];
    }
  | {
      kind: 'compare';
      over: 'units' | 'tasks' | 'groups';
      items: (string | number)[];
      measure: 'tasks' | 'units';
      role: 'lead' | 'co' | 'any';
      how: 'more' | 'same';
      gaps?: Gap[];
    }
  | { kind: 'doc'; fact: z.infer<typeof factSchema>; level?: string; gaps?: Gap[] }
  /** The plan does not cover what was asked (nothing else was asked). */
  | { kind: 'gap'; gaps: Gap[] }
  /** Progress of tasks, answered from the reported ledger by the check-ins feature, not from the plan. */
  | { kind: 'progress'; tasks: number[]; unit?: string; gaps?: Gap[] }
  /** A topic that fits several clauses about equally: ask which is meant. */
  | { kind: 'clarify'; topic: string; candidates: ClauseRef[]; gaps?: Gap[] }
  /** A question read only in part: ask for another wording, never answer a narrower one. */
  | { kind: 'unclear'; words: string[]; gaps?: Gap[] }
  | { kind: 'empty'; gaps?: Gap[] }
  /** How to use the bot. */
  | { kind: 'help'; gaps?: Gap[] }
  | { kind: 'tooLong'; chars: number; gaps?: Gap[] }
  /** Several questions in one message, each answered. */
  | { kind: 'several'; parts: Query[]; gaps?: Gap[] };

const ask = z.enum(['units', 'lead', 'co', 'unitCount', 'summary', 'deadline', 'targets', 'quote', 'place']);

/** The zod schema of a query. */
export const querySchema: z.ZodType<Query> = z.lazy(() =>
  z.union([
    z.object({
      kind: z.literal('tasks'),
      set: taskSetSchema,
      count: z.boolean().optional(),
      each: z.enum(['lead', 'units', 'group', 'role']).optional(),
      unit: z.string().optional(),
      ...base,
    }),
    z.object({ kind: z.literal('units'), set: unitSetSchema, count: z.boolean().optional(), ...base }),
    z.object({ kind: z.literal('groups'), set: groupSetSchema, count: z.boolean().optional(), ...base }),
    z.object({
      kind: z.literal('safeguards'),
      set: safeguardSetSchema,
      count: z.boolean().optional(),
      ...base,
    }),
    z.object({
      kind: z.literal('clause'),
      ref: clauseRefSchema,
      ask,
      topic: z.string().optional(),
      shown: z.array(z.string()).optional(),
      measure: z.string().optional(),
      total: z.boolean().optional(),
      role: z.enum(['lead', 'co']).optional(),
      ...base,
    }),
    z.object({
      kind: z.literal('role'),
      unit: z.string(),
      ref: clauseRefSchema,
      claim: role.optional(),
      not: z.boolean().optional(),
      ...base,
    }),
    z.object({
      kind: z.literal('roles'),
      units: z.array(z.string()).min(1),
      refs: z.array(clauseRefSchema).min(1),
      same: z.boolean().optional(),
      ...base,
    }),
    z.object({ kind: z.literal('check'), claim: claimSchema, ...base }),
    z.object({
      kind: z.literal('rank'),
      over: z.enum(['units', 'tasks', 'safeguards', 'groups']),
      measure: z.enum(['tasks', 'units', 'safeguards']),
      role,
      dir: z.enum(['max', 'min']),
      position: z.number().int().positive(),
      within: taskSetSchema.optional(),
      except: z.array(z.string()),
      ...base,
    }),
    z.object({
      kind: z.literal('compare'),
      over: z.enum(['units', 'tasks', 'groups']),
      items: z.array(z.union([z.string(), z.number()])).min(2),
      measure: z.enum(['tasks', 'units']),
      role,
      how: z.enum(['more', 'same']),
      ...base,
    }),
    z.object({ kind: z.literal('doc'), fact: factSchema, level: z.string().optional(), ...base }),
    z.object({ kind: z.literal('gap'), gaps: z.array(gapSchema).min(1) }),
    z.object({ kind: z.literal('progress'), tasks: z.array(no), unit: z.string().optional(), ...base }),
    z.object({
      kind: z.literal('clarify'),
      topic: z.string(),
      candidates: z.array(clauseRefSchema),
      ...base,
    }),
    z.object({ kind: z.literal('unclear'), words: z.array(z.string()), ...base }),
    z.object({ kind: z.literal('empty'), ...base }),
    z.object({ kind: z.literal('help'), ...base }),
    z.object({ kind: z.literal('tooLong'), chars: z.number().int(), ...base }),
    z.object({ kind: z.literal('several'), parts: z.array(querySchema).min(1), ...base }),
  ]),
);
