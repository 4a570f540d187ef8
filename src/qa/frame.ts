import { z } from 'zod';
import { gapSchema } from './query.js';
import { FACTS, FOLLOWS } from './question-words.js';

const role = z.enum(['lead', 'co', 'any']);
const cmp = z.enum(['eq', 'lt', 'le', 'gt', 'ge']);

/** What a clause asks for. */
export const ASKS = [
  'named',
  'units',
  'tasks',
  'groups',
  'safeguards',
  'principles',
  'text',
  'deadline',
  'target',
  'role',
  'quote',
  'place',
  'fact',
] as const;
/** What a clause asks for. */
export type Ask = (typeof ASKS)[number];

/** A unit named in a question with the condition the words around it put on it. */
export const unitCondSchema = z.object({
  name: z.string(),
  role,
  neg: z.boolean(),
  /** Joined to the unit before by 或. */
  or: z.boolean(),
});
/** A unit with its condition. */
export type UnitCond = z.infer<typeof unitCondSchema>;

/**
 * The slots of one question, read from its terms: the things it names, what it asks for, and the operators on
 * them. A plain object, kept by the conversation so that a follow-up can change one slot of the last question.
 */
export const frameSchema = z.object({
  tasks: z.array(z.number().int()),
  /** Tasks named to be left out (除了任务12, 不是任务1). */
  notTasks: z.array(z.number().int()),
  /** Words of no known part, which may name a clause by its topic. */
  topic: z.string(),
  units: z.array(unitCondSchema),
  exceptUnits: z.array(z.string()),
  /** 除了牵头单位. */
  exceptLead: z.boolean(),
  unknownUnits: z.array(z.string()),
  places: z.array(z.string()),
  groups: z.array(z.number().int()),
  /** Groups named to be left out (不在第三组, 不属于第二部分). */
  notGroups: z.array(z.number().int()),
  safeguards: z.array(z.number().int()),
  /** 保障机制 named, with or without a number. */
  safeguard: z.boolean(),
  principles: z.array(z.number().int()),
  ask: z.enum(ASKS).optional(),
  /** Several things asked of the same clause (牵头单位和完成时限), each with the role of the units asked. */
  asks: z.array(z.object({ ask: z.enum(ASKS), role })).optional(),
  /** The role of the units asked for (牵头单位是谁 → lead). */
  askRole: role,
  count: z.boolean(),
  yesno: z.boolean(),
  /** 分别 / 各: one answer per item. */
  each: z.boolean(),
  quant: z.enum(['every', 'any', 'only', 'none']).optional(),
  /** How many units are named before the quantifier (有县税务局的任务是不是都有县工科局: 1, the domain's). */
  unitsBeforeQuant: z.number().int().optional(),
  /** What the quantifier ranges over when it is not the tasks: 每一组 (groups), 每一条 (safeguards), X和Y都 (units). */
  quantOver: z.enum(['groups', 'safeguards', 'units']).optional(),
  setop: z.enum(['common', 'union', 'minus']).optional(),
  /** 还有哪些 / 别的 / 其他: the ones not named. */
  other: z.boolean(),
  unitCount: z.object({ n: z.number().int(), cmp }).optional(),
  /** 2022年底前完成的任务: tasks due by, in or after a year. */
  due: z.object({ year: z.number().int(), cmp: z.enum(['le', 'eq', 'ge']) }).optional(),
  /** 有配合单位 / 没有配合单位: tasks that have (or lack) units of a role. */
  hasUnits: z.object({ role, neg: z.boolean() }).optional(),
  taskCount: z.object({ n: z.number().int(), cmp }).optional(),
  rank: z.object({ dir: z.enum(['max', 'min']), position: z.number().int().positive() }).optional(),
  /** Two topics joined by 和 / 与 (智慧校园和实训基地). */
  topicsJoined: z.boolean().optional(),
  /** A position was picked from the conversation's list. */
  picked: z.boolean().optional(),
  /** What the ranking is of, when named right after the place (排名第二的单位). */
  rankOver: z.enum(['units', 'tasks', 'groups']).optional(),
  compare: z.enum(['more', 'same']).optional(),
  /** 在不在同一组: the sameness asked is of the groups the tasks are in. */
  sameGroup: z.boolean().optional(),
  facts: z.array(z.enum(FACTS)),
  /** The level of a document asked about (国家, 省, 市). */
  level: z.string().optional(),
  gaps: z.array(gapSchema),
  /** What a figure is counted in (门, 个, 人, 元, %). */
  measure: z.string().optional(),
  /** 第二个 / 第五条 / 第三: an item of the last answer's list, or else a task by number. */
  ordinal: z.object({ n: z.number().int(), counter: z.string() }).optional(),
  /** 单位 / 部门 named (哪个部分涉及的单位最少). */
  unitsWord: z.boolean(),
  /** 任务 / 重点任务 named as the set asked about (重点任务一共几项). */
  domain: z.boolean(),
  /** 任务和保障机制: the tasks and the safeguards both named as where to look. */
  bothScopes: z.boolean(),
  /** A position in the last answer's list (第二个, 最后一个, 前两个). */
  position: z.object({ n: z.number().int(), fromEnd: z.boolean(), count: z.number().int() }).optional(),
  /** A second position joined to the first (第一个和最后一个). */
  alsoPosition: z.object({ n: z.number().int(), fromEnd: z.boolean(), count: z.number().int() }).optional(),
  /** Words pointing back into the conversation. */
  refs: z.array(z.string()),
  follow: z.enum(FOLLOWS).optional(),
  /** Role words in order. */
  roles: z.array(role),
  /** A negation not attached to a unit. */
  negated: z.boolean(),
  /** The negation stands on the safeguards (有重点任务但保障机制里没有的单位). */
  negSafeguards: z.boolean().optional(),
  /** 其中 / 里面: narrows the last set. */
  within: z.boolean(),
  /** The figures already shown, for 还有呢. */
  shown: z.array(z.string()).optional(),
  /** 一共 / 合计 / 总共 with a figure: add the figures up. */
  total: z.boolean(),
  /** The document itself is named (这个方案, 文件). */
  doc: z.boolean(),
  /** Words no part placed, kept verbatim for the answer. */
  content: z.array(z.string()),
  /** The thing a question word asks for when it is a plain word (什么处罚 → 处罚, 哪家公司 → 公司). */
  object: z.string().optional(),
  /** A question word is present (哪些 with nothing after it still asks). */
  wh: z.boolean(),
  /** 帮助 / 怎么用: how to use the bot. */
  help: z.boolean(),
  /** 只有 right before a unit: "only" is about the units (是不是只有县教育局牵头任务). */
  onlyUnits: z.boolean().optional(),
  /** 不是只有…一家: the negation of "only". */
  notOnly: z.boolean(),
  /** 参与任务 / 牵头任务: a unit's tasks are what is measured (a ranking of units). */
  perUnit: z.boolean(),
});
/** The slots of one question. */
export type Frame = z.infer<typeof frameSchema>;

/** An empty frame. */
export function emptyFrame(): Frame {
  return {
    tasks: [],
    notTasks: [],
    topic: '',
    units: [],
    exceptUnits: [],
    exceptLead: false,
    unknownUnits: [],
    places: [],
    groups: [],
    notGroups: [],
    safeguards: [],
    safeguard: false,
    principles: [],
    askRole: 'any',
    count: false,
    yesno: false,
    each: false,
    other: false,
    facts: [],
    gaps: [],
    refs: [],
    roles: [],
    negated: false,
    within: false,
    total: false,
    doc: false,
    domain: false,
    bothScopes: false,
    unitsWord: false,
    content: [],
    wh: false,
    help: false,
    notOnly: false,
    perUnit: false,
  };
}

/** True when the frame names something of its own (a task, unit, group, safeguard, topic, fact …). */
export function namesSomething(f: Frame): boolean {
  return (
    f.tasks.length > 0 ||
    f.units.length > 0 ||
    f.groups.length > 0 ||
    f.safeguard ||
    f.principles.length > 0 ||
    f.facts.length > 0 ||
    f.topic !== '' ||
    f.unknownUnits.length > 0 ||
    f.places.length > 0 ||
    f.doc
  );
}
