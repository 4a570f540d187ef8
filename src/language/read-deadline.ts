import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';
import { CN_NUMERAL_CHARS, parseNumeral } from './numerals.js';

const wordsSchema = z.object({
  before: z.array(z.string().min(1)),
  after: z.record(z.string(), z.enum(['before', 'within', 'by'])),
  periodic: z.array(z.string().min(1)),
  relativeYears: z.record(z.string(), z.number().int()),
  yearParts: z.record(z.string(), z.string().regex(/^\d{2}-\d{2}$/)),
  ends: z.array(z.string().min(1)),
  monthParts: z.record(z.string(), z.number().int().min(0).max(31)),
  monthBefore: z.enum(['end-of-previous-month', 'end-of-month']),
});

type Words = z.infer<typeof wordsSchema>;

let words: Words | undefined;

/** The deadline words (deadline-words.json), read once. */
function deadlineWords(): Words {
  words ??= wordsSchema.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/language/deadline-words.json'), 'utf8')),
  );
  return words;
}

/** A deadline found in a text: the date it means, the words as written, and where they are. */
export interface DeadlinePhrase {
  /** YYYY-MM-DD, the last day that still counts. */
  date: string;
  text: string;
  at: number;
}

/** One piece of the text as the reader sees it. */
type Tok = { at: number; end: number } & (
  | { kind: 'year'; year: number }
  | { kind: 'relYear'; offset: number }
  | { kind: 'yearPart'; md: string; offset?: number }
  | { kind: 'month'; month: number }
  | { kind: 'day'; day: number }
  | { kind: 'end' }
  | { kind: 'monthPart'; day: number }
  | { kind: 'before' }
  | { kind: 'after'; how: 'before' | 'within' | 'by' }
  | { kind: 'periodic' }
  | { kind: 'other' }
);

const NUMBER = new RegExp(`^(?:\\d+|[${CN_NUMERAL_CHARS}]+)`);

/** A word of the data file with the piece it makes. */
interface Entry {
  word: string;
  make(at: number, end: number): Tok;
}

let dictionary: Entry[] | undefined;

/** Every word of the data file with the piece it makes, longest first. */
function dictionaryOf(w: Words): Entry[] {
  if (dictionary) return dictionary;
  const out: Entry[] = [];
  const add = (list: string[], make: (word: string, at: number, end: number) => Tok) => {
    for (const word of list) out.push({ word, make: (at, end) => make(word, at, end) });
  };
  add(w.periodic, (_, at, end) => ({ kind: 'periodic', at, end }));
  add(Object.keys(w.yearParts), (word, at, end) => ({
    kind: 'yearPart',
    md: w.yearParts[word] as string,
    at,
    end,
  }));
  add(Object.keys(w.relativeYears), (word, at, end) => ({
    kind: 'relYear',
    offset: w.relativeYears[word] as number,
    at,
    end,
  }));
  add(Object.keys(w.monthParts), (word, at, end) => ({
    kind: 'monthPart',
    day: w.monthParts[word] as number,
    at,
    end,
  }));
  add(w.ends, (_, at, end) => ({ kind: 'end', at, end }));
  add(Object.keys(w.after), (word, at, end) => ({
    kind: 'after',
    how: w.after[word] as 'before' | 'within' | 'by',
    at,
    end,
  }));
  add(w.before, (_, at, end) => ({ kind: 'before', at, end }));
  dictionary = out.sort((a, b) => b.word.length - a.word.length);
  return dictionary;
}

/** Splits a text into the date pieces and markers the reader knows; everything else is `other`, one character each. */
function scan(text: string, w: Words): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const num = NUMBER.exec(text.slice(i, i + 12))?.[0];
    if (num) {
      const unit = text[i + num.length];
      const v = parseNumeral(num);
      const end = i + num.length + 1;
      if (v !== undefined && unit === '年' && v >= 1900 && v <= 2200) {
        out.push({ kind: 'year', year: v, at: i, end });
        i = end;
        continue;
      }
      if (v !== undefined && unit === '月' && v >= 1 && v <= 12) {
        out.push({ kind: 'month', month: v, at: i, end });
        i = end;
        continue;
      }
      if (v !== undefined && (unit === '日' || unit === '号') && v >= 1 && v <= 31) {
        out.push({ kind: 'day', day: v, at: i, end });
        i = end;
        continue;
      }
    }
    // the longest word of any kind wins (年底 before 年, 之前 before 前)
    const best = dictionaryOf(w).find((e) => text.startsWith(e.word, i));
    if (best) {
      out.push(best.make(i, i + best.word.length));
      i += best.word.length;
      continue;
    }
    // a span of time, not a date (两年内, 3个月): the number and its unit are one piece, so 年内 is not read in it
    const skip = num
      ? num.length + (text[i + num.length] === '年' || text[i + num.length] === '月' ? 1 : 0)
      : 1;
    out.push({ kind: 'other', at: i, end: i + skip });
    i += skip;
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The deadlines a text sets ("到2022年底" → 2022-12-31, "6月底前" → the next 30 June, "2022年9月前" → 2022-08-31,
 * "年内完成" → 31 December of the plan's year), read with the words of deadline-words.json. A date counts only
 * with a marker before or after it; a year left out is the first that puts the date on or after `from` (the plan's
 * issue date). Recurring dates (每年6月) are not deadlines.
 */
export function readDeadlines(raw: string, opts: { from: string }): DeadlinePhrase[] {
  const w = deadlineWords();
  const text = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const toks = scan(text, w);
  const fromYear = Number(opts.from.slice(0, 4));
  const out: DeadlinePhrase[] = [];
  let k = 0;
  while (k < toks.length) {
    const start = k;
    const before = toks[k]?.kind === 'before';
    if (before) k++;
    let year: number | undefined;
    let relative: number | undefined;
    let md: string | undefined;
    let month: number | undefined;
    let day: number | undefined;
    let end = false;
    const t = toks[k];
    if (t?.kind === 'year') {
      year = t.year;
      k++;
    } else if (t?.kind === 'relYear') {
      relative = t.offset;
      k++;
    }
    const n = toks[k];
    if (n?.kind === 'yearPart') {
      md = n.md;
      k++;
    } else if (n?.kind === 'end' && (year !== undefined || relative !== undefined)) {
      md = '12-31';
      k++;
    } else if (n?.kind === 'month') {
      month = n.month;
      k++;
      const p = toks[k];
      if (p?.kind === 'day') {
        day = p.day;
        k++;
      } else if (p?.kind === 'end') {
        end = true;
        k++;
      } else if (p?.kind === 'monthPart') {
        if (p.day === 0) end = true;
        else day = p.day;
        k++;
      }
    }
    const core = year !== undefined || relative !== undefined || md !== undefined || month !== undefined;
    if (!core) {
      k = start + 1;
      continue;
    }
    const after = toks[k]?.kind === 'after' ? (toks[k] as Extract<Tok, { kind: 'after' }>) : undefined;
    if (after) k++;
    // 每年6月底前 is a recurring date, not the task's deadline
    const periodic = toks[start - 1]?.kind === 'periodic';
    if ((!before && !after) || periodic) continue;
    const date = resolve({
      year,
      relative,
      md,
      month,
      day,
      end,
      fromYear,
      from: opts.from,
      before: after?.how === 'before',
      w,
    });
    if (date) {
      const first = toks[start] as Tok;
      const last = toks[k - 1] as Tok;
      out.push({ date, text: text.slice(first.at, last.end), at: first.at });
    }
  }
  return out;
}

/** The last day a date expression allows, or undefined when it names none. */
function resolve(p: {
  year: number | undefined;
  relative: number | undefined;
  md: string | undefined;
  month: number | undefined;
  day: number | undefined;
  end: boolean;
  fromYear: number;
  from: string;
  before: boolean;
  w: Words;
}): string | undefined {
  const explicitYear = p.year ?? (p.relative !== undefined ? p.fromYear + p.relative : undefined);
  const make = (y: number): string | undefined => {
    if (p.md) return `${y}-${p.md}`;
    if (p.month === undefined) return `${y}-12-31`;
    if (p.day !== undefined)
      return p.day <= lastDay(y, p.month) ? `${y}-${pad(p.month)}-${pad(p.day)}` : undefined;
    if (!p.end && p.before && p.w.monthBefore === 'end-of-previous-month') {
      // 9月前: before September begins
      const m = p.month === 1 ? 12 : p.month - 1;
      const yy = p.month === 1 ? y - 1 : y;
      return `${yy}-${pad(m)}-${pad(lastDay(yy, m))}`;
    }
    return `${y}-${pad(p.month)}-${pad(lastDay(y, p.month))}`;
  };
  if (explicitYear !== undefined) return make(explicitYear);
  // no year: the first one that puts the date on or after the plan's date
  for (let y = p.fromYear; y <= p.fromYear + 1; y++) {
    const d = make(y);
    if (d && d >= p.from) return d;
  }
  return make(p.fromYear + 1);
}

/** The latest deadline of a text (the task's completion), or undefined when it sets none. */
export function latestDeadline(text: string, opts: { from: string }): DeadlinePhrase | undefined {
  return readDeadlines(text, opts).reduce<DeadlinePhrase | undefined>(
    (best, d) => (!best || d.date > best.date ? d : best),
    undefined,
  );
}

/** A date typed by an admin ("2022-06-30", "2022年6月30日", "6月底", "2022年9月前"), or undefined. */
export function readDate(text: string, opts: { from: string }): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    return m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m) ? `${y}-${pad(m)}-${pad(d)}` : undefined;
  }
  // the admin's words are themselves the deadline: read them as if "到" stood before them
  const found = readDeadlines(`到${t}`, opts);
  const only = found.length === 1 ? found[0] : undefined;
  return only && only.at === 0 && only.text.length === t.length + 1 ? only.date : undefined;
}
