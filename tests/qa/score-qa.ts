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
  };
}

const UNITS = [
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

/** Scores a set: correct, wrong (answered badly) and refused (declined an answerable question). */
export function scoreEval(items: EvalItem[], answer: (q: string) => Answer) {
  let correct = 0;
  const misses: string[] = [];
  let wrong = 0;
  let refused = 0;
  for (const item of items) {
    const a = answer(item.q);
    const why = checkAnswer(item, a);
    if (why.length === 0) {
      correct++;
      continue;
    }
    const isRefusal = a.found === false && !item.expect.not_found;
    if (isRefusal) refused++;
    else wrong++;
    misses.push(
      `${isRefusal ? 'REFUSED' : 'WRONG'} [${item.kind}] ${item.q} -> ${why.join('; ')} | ${a.text.slice(0, 80)}`,
    );
  }
  return { correct, wrong, refused, total: items.length, misses };
}
