import { findRefs } from '../qa/find-refs.js';
import { normalizeText } from '../qa/normalize.js';
import { CN_NUMERAL_CHARS, parseNumeral } from '../qa/numerals.js';
import type { Status } from '../store/db-schema.js';

/** One reported item: tasks (undefined when the reply names none), progress in %, status and note. */
export interface CheckinItem {
  tasks?: number[];
  progress: number | null;
  status: Status;
  note: string;
}

/** Parsed reply, or the problems that stop it from being recorded. */
export interface ParsedCheckin {
  items: CheckinItem[];
  errors: string[];
}

const STATUS_WORDS: [RegExp, Status][] = [
  [/本周无进展|无进展|没有进展|暂无进展|无新进展|no progress/, 'none'],
  [/受阻|困难|阻碍|卡住|难以推进|blocked/, 'blocked'],
  [/滞后|落后|延迟|延期|推迟|慢于|behind|delayed/, 'delayed'],
  [/已完成|已全部完成|全部完成|完成了|已办结|done|completed|finished/, 'done'],
  [/正常推进|正常|按计划|推进中|进行中|顺利|on track/, 'normal'],
];
const N = `[${CN_NUMERAL_CHARS}]+`;
// Progress forms: 60%, 百分之六十, 六成 (×10), 进度60.
const PROGRESS: { re: RegExp; scale: number }[] = [
  { re: /(?:进度|完成|进展)?\s*[:：]?\s*(\d{1,3}(?:\.\d+)?)\s*%/, scale: 1 },
  { re: new RegExp(`(?:进度|完成)?\\s*百分之\\s*(${N}|\\d{1,3})`), scale: 1 },
  { re: new RegExp(`(?:进度|完成)?\\s*(${N}|\\d)\\s*成(?!功|果|绩|效|立)`), scale: 10 },
  { re: /进度\s*[:：]?\s*(\d{1,3})(?!\d)/, scale: 1 },
];

/** True when text reads like a progress report rather than a question (used to route messages). */
export function looksLikeCheckin(raw: string): boolean {
  const text = normalizeText(raw);
  if (/[?？]|谁|什么|哪|吗|如何|怎么|多少|几[个项条门]|是否/.test(text)) return false;
  if (PROGRESS.some(({ re }) => re.test(text))) return true;
  if (STATUS_WORDS.some(([re]) => re.test(text))) return true;
  return /已[\u4e00-\u9fa5]{2}/.test(text) && findRefs(text) !== undefined;
}

/** Splits a reply into items (lines, ；, or one per task number) and reads each item's progress and status. */
export function parseCheckin(raw: string): ParsedCheckin {
  const errors: string[] = [];
  const items: CheckinItem[] = [];
  const segments = raw
    .split(/[\n;；]+|(?=(?:任务|第)\s*[\d一二三四五六七八九十]+\s*(?:项|条)?)/)
    // list markers ("1." "2、" "-" "•") number the lines of a reply, not tasks
    .map((s) => s.trim().replace(/^(?:\d{1,2}\s*[.、)）]|[（(]\d{1,2}[)）]|[-•·*])\s*(?=\S)/, ''))
    .filter((s) => s.replace(/[\s,，。.、:：\d]/g, '') !== '');
  const anyTask = segments.some((s) => findRefs(normalizeText(s))?.kind === 'task');
  for (const seg of segments) {
    const text = normalizeText(seg);
    const refs = findRefs(text);
    const tasks = refs && refs.kind === 'task' ? refs.numbers : undefined;
    let rest = refs ? refs.rest : text;
    let progress: number | null = null;
    for (const { re, scale } of PROGRESS) {
      const m = re.exec(rest);
      if (!m?.[1]) continue;
      const n = (/^\d/.test(m[1]) ? Number(m[1]) : (parseNumeral(m[1]) ?? Number.NaN)) * scale;
      if (!Number.isFinite(n) || n < 0 || n > 100) {
        errors.push(`进度“${m[0].trim()}”不在0—100%之间`);
      } else {
        progress = Math.round(n);
      }
      rest = rest.replace(m[0], ' ');
      break;
    }
    let status: Status | undefined;
    for (const [re, s] of STATUS_WORDS) {
      if (re.test(rest)) {
        status = s;
        break;
      }
    }
    // "进度70% 已完成方案初稿" finished a step, not the task
    if (status === 'done' && progress !== null && progress < 100) status = 'normal';
    if (status === undefined) status = progress === 100 ? 'done' : 'normal';
    if (status === 'done' && progress === null) progress = 100;
    const note = noteOf(seg, refs !== undefined);
    if (!tasks && progress === null && !STATUS_WORDS.some(([re]) => re.test(rest))) {
      // a line without a task number continues the previous item's note; before the first task it is a heading
      // ("报告：", "本周进展：") when a task follows
      const prev = items[items.length - 1];
      if (prev) {
        prev.note = [prev.note, note].filter(Boolean).join('；');
        continue;
      }
      if (anyTask) continue;
    }
    items.push({ ...(tasks ? { tasks } : {}), progress, status, note });
  }
  if (items.length === 0) errors.push('没有读到任何汇报内容');
  return { items, errors };
}

// The note keeps the user's own words minus the task number and the progress figure.
function noteOf(seg: string, hasRef: boolean): string {
  // full-width digits and signs only: the note keeps the user's own punctuation
  let s = seg.replace(/[０-９％＃]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (hasRef) {
    s = s.replace(
      /^\s*(?:(?:重点)?任务\s*(?:第\s*)?[\d一二三四五六七八九十两]+\s*(?:项|条|号)?|第\s*[\d一二三四五六七八九十两]+\s*(?:项|条)(?:任务)?|#\s*\d+|[\d一二三四五六七八九十]+\s*号任务)/,
      '',
    );
  }
  s = s
    .replace(/(?:进度|完成|进展)?\s*[:：]?\s*\d{1,3}(?:\.\d+)?\s*%/, ' ')
    .replace(new RegExp(`(?:进度|完成)?\\s*百分之\\s*(?:${N}|\\d{1,3})`), ' ')
    .replace(new RegExp(`(?:进度|完成)?\\s*(?:${N}|\\d)\\s*成(?!功|果|绩|效|立)`), ' ');
  s = s.replace(/^[\s,，。.、:：;；]+/, '');
  // a leading status word is already in the status field
  for (const [re] of STATUS_WORDS)
    s = s.replace(new RegExp(`^(?:${re.source})(?:[\\s,，。.、:：;；-]+|$)`), '');
  return s.replace(/^[\s,，。.、:：;；]+|[\s,，。.、:：;；]+$/g, '').replace(/\s+/g, ' ');
}
