import { readFileSync } from 'node:fs';
import type { Answer } from '../../src/qa/answer.js';

/** One row of an evaluation set (same format as ../shared/eval/qa-dev.jsonl). */
export interface EvalItem {
  q: string;
  kind: string;
  expect: {
    task?: number;
    units_all?: string[];
    units_only?: boolean;
    text_has?: string[];
    tasks_eq?: number[];
    max_tasks?: number;
    lead?: string;
    not_found?: boolean;
    unit?: string;
    /** Why declining this answerable question is acceptable; without it a refusal fails the row. */
    accept_refusal?: string;
  };
}

/** The plan's 17 units, for the units_only and lead checks. */
export const UNITS = [
  '县教育局',
  '县人社局',
  '县财政局',
  '县发改局',
  '县委编办',
  '县文旅局',
  '县农业农村局',
  '县总工会',
  '县扶贫开发服务中心',
  '各乡镇',
  '县工科局',
  '县自然资源局',
  '县税务局',
  '县小企业发展促进中心',
  '县委宣传部',
  '团县委',
  '县融媒体中心',
];

const norm = (s: string) => s.replace(/\s+/g, '').replace(/％/g, '%').replace(/－/g, '-').replace(/～/g, '-');

/** Reads a JSON-lines evaluation set. */
export function readEval(file: string): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalItem);
}

/** Why an answer fails an item (empty when correct); a port of ../shared/eval/score_qa.py. */
export function checkAnswer(item: EvalItem, a: Answer): string[] {
  const e = item.expect;
  const text = norm(a.text);
  const tasks = new Set(a.tasks);
  const why: string[] = [];
  for (const u of e.units_all ?? []) if (!text.includes(u)) why.push(`missing unit ${u}`);
  for (const alt of e.text_has ?? [])
    if (!alt.split('|').some((x) => text.includes(norm(x)))) why.push(`missing text ${alt}`);
  if (e.task !== undefined && !tasks.has(e.task)) why.push(`tasks ${[...tasks]} lacks ${e.task}`);
  if (e.tasks_eq && [...tasks].sort((x, y) => x - y).join() !== [...e.tasks_eq].sort((x, y) => x - y).join())
    why.push(`tasks ${[...tasks]} != ${e.tasks_eq}`);
  if (e.units_only) {
    const extra = UNITS.filter((u) => text.includes(u) && !(e.units_all ?? []).includes(u));
    if (extra.length) why.push(`extra units ${extra}`);
  }
  if (e.max_tasks !== undefined && tasks.size > e.max_tasks) why.push(`${tasks.size} tasks`);
  if (e.lead) {
    const first = UNITS.filter((u) => text.includes(u)).sort((x, y) => text.indexOf(x) - text.indexOf(y))[0];
    if (first !== e.lead) why.push(`lead ${e.lead} not first`);
  }
  if (e.not_found && (a.found !== false || tasks.size)) why.push('should say not found');
  if (!e.not_found && a.found === false) why.push('said not found');
  return why;
}

/** True when the answer declines an answerable row that says why declining is acceptable. */
export function acceptedRefusal(item: EvalItem, a: Answer): boolean {
  return !item.expect.not_found && a.found === false && Boolean(item.expect.accept_refusal?.trim());
}

/** A bare number ("20", "2022"): it matches any figure in any answer, so expectations use a phrase ("20项"). */
const BARE_NUMBER = /^(?:\d+(?:\.\d+)?|[零一二三四五六七八九十百两]+)$/;

/** Kinds whose answer is a set of units (the units of a task or a safeguard). */
const UNIT_SET_KINDS = new Set(['who_by_number', 'who_by_topic', 'safeguard']);

/**
 * Why a row is too loose to catch a wrong answer (empty when it is tight enough): every answerable row bounds the
 * tasks (`tasks_eq` or `max_tasks`), a set of units is `units_only`, no expected text is a bare number, and an
 * accepted refusal gives its reason.
 */
export function lintItem(item: EvalItem): string[] {
  const e = item.expect;
  const why: string[] = [];
  if (e.not_found) return why;
  if (e.tasks_eq === undefined && e.max_tasks === undefined) why.push('no tasks_eq or max_tasks');
  if (UNIT_SET_KINDS.has(item.kind) && e.units_all?.length && !e.units_only)
    why.push('units without units_only');
  for (const alt of e.text_has ?? [])
    for (const x of alt.split('|'))
      if (BARE_NUMBER.test(x.trim())) why.push(`bare number "${x}" in text_has`);
  if (e.accept_refusal !== undefined && !e.accept_refusal.trim()) why.push('accept_refusal without a reason');
  return why;
}

/**
 * Scores a set: correct, wrong (answered badly), refused (declined an answerable question: a failure) and
 * accepted (declined a row that accepts a refusal, with its reason).
 */
export function scoreEval(items: EvalItem[], answer: (q: string) => Answer) {
  let correct = 0;
  const misses: string[] = [];
  let wrong = 0;
  let refused = 0;
  let accepted = 0;
  for (const item of items) {
    const a = answer(item.q);
    const why = checkAnswer(item, a);
    if (why.length === 0) {
      correct++;
      continue;
    }
    if (acceptedRefusal(item, a)) {
      accepted++;
      continue;
    }
    const isRefusal = a.found === false && !item.expect.not_found;
    if (isRefusal) refused++;
    else wrong++;
    misses.push(
      `${isRefusal ? 'REFUSED' : 'WRONG'} [${item.kind}] ${item.q} -> ${why.join('; ')} | ${a.text.slice(0, 80)}`,
    );
  }
  return { correct, wrong, refused, accepted, total: items.length, misses };
}
