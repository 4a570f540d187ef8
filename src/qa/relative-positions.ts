import type { Knowledge } from '../knowledge/schema.js';
import { CN_NUMERAL_CHARS, parseNumeral } from './numerals.js';

const N = `([${CN_NUMERAL_CHARS}]+|\\d+)`;
const RELATIVE = new RegExp(`(?:倒数\\s*第\\s*${N}|最后|最末)\\s*一?\\s*(?:项|个|条)(?:重点)?(?:任务)?`);
const GROUP = new RegExp(
  `(?:第\\s*[(（]?\\s*${N}\\s*[)）]?\\s*(?:组|部分|方面|大类|类)|[(（]\\s*${N}\\s*[)）])`,
);

/**
 * Rewrites a position counted from the end ("最后一项", "倒数第二项", "第(三)组最后一项") as the task number it
 * names ("任务20"), so that the usual task-number path answers it.
 */
export function resolveRelativePositions(text: string, kb: Knowledge): string {
  const rel = RELATIVE.exec(text);
  if (!rel) return text;
  const before = text.slice(0, rel.index);
  const g = GROUP.exec(before);
  const groupNo = g ? parseNumeral(g[1] ?? g[2] ?? '') : undefined;
  const list = groupNo !== undefined ? kb.groups[groupNo - 1]?.tasks : kb.tasks.map((t) => t.no);
  if (!list?.length) return text;
  const fromEnd = rel[1] ? parseNumeral(rel[1]) : 1;
  const n = fromEnd !== undefined && fromEnd >= 1 ? list[list.length - fromEnd] : undefined;
  if (n === undefined) return text;
  const start = g ? (g.index ?? 0) : rel.index;
  return `${text.slice(0, start)}任务${n}${text.slice(rel.index + rel[0].length)}`;
}
