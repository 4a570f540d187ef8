import type { Span } from '../language/spans.js';
import type { Draft, Line, Piece, ReadMsg, SectionKind } from './report-draft.js';
import { rawOf, trimPunct } from './report-draft.js';
import type { TopicMatch } from './task-topics.js';

/** An official report read into drafts: one per task it reports on, with the unit it names as its author. */
export interface DocReading {
  drafts: Draft[];
  /** The unit in the title (县财政局关于…) or the 落款. */
  unit?: string;
  /** Reasons to confirm (a 落款 date outside the week). */
  doubts: string[];
}

type LineRole =
  | 'title'
  | 'salutation'
  | 'intro'
  | 'heading'
  | 'signature'
  | 'date'
  | 'contact'
  | 'label'
  | 'body';

interface DocLine {
  line: Line;
  role: LineRole;
  /** Heading level: 1 一、 2 （一） 3 1. */
  level?: number;
  /** Where the line's text starts after its heading number. */
  textFrom: number;
  /** What a top-level heading introduces. */
  kind?: SectionKind;
  /** The section a line is in. */
  section?: SectionKind;
}

/**
 * Reads a report pasted from Word (关于…的报告, 一、工作进展 / 二、存在问题 / 三、下步打算, 落款 and date). The task is the
 * one named by number in the title or a heading; or each top-level section titled with a task's name; or the one
 * task of the unit the title names, or failing that the only task of the unit whose own words the text uses
 * (several: asked). 存在问题 counts only where it speaks of the work as a whole, 下步打算 never. Undefined when
 * the message is not laid out as an official report.
 */
export function readDocument(m: ReadMsg, lines: Line[]): DocReading | undefined {
  const doc: DocLine[] = lines.map((line, i) => classify(line, i, lines.length, m));
  const known = doc.some((d) => d.role === 'heading' && d.level === 1 && d.kind !== 'other');
  const title = doc[0]?.role === 'title' ? doc[0] : undefined;
  const closing = doc.some((d) => d.role === 'signature' || d.role === 'date');
  if (!known && !(title && lines.length >= 3 && (closing || doc.some((d) => d.role === 'heading'))))
    return undefined;

  // sections: before the first top-level heading the text counts as progress; a section titled otherwise (一、现代
  // 学徒制试点工作) is read as progress too
  let kind: SectionKind = 'progress';
  for (const d of doc) {
    if (d.role === 'heading' && d.level === 1)
      kind = d.kind === 'other' ? 'progress' : (d.kind ?? 'progress');
    else d.section = kind;
  }
  const content = doc.filter((d) => d.role === 'body' || (d.role === 'heading' && d.level !== 1));
  const piece = (d: DocLine): Piece => ({
    line: d.line,
    spans: d.line.spans.filter((s) => s.at >= d.textFrom),
    from: d.textFrom,
    to: d.line.to,
    section: d.section ?? 'progress',
  });
  const titleText = title ? trimPunct(rawOf(m, title.textFrom, title.line.to)) : undefined;
  const out: DocReading = { drafts: [], doubts: [] };
  const unit = [title, ...doc.filter((d) => d.role === 'signature')]
    .flatMap((d) => d?.line.spans ?? [])
    .find((s) => s.kind === 'unit' && !s.weak);
  if (unit?.kind === 'unit') out.unit = unit.name;
  const dated = doc.find((d) => d.role === 'date');
  if (dated) {
    const doubt = dateDoubt(m, dated.line);
    if (doubt) out.doubts.push(doubt);
  }
  const explicit = (d: DocLine | undefined) =>
    (d?.line.spans ?? []).flatMap((s) => (s.kind === 'task' && s.form !== 'title' ? s.tasks : []));

  // 标题：任务13…: the whole report is on the tasks its title names
  const titleTasks = explicit(title);
  if (titleTasks.length) {
    out.drafts.push(draft(titleTasks, 'number', content.map(piece), titleText));
    return out;
  }
  // （一）品牌专业建设（任务7）…（二）精品课程建设（任务8）…: each heading with a task number starts its item
  const headed = doc.filter((d) => d.role === 'heading' && explicit(d).length > 0);
  if (headed.length) {
    for (const h of headed) {
      const level = h.level ?? 3;
      const i = doc.indexOf(h);
      const end = doc.findIndex((d, j) => j > i && d.role === 'heading' && (d.level ?? 3) <= level);
      const body = doc.slice(i, end < 0 ? doc.length : end).filter((d) => content.includes(d) || d === h);
      out.drafts.push(draft(explicit(h), 'number', body.map(piece), titleText));
    }
    return out;
  }
  // 一、工作进展 / 任务12：…进度40% / 任务14：…: lines of the report that start with a task number start its item
  const starts = (d: DocLine) => {
    const first = d.line.spans.find((s) => s.at >= d.textFrom && !(s.kind === 'sep' || isMark(s)));
    return first?.kind === 'task' && first.form !== 'title' ? first.tasks : undefined;
  };
  if (content.some((d) => d.section !== 'plans' && starts(d))) {
    let cur: Draft | undefined;
    for (const d of content) {
      if (d.section === 'plans') continue;
      const tasks = starts(d);
      if (tasks) {
        cur = draft(tasks, 'number', [], titleText);
        out.drafts.push(cur);
      }
      cur?.pieces.push(piece(d));
    }
    return out;
  }
  // 一、现代学徒制试点工作 … 二、推进产教深度融合工作 …: top-level sections titled with tasks
  const topical = doc
    .filter((d) => d.role === 'heading' && d.level === 1 && d.kind === 'other')
    .map((d) => ({ d, task: oneTask(m, m.norm.slice(d.textFrom, d.line.to)) }));
  if (topical.length && topical.every((t) => t.task !== undefined)) {
    for (const { d } of topical) d.kind = 'progress';
    for (const { d, task } of topical) {
      const i = doc.indexOf(d);
      const end = doc.findIndex((x, j) => j > i && x.role === 'heading' && x.level === 1);
      const body = doc.slice(i + 1, end < 0 ? doc.length : end).filter((x) => content.includes(x));
      out.drafts.push(
        draft(
          [task as number],
          'title',
          body.map((x) => ({ ...piece(x), section: 'progress' })),
          undefined,
        ),
      );
    }
    return out;
  }
  // one report on one task: named by the title, or by words only one of the unit's tasks uses
  const d = draft(undefined, undefined, content.map(piece), titleText);
  const titleMatch = title ? m.topics.match(m.norm.slice(title.textFrom, title.line.to)) : undefined;
  const byTitle = inUnit(m, titleMatch?.byTitle ?? []);
  const text = content
    .filter((x) => x.section !== 'plans')
    .map((x) => m.norm.slice(x.textFrom, x.line.to))
    .join('\n');
  const found = m.topics.match(`${titleText ?? ''}\n${text}`).byWords;
  const byWords = inUnit(m, [...found.keys()]);
  if (byTitle.length === 1) {
    d.tasks = byTitle;
    d.taskBy = 'title';
  } else if (byTitle.length === 0 && byWords.length === 1) {
    const task = byWords[0] as number;
    const clear = clearTopic(m, task, titleMatch, found.get(task)?.length ?? 0);
    if (clear === true) {
      d.tasks = byWords;
      d.taskBy = 'words';
    } else d.topics = clear === false ? [task] : clear;
  } else {
    const topics = byTitle.length ? byTitle : byWords;
    if (topics.length) d.topics = topics;
  }
  out.drafts.push(d);
  return out;
}

/**
 * Whether a report's words name `task` clearly enough to record it at once: its title holds words only that task
 * uses, or keywords of that task and of no other of the unit's; with a title that speaks of no task, its text
 * uses at least two of the task's own words. A title whose keywords fit several of the unit's tasks (校企合作: 4,
 * 15) gives those tasks to ask about; otherwise false (one task proposed for confirmation).
 */
function clearTopic(
  m: ReadMsg,
  task: number,
  title: TopicMatch | undefined,
  ownWords: number,
): true | false | number[] {
  const mine = (tasks: number[]) => (m.unitTasks ? tasks.filter((t) => m.unitTasks?.includes(t)) : tasks);
  const titleOwn = mine([...(title?.byWords.keys() ?? [])]);
  if (titleOwn.length === 1 && titleOwn[0] === task) return true;
  const titleAny = mine(title?.byKeywords ?? []);
  if (titleAny.length === 1 && titleAny[0] === task) return true;
  if (titleAny.length > 0) return [...new Set([task, ...titleAny])];
  return ownWords >= 2;
}

// A list mark or bullet before a line's words (1. ① ✅ •).
function isMark(s: Span): boolean {
  return (s.kind === 'number' && !s.counter) || (s.kind === 'word' && /^[^\p{L}\p{N}]+$/u.test(s.text));
}

function draft(tasks: number[] | undefined, by: Draft['taskBy'], pieces: Piece[], title?: string): Draft {
  return {
    ...(tasks ? { tasks } : {}),
    ...(by ? { taskBy: by } : {}),
    pieces,
    ...(title ? { title } : {}),
  };
}

// The tasks among the unit's own (all when the unit is not known); tasks outside the unit count only when none of
// the unit's does (a report on another unit's task: refused by name, not moved to a task of this unit).
function inUnit(m: ReadMsg, tasks: number[]): number[] {
  if (!m.unitTasks) return tasks;
  const own = tasks.filter((t) => m.unitTasks?.includes(t));
  return own.length ? own : tasks;
}

// The one task a section title names (by title first, else by its own words), among the unit's tasks.
function oneTask(m: ReadMsg, text: string): number | undefined {
  const found = m.topics.match(text);
  const named = inUnit(m, found.byTitle.length ? found.byTitle : [...found.byWords.keys()]);
  return named.length === 1 ? named[0] : undefined;
}

function classify(line: Line, i: number, count: number, m: ReadMsg): DocLine {
  const w = m.w;
  const text = m.norm.slice(line.from, line.to).trim();
  const spans = line.spans;
  const base = { line, textFrom: line.from };
  const [a, b] = spans;
  const hasFigure = spans.some((s) => s.kind === 'percent' || s.kind === 'task');
  // 一、工作进展 / （一）… / 1.…
  const heading = (level: number, from: number): DocLine => {
    const rest = m.norm.slice(from, line.to);
    const title = rest.split(/[.:]/)[0] ?? rest;
    const kind = (Object.keys(w.sections) as (keyof typeof w.sections)[]).find((k) =>
      w.sections[k].some((x) => title.includes(x)),
    );
    return { ...base, role: 'heading', level, textFrom: from, kind: kind ?? 'other' };
  };
  if (
    a?.kind === 'number' &&
    !a.counter &&
    /^[一二三四五六七八九十]+$/.test(a.text) &&
    b?.kind === 'sep' &&
    b.text === ','
  )
    return heading(1, b.end);
  if (a?.kind === 'paren' && i > 0) return heading(2, a.end);
  if (
    a?.kind === 'number' &&
    !a.counter &&
    /^\d+$/.test(a.text) &&
    b?.kind === 'sep' &&
    /^[.,]$/.test(b.text)
  )
    return heading(3, b.end);
  const bare = text.replace(/\([^)]*\)$/, '');
  if (
    i === 0 &&
    (text.startsWith('标题') || text.includes('关于') || w.documentTitle.some((x) => bare.endsWith(x)))
  ) {
    const label = /^标题[:]?/.exec(text);
    return {
      ...base,
      role: 'title',
      textFrom: line.from + (label ? m.norm.indexOf(':', line.from) + 1 - line.from : 0),
    };
  }
  if (/^(?:正文|内容)[:]?$/.test(text)) return { ...base, role: 'label' };
  if (w.documentIntro.some((x) => text.includes(x)) && !hasFigure) return { ...base, role: 'intro' };
  if (i <= 3 && text.endsWith(':') && !hasFigure && text.length <= 40) return { ...base, role: 'salutation' };
  if (/联系人|联系电话|电话[:]/.test(text) && !hasFigure) return { ...base, role: 'contact' };
  if (/^(?:日期[:]?)?\d{4}年\d{1,2}月\d{1,2}日$/.test(text.replace(/\s/g, '')))
    return { ...base, role: 'date' };
  if (text.startsWith('落款')) return { ...base, role: 'signature' };
  // a line that is only a unit's name (县教育局, 县教育局（代报）) near the end
  const signature =
    i >= count - 4 &&
    text.length <= 20 &&
    !hasFigure &&
    spans.some((s) => s.kind === 'unit' || s.kind === 'unknownUnit') &&
    spans.every((s) => s.kind !== 'status');
  if (signature) return { ...base, role: 'signature' };
  return { ...base, role: 'body' };
}

// A 落款 date more than two weeks away from now: the report may be an old one.
function dateDoubt(m: ReadMsg, line: Line): string | undefined {
  if (!m.now) return undefined;
  const d = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(m.norm.slice(line.from, line.to));
  if (!d) return undefined;
  const at = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  const days = Math.abs(m.now.getTime() - at) / 86400_000;
  return days > 14 ? `报告落款日期是${d[1]}年${d[2]}月${d[3]}日，不在本周` : undefined;
}

/**
 * The note of an official report's item: its title, then the sentences that hold the figure and the status it
 * records (not the whole report).
 */
export function documentNote(d: Draft, m: ReadMsg, used: Span[]): string {
  const keep: string[] = [];
  let first = '';
  for (const p of d.pieces) {
    let from = p.from;
    const ends = [
      ...p.spans.filter((s) => s.kind === 'sep' && (s.text === '.' || s.text === ';')).map((s) => s.end),
      p.to,
    ];
    for (const end of ends) {
      if (end <= from) continue;
      const sentence = trimPunct(rawOf(m, from, end));
      if (sentence && !first && p.section === 'progress') first = sentence;
      if (sentence && used.some((s) => s.at >= from && s.at < end)) keep.push(sentence);
      from = end;
    }
  }
  const body = [...new Set(keep.length ? keep : first ? [first] : [])].join('；');
  return [d.title, body].filter(Boolean).join('：');
}
