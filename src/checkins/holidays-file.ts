import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../user-error.js';
import { WorkCalendar } from './work-calendar.js';

/** Name of the admin's holiday file inside the data directory. */
export const HOLIDAYS_FILE = 'holidays.json';

/** Raised for a holidays.json that cannot be used; names the file, the entry and how to write it. */
export class HolidaysFileError extends UserError {}

const DAY_MS = 86400_000;
const MAX_RANGE_DAYS = 60;
const ENTRY = /^\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?$/;
const fileSchema = z
  .object({
    holidays: z.array(z.string()).default([]),
    workdays: z.array(z.string()).default([]),
  })
  .strict();

const EXAMPLE = '{"holidays": ["2027-01-01", "2027-02-10..2027-02-17"], "workdays": ["2027-02-07"]}';

function realDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** The dates of one entry ("2027-02-10..2027-02-17" → 8 dates), or a problem. */
function expand(e: string): string[] | string {
  if (!ENTRY.test(e)) return `"${e}"：应为日期 "2027-01-01" 或日期范围 "2027-02-10..2027-02-17"`;
  const [from, to = from] = e.split('..') as [string, string?];
  for (const d of [from, to]) if (!realDate(d)) return `"${d}" 不是真实存在的日期`;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (b < a) return `范围 "${e}" 的结束日期早于开始日期`;
  if ((b - a) / DAY_MS >= MAX_RANGE_DAYS) return `范围 "${e}" 超过了 ${MAX_RANGE_DAYS} 天`;
  const out: string[] = [];
  for (let t = a; t <= b; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The work calendar of a data directory: chinese-days plus DATA/holidays.json when it exists. A broken file stops
 * start-up with every problem listed (a silently ignored 放假 day would send prompts on a holiday).
 */
export function loadWorkCalendar(dataDir: string): WorkCalendar {
  const file = path.join(dataDir, HOLIDAYS_FILE);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new WorkCalendar();
    throw e;
  }
  const fail = (problems: string[]) =>
    new HolidaysFileError(
      `${file} 无法使用：\n${problems.map((p) => `  - ${p}`).join('\n')}\n正确的格式如 ${EXAMPLE}（见 docs/operating.md › Holidays）。`,
    );
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw fail([`不是有效的 JSON（${(e as Error).message}）`]);
  }
  const r = fileSchema.safeParse(data);
  if (!r.success) throw fail(r.error.issues.map((i) => `${i.path.join('.') || '（最外层）'}：${i.message}`));
  const problems: string[] = [];
  const collect = (entries: string[], key: string) => {
    const days = new Set<string>();
    entries.forEach((e, i) => {
      const d = expand(e);
      if (typeof d === 'string') problems.push(`${key}.${i}：${d}`);
      else for (const x of d) days.add(x);
    });
    return days;
  };
  const holidays = collect(r.data.holidays, 'holidays');
  const workdays = collect(r.data.workdays, 'workdays');
  const both = [...holidays].filter((d) => workdays.has(d));
  if (both.length) problems.push(`既列为放假日又列为上班日：${both.join(', ')}`);
  if (problems.length) throw fail(problems);
  return new WorkCalendar({ holidays, workdays, source: file });
}
