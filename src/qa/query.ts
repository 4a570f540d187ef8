import { z } from 'zod';

const role = z.enum(['lead', 'co', 'any']);

/** A set of key tasks: named, by group, by a unit's role, by their units, or combined with and / or / not. */
export type TaskSet =
  | { op: 'all' }
  | { op: 'tasks'; tasks: number[] }
  | { op: 'group'; group: number }
  | { op: 'unit'; unit: string; role: z.infer<typeof role> }
  | { op: 'unitCount'; n: number; cmp?: 'eq' | 'lt' | 'le' | 'gt' | 'ge' }
  | { op: 'unitsExactly'; units: string[] }
  | { op: 'and' | 'or'; sets: TaskSet[] }
  | { op: 'not'; set: TaskSet };

/** The zod schema of a task-set expression. */
export const taskSetSchema: z.ZodType<TaskSet> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal('all') }),
    z.object({ op: z.literal('tasks'), tasks: z.array(z.number().int().positive()).min(1) }),
    z.object({ op: z.literal('group'), group: z.number().int().positive() }),
    z.object({ op: z.literal('unit'), unit: z.string().min(1), role }),
    z.object({
      op: z.literal('unitCount'),
      n: z.number().int().nonnegative(),
      cmp: z.enum(['eq', 'lt', 'le', 'gt', 'ge']).optional(),
    }),
    z.object({ op: z.literal('unitsExactly'), units: z.array(z.string().min(1)).min(1) }),
    z.object({ op: z.enum(['and', 'or']), sets: z.array(taskSetSchema).min(1) }),
    z.object({ op: z.literal('not'), set: taskSetSchema }),
  ]),
);

/** Where units come from: the tasks of a set, or the safeguards (all, or some by number). */
export const unitSourceSchema = z.union([
  z.object({ from: z.literal('tasks'), tasks: taskSetSchema, role }),
  z.object({
    from: z.literal('safeguards'),
    safeguards: z.array(z.number().int().positive()).optional(),
    role,
  }),
]);

/** What a question asks for, as one typed query the executor can run. */
export const querySchema = z.discriminatedUnion('select', [
  /** The tasks of a set. */
  z.object({ select: z.literal('tasks'), tasks: taskSetSchema }),
  /** How many tasks a set has; `ofWhich` counts a narrower set too (其中牵头几项). */
  z.object({ select: z.literal('countTasks'), tasks: taskSetSchema, ofWhich: taskSetSchema.optional() }),
  /** The units of several sources combined (common: in all of them; union; minus: in the first, not the rest). */
  z.object({
    select: z.literal('units'),
    sources: z.array(unitSourceSchema).min(1),
    combine: z.enum(['union', 'common', 'minus']),
    except: z.array(z.string()),
    /** Units taking part in exactly this many tasks (只参与了一项), in the role `taskRole` (只牵头了一项). */
    taskCount: z.number().int().positive().optional(),
    taskRole: role.optional(),
    count: z.boolean(),
  }),
  /** The lead unit of each task of a set (第四部分的任务都由谁牵头). */
  z.object({ select: z.literal('leads'), tasks: taskSetSchema }),
  /** The safeguards a unit is named in (with a role). */
  z.object({ select: z.literal('safeguardsOf'), unit: z.string().min(1), role }),
  /** One unit's role in each of several tasks (县财政局在任务3和任务14里的角色一样吗). */
  z.object({
    select: z.literal('rolesAcross'),
    unit: z.string().min(1),
    tasks: z.array(z.number().int().positive()).min(2),
  }),
  /** The role of each named unit in one task. */
  z.object({
    select: z.literal('roles'),
    task: z.number().int().positive(),
    units: z.array(z.string()).min(1),
  }),
  /** The units, tasks or safeguards with the most (or fewest) tasks or units. */
  z.object({
    select: z.literal('rank'),
    over: z.enum(['units', 'tasks', 'safeguards', 'groups']),
    role,
    dir: z.enum(['max', 'min']),
    except: z.array(z.string()),
    /** Only tasks of this set are ranked (第四部分里哪项任务的责任单位最多). */
    within: taskSetSchema.optional(),
    /** Units ranked by their safeguards rather than their tasks; groups by their distinct units. */
    measure: z.enum(['tasks', 'safeguards', 'units']).optional(),
    /** The place asked for (排第三, 第二多), 1 when absent; ties share a place. */
    position: z.number().int().positive().optional(),
  }),
  /** Two or more groups compared by their number of tasks or of distinct units. */
  z.object({
    select: z.literal('compareGroups'),
    groups: z.array(z.number().int().positive()).min(2),
    measure: z.enum(['tasks', 'units']),
  }),
  /** Two or more tasks compared by their units: the same set, or which has more. */
  z.object({
    select: z.literal('compareTasks'),
    tasks: z.array(z.number().int().positive()).min(2),
    how: z.enum(['same', 'more']),
  }),
  /** Two or more units compared by the number of tasks they take part in (or lead). */
  z.object({ select: z.literal('compareUnits'), units: z.array(z.string()).min(2), role }),
]);

/** A typed query. */
export type Query = z.infer<typeof querySchema>;
/** Where units come from. */
export type UnitSource = z.infer<typeof unitSourceSchema>;
