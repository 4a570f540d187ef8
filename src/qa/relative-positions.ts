import type { Knowledge } from '../knowledge/schema.js';
import { normalizeText } from '../language/normalize.js';
import { CN_NUMERAL_CHARS, parseNumeral } from '../language/numerals.js';
import { termsOf } from './topic-index.js';

const N = `([${CN_NUMERAL_CHARS}]+|\\d+)`;
const RELATIVE = new RegExp(`(?:倒数\\s*第\\s*${N}|最后|最末)\\s*一?\\s*(?:项|个|条)(?:重点)?(?:任务)?`);
const POSITION = new RegExp(`(?:第\\s*${N}|头一|首)\\s*(?:项|个|条)(?:重点)?(?:任务)?`);
const GROUP = new RegExp(
  `(?:第\\s*[(（]?\\s*${N}\\s*[)）]?\\s*(?:组|部分|方面|大类|类)|[(（]\\s*${N}\\s*[)）])`,
);

/** The group a question names before `end`, by number (第四组, (三)) or by most of its title; with its start. */
function groupBefore(text: string, end: number, kb: Knowledge): { no: number; at: number } | undefined {
  const before = text.slice(0, end);
  const g = GROUP.exec(before);
  const byNumber = g ? parseNumeral(g[1] ?? g[2] ?? '') : undefined;
  if (g && byNumber !== undefined) return { no: byNumber, at: g.index };
  const terms = new Set(termsOf(before));
  for (const group of kb.groups) {
    const title = termsOf(normalizeText(group.title));
    const hit = title.filter((t) => terms.has(t)).length;
    if (title.length && hit / title.length >= 0.6) {
      const first = title.find((t) => terms.has(t)) ?? '';
      return { no: group.no, at: Math.max(0, before.indexOf(first)) };
    }
  }
  return undefined;
}

/**
 * Rewrites a position inside a group or counted from the end ("第四组第二项", "“提高技术技能人才培养质量”这一组
 * 里的第3项", "最后一项", "倒数第二项") as the task number it names ("任务15"), so that the usual task-number path
 * answers it.
 */
export function resolveRelativePositions(text: string, kb: Knowledge): string {
  const rel = RELATIVE.exec(text);
  const pos = rel ? undefined : POSITION.exec(text);
  const m = rel ?? pos;
  if (!m) return text;
  const group = groupBefore(text, m.index, kb);
  // a plain 第N项 without a group before it is already a task number
  if (pos && !group) return text;
  const list = group ? kb.groups[group.no - 1]?.tasks : kb.tasks.map((t) => t.no);
  if (!list?.length) return text;
  const k = m[1] ? parseNumeral(m[1]) : 1;
  if (k === undefined || k < 1) return text;
  const n = rel ? list[list.length - k] : list[k - 1];
  if (n === undefined) return text;
  const start = group ? group.at : m.index;
  return `${text.slice(0, start)}任务${n}${text.slice(m.index + m[0].length)}`;
}
