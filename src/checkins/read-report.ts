import type { Knowledge } from '../knowledge/schema.js';
import { lexiconFor } from '../language/lexicon.js';
import { parseNumeral } from '../language/numerals.js';
import type { Span, Tokens } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
import { documentNote, readDocument } from './report-document.js';
import { type Draft, type Line, linesOf, type Piece, type ReadMsg } from './report-draft.js';
import { findExclusions, findIntents } from './report-markers.js';
import { cleanNote, type ItemMeaning, itemsOf, meaningOf, noteOf, textOf } from './report-meaning.js';
import type { ReportItem, ReportReading } from './report-reading.js';
import { readRows, readTable } from './report-table.js';
import { reportWords } from './report-words.js';
import { TaskTopics } from './task-topics.js';

export { cleanNote } from './report-meaning.js';

/**
 * Longest message read as a report, in characters: an official report pasted from Word runs to a few thousand; a
 * longer message is refused with a request to split it.
 */
export const MAX_REPORT_CHARS = 6000;

/** What the reader may know besides the text. */
export interface ReadOptions {
  /** The message's tokens, when the core has them already (`tokenize(text, lexiconFor(kb))`): not tokenized again. */
  tokens?: Tokens;
  /** The sender's unit's tasks: a title or topic names a task only when it matches exactly one of them. */
  tasks?: number[];
  /** Now, for figures of another year (2020年任务3完成100%) and an official report dated outside the week. */
  now?: Date;
}

const topicsByPlan = new WeakMap<Knowledge, TaskTopics>();

/**
 * Reads a liaison's reply into report items on the shared tokenizer's spans: its layout (a table with a header row,
 * rows such as 14/60%/正常, an official report with its headings, or free text and voice input), the tasks (numbers,
 * lists and ranges; titles and row labels; never list numbers, counts, dates or names such as “3+2”), the figure that
 * is the progress (tied to 进度/完成, told apart from 就业率, money, counts, plans and the figures a speaker took
 * back), the statuses (negations ignored), and the discourse markers that make it someone else's, another period's,
 * a plan, an example, a joke, or an edit of the previous report.
 */
export function readReport(raw: string, kb: Knowledge, opts: ReadOptions = {}): ReportReading {
  const w = reportWords();
  const tokens = opts.tokens ?? tokenize(raw, lexiconFor(kb));
  let topics = topicsByPlan.get(kb);
  if (!topics) {
    topics = new TaskTopics(kb);
    topicsByPlan.set(kb, topics);
  }
  const m: ReadMsg = {
    raw,
    norm: tokens.norm,
    spans: prepareSpans(tokens.spans, tokens.norm, kb),
    w,
    kb,
    topics,
    ...(opts.tasks ? { unitTasks: opts.tasks } : {}),
    ...(opts.now ? { year: Number(opts.now.toISOString().slice(0, 4)), now: opts.now } : {}),
    excluded: [],
  };
  const lines = linesOf(m.norm, m.spans);
  findExclusions(m, lines);
  const intents = findIntents(m);
  m.correction = intents.correction;
  const reading: ReportReading = {
    kind: 'report',
    items: [],
    unclear: [],
    errors: [],
    correction: intents.correction,
    doubts: [],
    intents,
    layout: 'text',
  };
  // "好的，马上报", "已完成的我晚点报": a promise to report is not a report
  if (w.laterReport.some((x) => m.norm.includes(x)) && !m.spans.some((s) => s.kind === 'percent'))
    return { ...reading, kind: 'question' };

  let dropped: ItemMeaning['dropped'];
  const doc = readTable(m, lines, reading)
    ? undefined
    : readRows(m, lines, reading)
      ? undefined
      : readDocument(m, lines);
  if (reading.layout === 'text' && doc) {
    reading.layout = 'document';
    if (doc.unit) reading.unit = doc.unit;
    reading.doubts.push(...doc.doubts);
    for (const d of doc.drafts) {
      const mean = meaningOf(d, m);
      dropped ??= mean.dropped;
      if (!mean.reportish) {
        if (d.tasks || d.topics?.length)
          reading.unclear.push({
            text: d.title ?? textOf(d, m),
            ...(d.tasks ? { tasks: d.tasks } : {}),
            reason: '没有写进度或状态',
            readings: [],
          });
        continue;
      }
      const used = [
        ...mean.figures.filter((f) => f.role === 'progress' && !f.old).map((f) => f.span),
        ...mean.statuses.filter((x) => !x.negated),
      ];
      itemsOf(d, mean, cleanNote(documentNote(d, m, used)), reading, d.title ?? textOf(d, m));
    }
    // an official report that names no progress at all: ask for the figure, never guess one
    for (const item of reading.items) {
      if (item.progress === null && !item.statusStated)
        item.doubts = [...(item.doubts ?? []), '报告没有写本任务的进度，也没有写推进状态'];
    }
  } else if (reading.layout === 'text') {
    dropped = readText(m, lines, reading);
    const dated = dateBeforeWeek(m, opts.now);
    if (dated) reading.doubts.push(dated);
  }

  const content = reading.items.length > 0 || reading.unclear.length > 0;
  const tasksNamed = [...new Set(m.spans.flatMap((s) => (s.kind === 'task' ? s.tasks : [])))];
  // someone else's words, another period, a plan, an example: nothing of it is this unit's report of this week
  const whole = m.excluded.find((e) => e.from === 0 && e.to === m.norm.length);
  if (!content && (dropped || (whole && m.spans.some((s) => s.kind === 'percent' || s.kind === 'status')))) {
    const why = m.excluded.find((e) => e.kind === dropped) ?? whole;
    if (why)
      return {
        ...reading,
        kind: 'notReport',
        notReport: { kind: why.kind, word: why.word, tasks: tasksNamed },
      };
  }
  if (reading.kind === 'question' || (!content && reading.errors.length === 0)) {
    const edit = intents.hold || intents.cancel || intents.final || (intents.retask && intents.correction);
    return { ...reading, kind: edit ? 'edit' : 'question' };
  }
  // humour: figures in a joke are never recorded at once; without a task number it is not a report at all
  if (intents.joke) {
    if (!reading.items.some((i) => i.taskBy === 'number'))
      return {
        ...reading,
        items: [],
        unclear: [],
        kind: 'notReport',
        notReport: { kind: 'joke', word: intents.joke, tasks: tasksNamed },
      };
    reading.doubts.push(`消息里有“${intents.joke}”，像是玩笑`);
  }
  const last = m.spans.at(-1);
  // "？" at the end, or "待核实": the liaison is not sure either; confirm before recording
  if (last?.kind === 'sep' && last.text === '?') reading.doubts.push('汇报以问号结尾');
  const unsure = w.uncertain.find((x) => m.norm.includes(x));
  if (unsure && reading.unclear.length === 0) reading.doubts.push(`汇报里写了“${unsure}”`);
  // 先别记 with a report: confirm it, unless it is the correction the liaison held the earlier one for
  if (intents.hold && reading.items.length && !intents.correction)
    reading.doubts.push(`汇报里写了“${intents.hold}”`);
  return reading;
}

/**
 * "6月1日进展：任务8 进度50%", "截至5月28日，…": a date written before the first task that lies before this week —
 * the figures may be of an earlier week (confirmed, not recorded at once).
 */
function dateBeforeWeek(m: ReadMsg, now: Date | undefined): string | undefined {
  if (!now) return undefined;
  const first = m.spans.find((s) => s.kind === 'task')?.at ?? m.norm.length;
  const spans = m.spans.filter((s) => s.at < first);
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k] as Span;
    const b = spans[k + 1] as Span;
    if (
      a.kind !== 'number' ||
      a.counter !== '月' ||
      b.kind !== 'number' ||
      (b.counter !== '日' && b.counter !== '号')
    )
      continue;
    // the day in Asia/Shanghai, against the Monday of this week
    const local = new Date(now.getTime() + 8 * 3600_000);
    const year = local.getUTCFullYear();
    const day = Date.UTC(year, a.value - 1, b.value);
    const monday =
      Date.UTC(year, local.getUTCMonth(), local.getUTCDate()) - ((local.getUTCDay() + 6) % 7) * 86400_000;
    if (day < monday) return `汇报写的是${a.value}月${b.value}日的情况，不在本周`;
  }
  return undefined;
}

/** Reads free text (one line, several lines, voice input) item by item: each task reference starts an item. */
function readText(m: ReadMsg, lines: Line[], reading: ReportReading): ItemMeaning['dropped'] {
  const explicit = m.spans.some((s) => s.kind === 'task' && s.form !== 'title');
  const parenTasks = parensAreTasks(lines);
  const drafts: Draft[] = [];
  const preamble: Draft = { pieces: [] };
  let cur: Draft = preamble;
  let lastForm = '';
  // the tasks of the last head naming several (任务三和任务四): a bare numeral of one of them starts its item
  let group: number[] = [];
  for (const line of lines) {
    const spans = stripListMarker(line.spans);
    const lineHasTask = spans.some((s) => s.kind === 'task');
    // "品牌专业建设：50%，正常": a row labelled with a task's title (or words only that task uses); a label naming the
    // task of the item it is in is a sub-item of it ("—正高级职称评审：未启动" under 任务9)
    const found = lineHasTask ? undefined : labelTask(spans, m, spans.length < line.spans.length);
    const label = found && !cur.tasks?.includes(found.task) ? found : undefined;
    if (label) {
      cur = { tasks: [label.task], form: 'label', taskBy: 'label', pieces: [] };
      drafts.push(cur);
    }
    // "2、配合教育局开展职业培训（任务12）…": a list line whose task comes after its first words is an item of its own
    // from its start; its words are not the previous item's
    const before = cur;
    const lead: Draft | undefined =
      !label && lineHasTask && spans.length < line.spans.length && spans[0]?.kind !== 'task'
        ? { pieces: [] }
        : undefined;
    if (lead) cur = lead;
    let piece: Piece = { line, spans: [], from: label?.end ?? spans[0]?.at ?? line.from, to: line.to };
    cur.pieces.push(piece);
    spans.forEach((s, k) => {
      if (label && s.at < label.end) return;
      const prev = spans[k - 1];
      const bound =
        boundNumeral(s, group, m) ??
        (k === 0 ? numberBeforeTopic(s, spans[1], m) : undefined) ??
        numberBeforeFigure(s, spans.slice(k + 1, k + 3), prev, m);
      const head = bound ? [bound] : headTasks(s, k, prev, { explicit, lineHasTask, lastForm, parenTasks });
      if (!head) {
        piece.spans.push(s);
        return;
      }
      piece.to = s.at;
      if (bound && cur.tasks === group && !hasContent(cur)) {
        // 任务三和任务四 三是80% 四是50%: the list itself is no item, each number said again is
        cur.tasks = [bound];
      } else if (cur === lead && !cur.tasks) {
        cur.tasks = head;
        cur.form = s.kind === 'task' ? s.form : 'paren';
        cur.taskBy = s.kind === 'task' && s.form === 'title' ? 'title' : 'number';
        drafts.push(cur);
      } else if (cur !== preamble && !hasContent(cur)) {
        // "任务14 任务15 进度60%": a head with nothing after it shares the next head's content
        cur.tasks = [...new Set([...(cur.tasks ?? []), ...head])];
      } else {
        const inClause = prev !== undefined && prev.kind !== 'sep';
        cur = {
          tasks: head,
          form: s.kind === 'task' ? s.form : 'paren',
          taskBy: s.kind === 'task' && s.form === 'title' ? 'title' : 'number',
          pieces: [],
          ...(inClause ? { inClause } : {}),
        };
        drafts.push(cur);
      }
      lastForm = cur.form ?? '';
      if (!bound && head.length > 1 && cur.tasks) group = cur.tasks;
      piece = { line, spans: [], from: bound ? s.at + boundLength(s) : s.end, to: line.to };
      cur.pieces.push(piece);
    });
    // no task started the line after all (a name holding a number): its words stay with the item before
    if (lead && !lead.tasks) {
      before.pieces.push(...lead.pieces);
      cur = before;
    }
  }

  // "县财政局：任务14进度50%": a unit named before the first task says whose report it is
  const unit = preamble.pieces.flatMap((p) => p.spans).find((s) => s.kind === 'unit' && !s.weak);
  if (unit?.kind === 'unit' && drafts.length > 0) reading.unit = unit.name;
  const pre = meaningOf(preamble, m);
  const meanings = drafts.map((d) => meaningOf(d, m));
  let dropped = pre.dropped ?? meanings.find((x) => x.dropped)?.dropped;
  // "进度40%，任务8": the figures came before the one task they belong to
  if (pre.reportish && drafts.length === 1 && !meanings[0]?.reportish) {
    (drafts[0] as Draft).pieces.unshift(...preamble.pieces);
    meanings[0] = meaningOf(drafts[0] as Draft, m);
  } else if (drafts.length === 0 && pre.reportish) {
    // no task named: the words may point to one (实训基地已选址 → task 16), to be confirmed
    const found = m.topics.match(m.norm);
    const topics = [...new Set([...found.byTitle, ...found.byWords.keys()])];
    if (topics.length) preamble.topics = topics;
    preamble.taskBy = 'words';
    drafts.push(preamble);
    meanings.push(pre);
  }
  if (!meanings.some((x) => x.reportish)) {
    reading.kind = 'question';
    return dropped;
  }
  if (meanings.every((x) => !x.reportish || x.question)) {
    reading.kind = 'question';
    dropped = undefined;
    return dropped;
  }

  let previous: { draft: Draft; meaning: ItemMeaning; items: ReportItem[] } | undefined;
  drafts.forEach((d, i) => {
    const mean = meanings[i] as ItemMeaning;
    const note = noteOf(d, mean, m);
    const last = previous?.items.at(-1);
    if (!mean.reportish && mean.same && last) {
      reading.items.push({
        ...(d.tasks ? { tasks: d.tasks } : {}),
        progress: last.progress,
        status: last.status,
        note,
        statusStated: last.statusStated === true,
        taskBy: d.taskBy ?? 'number',
      });
      return;
    }
    if (!mean.reportish && d.inClause && previous) {
      // a task named in passing ("与任务15同步") is part of the previous item's words
      joinDraft(previous.draft, d);
      const merged = noteOf(previous.draft, previous.meaning, m);
      for (const item of previous.items) item.note = merged;
      return;
    }
    if (!mean.reportish || mean.question) {
      // an item of its own with nothing to record ("任务14：召开推进会；任务15：进度30%"): asked about, not dropped
      if (d.tasks && !mean.question && !d.inClause && meanings.some((x) => x.reportish) && !mean.dropped)
        reading.unclear.push({
          text: textOf(d, m),
          tasks: d.tasks,
          reason: '没有写进度或状态',
          readings: [],
        });
      return;
    }
    const out = itemsOf(d, mean, note, reading, textOf(d, m));
    if (out.length) previous = { draft: d, meaning: mean, items: out };
  });
  return dropped;
}

/**
 * The message's spans as the reader uses them: a task number the speaker forgot ("任务 十 十几来着") is no task;
 * "还有那个十九号" after "十八号任务" is task 19.
 */
function prepareSpans(spans: Span[], norm: string, kb: Knowledge): Span[] {
  const w = reportWords();
  const haoForm = spans.some((s) => s.kind === 'task' && /号[ ]*(?:重点)?任务$/.test(s.text));
  return spans.map((s) => {
    if (s.kind === 'task' && s.form !== 'title') {
      const after = norm.slice(s.end, s.end + 8).replace(/^[ ]+/, '');
      // "任务十几来着", "任务 十 十几来着": the number is what the speaker cannot remember
      if (
        /^[\d零一二两三四五六七八九十]*[ ]*(?:几|多少)/.test(after) ||
        w.forgotten.some((x) => after.startsWith(x))
      )
        return { kind: 'word', at: s.at, end: s.end, text: s.text };
    }
    if (
      haoForm &&
      s.kind === 'number' &&
      s.counter === '号' &&
      Number.isInteger(s.value) &&
      s.value >= 1 &&
      s.value <= kb.tasks.length &&
      !/月[ ]*$/.test(norm.slice(Math.max(0, s.at - 3), s.at))
    )
      return { kind: 'task', at: s.at, end: s.end, text: s.text, tasks: [s.value], form: 'task' };
    return s;
  });
}

/**
 * A line that starts with a task's title or words only one task uses, as a label: before ：, or, in a numbered or
 * bulleted list, before its first figure.
 */
function labelTask(spans: Span[], m: ReadMsg, listed: boolean): { task: number; end: number } | undefined {
  const colon = spans.findIndex((s) => s.kind === 'sep' && s.text === ':');
  const stop = listed
    ? spans.findIndex(
        (s) =>
          (s.kind === 'sep' && (s.text === ':' || s.text === ',')) ||
          s.kind === 'percent' ||
          s.kind === 'status',
      )
    : colon;
  if (stop <= 0) return undefined;
  const first = spans[0] as Span;
  const end = (spans[stop] as Span).at;
  const label = m.norm.slice(first.at, end);
  if (label.length < 3 || label.length > 30) return undefined;
  const found = m.topics.match(label);
  const named = found.byTitle.length ? found.byTitle : [...found.byWords.keys()];
  if (named.length !== 1) return undefined;
  return { task: named[0] as number, end };
}

// Appends a draft's words to the draft before it (the same line continues where the earlier piece stopped).
function joinDraft(into: Draft, d: Draft): void {
  const tail = into.pieces.at(-1);
  const [first, ...rest] = d.pieces;
  if (tail && first && tail.line === first.line) {
    tail.to = first.to;
    tail.spans.push(...first.spans);
    into.pieces.push(...rest);
  } else into.pieces.push(...d.pieces);
}

// "1." "2、" "1)" numbering a line, bullets and emoji (✅ 🔄 ⚠️ 📌) are not part of the report
function stripListMarker(spans: Span[]): Span[] {
  let k = 0;
  while (spans[k]?.kind === 'word' && /^[^\p{L}\p{N}]+$/u.test(spans[k]?.text ?? '')) k++;
  const a = spans[k];
  const b = spans[k + 1];
  if (a?.kind === 'number' && !a.counter && a.value < 100 && b?.kind === 'sep' && /^[.,)]$/.test(b.text)) {
    if (spans.length > k + 2) k += 2;
  }
  return spans.slice(k);
}

// Parentheses at the start of lines number the lines ((一)(二)(三), (1)(2)) when they count up from 1; otherwise
// a line that starts with one names a task ("（14）进度40%").
function parensAreTasks(lines: Line[]): boolean {
  const ns = lines.flatMap((l) => {
    const s = stripListMarker(l.spans)[0];
    return s?.kind === 'paren' ? [s.n] : [];
  });
  if (ns.length < 2) return true;
  return !ns.every((n, i) => n === i + 1);
}

/** The tasks a span names when it starts an item, or undefined when it is content. */
function headTasks(
  s: Span,
  k: number,
  prev: Span | undefined,
  ctx: { explicit: boolean; lineHasTask: boolean; lastForm: string; parenTasks: boolean },
): number[] | undefined {
  if (s.kind === 'paren') return k === 0 && !ctx.lineHasTask && ctx.parenTasks ? [s.n] : undefined;
  if (s.kind !== 'task') return undefined;
  if (s.form === 'task') return s.tasks;
  if (s.form === 'title') return ctx.explicit ? undefined : s.tasks;
  // 第N项 starts an item at the head of a line or after ；, or in a list of 第N项 items; inside a clause
  // ("另有第三项工作已启动") it is part of the sentence
  if (k === 0 || (prev?.kind === 'sep' && (prev.text === ';' || ctx.lastForm === 'ordinal'))) return s.tasks;
  return undefined;
}

// "三是", "四呢", "4：": a numeral said alone, or before 是/呢/：, that is one of the tasks just listed together.
function boundNumeral(s: Span, group: number[], m: ReadMsg): number | undefined {
  if (group.length < 2) return undefined;
  if (s.kind === 'number') return !s.counter && group.includes(s.value) ? s.value : undefined;
  if (s.kind !== 'word') return undefined;
  const said = new RegExp(`^(.+?)(?:${m.w.boundAfter.join('|')})?$`).exec(s.text);
  const n =
    said?.[1] && /^[\d零〇一二两三四五六七八九十]+$/.test(said[1]) ? parseNumeral(said[1]) : undefined;
  return n !== undefined && group.includes(n) ? n : undefined;
}

// "十二 职业培训 …": a bare number opening a line, one of the unit's tasks, followed by that task's own keywords.
function numberBeforeTopic(s: Span, next: Span | undefined, m: ReadMsg): number | undefined {
  if (s.kind !== 'number' || s.counter || !m.unitTasks?.includes(s.value) || next?.kind !== 'word')
    return undefined;
  const found = m.topics.match(next.text);
  return found.byKeywords.includes(s.value) || found.byTitle.includes(s.value) ? s.value : undefined;
}

// "17是六成", "另外19是八成": a bare number of one of the unit's tasks opening a clause, then 是 and a figure.
function numberBeforeFigure(s: Span, after: Span[], prev: Span | undefined, m: ReadMsg): number | undefined {
  if (s.kind !== 'number' || s.counter || !m.unitTasks?.includes(s.value)) return undefined;
  const [said, figure] = after;
  if (said?.kind !== 'word' || !m.w.boundAfter.includes(said.text) || figure?.kind !== 'percent')
    return undefined;
  return prev === undefined || prev.kind === 'sep' || prev.kind === 'word' ? s.value : undefined;
}

// Where the words after a bound numeral start ("三是" → after 三).
function boundLength(s: Span): number {
  return /^[\d零〇一二两三四五六七八九十]+/.exec(s.text)?.[0].length ?? s.text.length;
}

function hasContent(d: Draft): boolean {
  return d.pieces.some((p) => p.spans.some((s) => s.kind !== 'sep' && !(s.kind === 'op' && s.op === 'and')));
}
