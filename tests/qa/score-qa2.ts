import type { Answer } from '../../src/qa/answer.js';
import { readEval, UNITS } from './score-qa.js';

/** The expectations of ../shared/eval/score_qa2.py (a superset of score_qa.py) used by the combined-question sets. */
export interface Expect2 {
  task?: number;
  units_all?: string[];
  units_only?: boolean;
  units_ok?: string[];
  units_none?: string[];
  units_stated?: boolean;
  text_has?: string[];
  text_none?: string[];
  text_re?: string[];
  tasks_eq?: number[];
  tasks_sup?: number[];
  tasks_none?: number[];
  text_tasks_all?: number[];
  text_tasks_none?: number[];
  max_tasks?: number;
  lead?: string;
  count?: number | number[];
  not_found?: boolean;
  found_any?: boolean;
  refusal_text_ok?: boolean;
  ok_if_text?: string;
}

const REFUSAL =
  /方案中没有|方案里没有|方案没有|方案中未|方案未|方案并未|方案中并没有|文件中没有|没有找到|未找到|找不到|无法回答|不在(本|这个)?(方案|计划)|超出.{0,8}范围|没有相关(内容|信息|规定|表述)|未涉及|没有涉及|未提及|没有提及|没有提到|未提到|没有写|未写明|没有列出|未列出|无法评价|无法判断|没有任务\d+|没有第\S{1,3}[项条组]|没有[^。，,]{0,15}的内容/;
const CN = [
  '零',
  '一',
  '二|两',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
];
const CLS = '(?:项|个|条|家|类|门|组|方面|部分|大块|块|大类|大部分)';
const CNV: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

const norm = (s: string) => s.replace(/\s+/g, '').replace(/％/g, '%').replace(/－/g, '-').replace(/～/g, '-');
const alts = (s: string) => s.split('|').map(norm);

/** A Python pattern as a JavaScript RegExp: a leading (?i) becomes the i flag (the sets' English rows use it). */
function pythonRegExp(rx: string): RegExp {
  if (rx.startsWith('(?i)')) return new RegExp(rx.slice(4), 'i');
  // an inline (?i:…) group (Node 20 has no pattern modifiers): the whole pattern ignores case, which only loosens
  // Latin letters
  if (rx.includes('(?i:')) return new RegExp(rx.replaceAll('(?i:', '(?:'), 'i');
  return new RegExp(rx);
}

function hasCount(text: string, n: number): boolean {
  const pats = [`(?<![第\\d.])${n}(?![\\d.%])${CLS}`, `(?:共|一共|总共|合计|共计|计)有?${n}(?![\\d.%])`];
  if (n > 0 && n < CN.length) {
    const c = `(?:${CN[n]})`;
    pats.push(
      `(?<![第一二三四五六七八九十两])${c}(?![一二三四五六七八九十])${CLS}`,
      `(?:共|一共|总共|合计|共计)有?${c}(?![一二三四五六七八九十])`,
    );
  }
  return pats.some((p) => new RegExp(p).test(text));
}

function cn2int(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CNV[s[1] as string] ?? 0);
  if (s.length >= 2 && s[1] === '十')
    return (CNV[s[0] as string] ?? 0) * 10 + (s.length > 2 ? (CNV[s[2] as string] ?? 0) : 0);
  return CNV[s] ?? -1;
}

function textTasks(text: string): Set<number> {
  const num = '(?:\\d{1,2}|[一二三四五六七八九十两]{1,3})';
  const seq = `(${num}(?:(?:、|,|，|和|及|与|以及)(?:任务)?${num})*)`;
  const found = new Set<number>();
  for (const p of [`任务${seq}(?!共)`, `第${seq}项`, `${seq}号任务`]) {
    for (const m of text.matchAll(new RegExp(p, 'g'))) {
      for (const part of (m[1] ?? '').match(new RegExp(num, 'g')) ?? []) {
        const v = cn2int(part);
        if (v > 0 && v <= 99) found.add(v);
      }
    }
  }
  return found;
}

/** Why a reply text fails the text checks (score_qa2.check_text); empty when it passes. */
export function checkText(e: Expect2, reply: string): string[] {
  const why: string[] = [];
  const full = norm(reply);
  const text = e.units_stated ? full.replace(/“[^”]*责任单位[^”]*”/g, '') : full;
  for (const u of e.units_all ?? []) if (!text.includes(u)) why.push(`missing unit ${u}`);
  for (const a of e.text_has ?? []) if (!alts(a).some((x) => text.includes(x))) why.push(`missing text ${a}`);
  for (const a of e.text_none ?? [])
    if (alts(a).some((x) => text.includes(x))) why.push(`has forbidden text ${a}`);
  (e.text_re ?? []).forEach((rx, k) => {
    if (!pythonRegExp(rx).test(text)) why.push(`lacks the expected conclusion (text_re #${k + 1})`);
  });
  if (e.units_only) {
    const allowed = new Set([...(e.units_all ?? []), ...(e.units_ok ?? [])]);
    const extra = UNITS.filter((u) => text.includes(u) && !allowed.has(u));
    if (extra.length) why.push(`names units outside the answer: ${extra}`);
  }
  const bad = (e.units_none ?? []).filter((u) => text.includes(u));
  if (bad.length) why.push(`names excluded units ${bad}`);
  if (e.lead) {
    const first = UNITS.filter((u) => full.includes(u)).sort((a, b) => full.indexOf(a) - full.indexOf(b))[0];
    if (first !== e.lead) why.push(`lead ${e.lead} not named first`);
  }
  if (e.count !== undefined) {
    for (const n of Array.isArray(e.count) ? e.count : [e.count])
      if (!hasCount(full, n)) why.push(`count ${n} not stated`);
  }
  if (e.text_tasks_all || e.text_tasks_none) {
    const tt = textTasks(full);
    const miss = (e.text_tasks_all ?? []).filter((t) => !tt.has(t));
    if (miss.length) why.push(`text does not mention tasks ${miss}`);
    const extra = (e.text_tasks_none ?? []).filter((t) => tt.has(t));
    if (extra.length) why.push(`text mentions tasks ${extra} it should not`);
  }
  return why;
}

/** Whether a refusal text answers a not_found item. */
export function refusalOk(e: Expect2, reply: string): boolean {
  const text = norm(reply);
  if (e.refusal_text_ok && REFUSAL.test(text)) return true;
  return Boolean(e.ok_if_text && alts(e.ok_if_text).some((a) => text.includes(a)));
}

/** Why an answer fails an item (score_qa2.check); empty when it is right. */
export function checkAnswer2(e: Expect2, a: Answer): string[] {
  const tasks = new Set(a.tasks);
  if (e.not_found)
    return (a.found === false && tasks.size === 0) || refusalOk(e, a.text) ? [] : ['should say not found'];
  const why = checkText(e, a.text);
  if (e.task !== undefined && !tasks.has(e.task)) why.push(`tasks ${[...tasks]} lack ${e.task}`);
  if (e.tasks_eq && [...tasks].sort((x, y) => x - y).join() !== [...e.tasks_eq].sort((x, y) => x - y).join())
    why.push(`tasks ${[...tasks]} != ${e.tasks_eq}`);
  const miss = (e.tasks_sup ?? []).filter((t) => !tasks.has(t));
  if (miss.length) why.push(`tasks ${[...tasks]} lack ${miss}`);
  const extra = (e.tasks_none ?? []).filter((t) => tasks.has(t));
  if (extra.length) why.push(`tasks include ${extra}`);
  if (e.max_tasks !== undefined && tasks.size > e.max_tasks) why.push(`${tasks.size} tasks`);
  if (!e.found_any && a.found === false) why.push('said not found');
  return why;
}

/** Reads a set in the score_qa2 format. */
export function readEval2(file: string): { q: string; kind: string; expect: Expect2 }[] {
  return readEval(file) as unknown as { q: string; kind: string; expect: Expect2 }[];
}
