import type { Knowledge } from '../knowledge/schema.js';
import { lexiconFor } from '../language/lexicon.js';
import { parseNumeral } from '../language/numerals.js';
import type { Span, SpanOf } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
import type { Status } from '../store/db-schema.js';
import { alignToRaw, rawSlice } from './align-text.js';
import type { ReportItem, ReportReading, UnclearPart } from './report-reading.js';
import { type ReportWords, reportWords } from './report-words.js';

/** Longest message read as a report, in characters; a longer one is refused with a request to split it. */
export const MAX_REPORT_CHARS = 2000;

interface Line {
  raw: string;
  norm: string;
  spans: Span[];
  /** Offsets back into `raw`, computed when a note needs them (null: cannot be lined up). */
  map?: number[] | null;
}

/** A stretch of one line that belongs to an item: its spans and its range in the normalised line. */
interface Piece {
  line: Line;
  spans: Span[];
  from: number;
  to: number;
}

/** An item being read: the tasks at its head and the pieces that follow. */
interface Draft {
  tasks?: number[];
  form?: string;
  pieces: Piece[];
  /** The task was named inside a clause ("与任务15同步"), not at its head. */
  inClause?: boolean;
}

interface Figure {
  value: number;
  old: boolean;
  alt: boolean;
  /** Written right after 进度 / 完成率. */
  strong?: boolean;
  /** Written after a word naming another measure (参与率达到30%). */
  named?: boolean;
  /** A change, not a level (较上周+5%, 本周完成10%). */
  delta?: boolean;
  /** A total (累计完成60%, 总体进度60%). */
  total?: boolean;
  span: Span;
}

/** What one item says, before it becomes a record or an ask-back. */
interface ItemMeaning {
  reportish: boolean;
  question: boolean;
  figures: Figure[];
  statuses: SpanOf<'status'>[];
  partial: boolean;
  respectively: boolean;
  same: boolean;
  /** 已完成 speaks of the whole task ("任务19已完成", "均已完成"), not of a step ("已完成2场培训"). */
  doneWhole: boolean;
}

const STATUS_RANK: Status[] = ['blocked', 'delayed', 'none'];

/**
 * Reads a liaison's free-text reply into report items on the shared tokenizer: task spans (lists and ranges
 * expanded, ordinals and counts never tasks), the figures and statuses that belong to each (from→to takes the new
 * figure, a figure marked wrong is dropped, negated statuses do not count, 已完成 is the whole task only when it
 * stands alone), the parts that need asking back, and whether the message is a report or a question at all.
 */
export function readReport(raw: string, kb: Knowledge): ReportReading {
  const w = reportWords();
  const lex = lexiconFor(kb);
  const lines: Line[] = raw
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const t = tokenize(l, lex);
      return { raw: l, norm: t.norm, spans: t.spans };
    });
  const explicit = lines.some((l) => l.spans.some((s) => s.kind === 'task' && s.form !== 'title'));
  const drafts: Draft[] = [];
  const preamble: Draft = { pieces: [] };
  let cur: Draft = preamble;
  let lastForm = '';
  for (const line of lines) {
    const spans = stripListMarker(line.spans);
    const lineHasTask = spans.some((s) => s.kind === 'task');
    let piece: Piece = { line, spans: [], from: spans[0]?.at ?? 0, to: line.norm.length };
    cur.pieces.push(piece);
    spans.forEach((s, k) => {
      const prev = spans[k - 1];
      const head = headTasks(s, k, prev, { explicit, lineHasTask, lastForm });
      if (!head) {
        piece.spans.push(s);
        return;
      }
      piece.to = s.at;
      // "任务14 任务15 进度60%": a head with nothing after it shares the next head's content
      if (cur !== preamble && !hasContent(cur)) {
        cur.tasks = [...new Set([...(cur.tasks ?? []), ...head])];
      } else {
        const inClause = prev !== undefined && prev.kind !== 'sep';
        cur = {
          tasks: head,
          form: s.kind === 'task' ? s.form : 'paren',
          pieces: [],
          ...(inClause ? { inClause } : {}),
        };
        drafts.push(cur);
      }
      lastForm = cur.form ?? '';
      piece = { line, spans: [], from: s.end, to: line.norm.length };
      cur.pieces.push(piece);
    });
  }

  const reading: ReportReading = {
    kind: 'report',
    items: [],
    unclear: [],
    errors: [],
    correction: lines.some((l) => w.correction.some((c) => l.norm.includes(c))),
  };
  const all = lines.map((l) => l.norm).join(' ');
  // "好的，马上报", "已完成的我晚点报": a promise to report is not a report
  if (
    w.laterReport.some((x) => all.includes(x)) &&
    !lines.some((l) => l.spans.some((s) => s.kind === 'percent'))
  )
    return { ...reading, kind: 'question' };
  // "县财政局：任务14进度50%": a unit named before the first task says whose report it is
  const unit = preamble.pieces.flatMap((p) => p.spans).find((s) => s.kind === 'unit' && !s.weak);
  if (unit?.kind === 'unit' && drafts.length > 0) reading.unit = unit.name;
  const pre = meaningOf(preamble, w);
  const meanings = drafts.map((d) => meaningOf(d, w));
  // "进度40%，任务8": the figures came before the one task they belong to
  if (pre.reportish && drafts.length === 1 && !meanings[0]?.reportish) {
    (drafts[0] as Draft).pieces.unshift(...preamble.pieces);
    meanings[0] = meaningOf(drafts[0] as Draft, w);
  } else if (drafts.length === 0 && pre.reportish) {
    drafts.push(preamble);
    meanings.push(pre);
  }
  if (!meanings.some((m) => m.reportish)) return { ...reading, kind: 'question' };
  if (meanings.every((m) => !m.reportish || m.question)) return { ...reading, kind: 'question' };

  let previous: { draft: Draft; meaning: ItemMeaning; items: ReportItem[] } | undefined;
  drafts.forEach((d, i) => {
    const m = meanings[i] as ItemMeaning;
    const note = noteOf(d, m, w);
    const last = previous?.items.at(-1);
    if (!m.reportish && m.same && last) {
      reading.items.push({ ...(d.tasks ? { tasks: d.tasks } : {}), ...pick(last), note });
      return;
    }
    if (!m.reportish && d.inClause && previous) {
      // a task named in passing ("与任务15同步") is part of the previous item's words
      joinDraft(previous.draft, d);
      const merged = noteOf(previous.draft, previous.meaning, w);
      for (const item of previous.items) item.note = merged;
      return;
    }
    if (!m.reportish || m.question) {
      // an item of its own with nothing to record ("任务14：召开推进会；任务15：进度30%"): asked about, not dropped
      if (d.tasks && !m.question && !d.inClause && meanings.some((x) => x.reportish))
        reading.unclear.push({ text: textOf(d), tasks: d.tasks, reason: '没有写进度或状态', readings: [] });
      return;
    }
    const out = itemsOf(d, m, note, reading);
    if (out.length) previous = { draft: d, meaning: m, items: out };
  });
  const last = lines[lines.length - 1]?.spans.at(-1);
  // "？" at the end, or "待核实": the liaison is not sure either; ask before recording
  const doubt = last?.kind === 'sep' && last.text === '?';
  if ((doubt || w.uncertain.some((x) => all.includes(x))) && reading.unclear.length === 0)
    reading.kind = 'unsure';
  return reading;
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

function pick(item: ReportItem): Pick<ReportItem, 'progress' | 'status'> {
  return { progress: item.progress, status: item.status };
}

// "1." "2、" "1)" numbering a line, and bullets, are not part of the report
function stripListMarker(spans: Span[]): Span[] {
  let k = 0;
  while (spans[k]?.kind === 'word' && /^[-•·*]+$/.test(spans[k]?.text ?? '')) k++;
  const a = spans[k];
  const b = spans[k + 1];
  if (a?.kind === 'number' && !a.counter && a.value < 100 && b?.kind === 'sep' && /^[.,)]$/.test(b.text)) {
    if (spans.length > k + 2) k += 2;
  }
  return spans.slice(k);
}

/** The tasks a span names when it starts an item, or undefined when it is content. */
function headTasks(
  s: Span,
  k: number,
  prev: Span | undefined,
  ctx: { explicit: boolean; lineHasTask: boolean; lastForm: string },
): number[] | undefined {
  if (s.kind === 'paren') return k === 0 && !ctx.lineHasTask ? [s.n] : undefined;
  if (s.kind !== 'task') return undefined;
  if (s.form === 'task') return s.tasks;
  if (s.form === 'title') return ctx.explicit ? undefined : s.tasks;
  // 第N项 starts an item at the head of a line or after ；, or in a list of 第N项 items; inside a clause
  // ("另有第三项工作已启动") it is part of the sentence
  if (k === 0 || (prev?.kind === 'sep' && (prev.text === ';' || ctx.lastForm === 'ordinal'))) return s.tasks;
  return undefined;
}

function hasContent(d: Draft): boolean {
  return d.pieces.some((p) => p.spans.some((s) => s.kind !== 'sep' && !(s.kind === 'op' && s.op === 'and')));
}

function endsWithAny(text: string, list: string[]): boolean {
  return list.some((x) => text.endsWith(x));
}

function startsWithAny(text: string, list: string[]): string | undefined {
  return list.find((x) => text.startsWith(x));
}

/** Reads the figures, statuses and question words of one item. */
function meaningOf(d: Draft, w: ReportWords): ItemMeaning {
  const figures: Figure[] = [];
  const statuses: SpanOf<'status'>[] = [];
  let partial = false;
  let activity = false;
  let question = false;
  let respectively = false;
  let same = false;
  let doneWhole = false;
  let future = false;
  let any = false;
  for (const p of d.pieces) {
    const ss = p.spans;
    let clause: Span[] = [];
    ss.forEach((s, k) => {
      const prev = ss[k - 1];
      const next = ss[k + 1];
      if (s.kind === 'sep' && s.text !== '(' && s.text !== ')') {
        clause = [];
        return;
      }
      const before = clause;
      clause = [...clause, s];
      any = true;
      if (s.kind === 'percent') {
        const alt =
          (prev?.kind === 'op' && prev.op === 'or') ||
          (prev?.kind === 'word' && endsWithAny(prev.text, w.alternatives));
        const old =
          (prev?.kind === 'word' && endsWithAny(prev.text, w.oldFigureBefore)) ||
          (next?.kind === 'word' && startsWithAny(next.text, w.oldFigureAfter) !== undefined);
        const strong = prev?.kind === 'word' && endsWithAny(prev.text, w.strongProgress);
        const named = before.some((x) => x.kind !== 'percent' && w.metric.some((m) => x.text.includes(m)));
        const pw = prev?.kind === 'word' ? prev.text : '';
        // a change (较上周+5%) or a target, plan or remainder (目标80%, 剩余60%): not the level reached
        const delta =
          (!/[到至为]$/.test(pw) &&
            before.some((x) => x.kind === 'word' && w.delta.some((d) => x.text.includes(d)))) ||
          before.some((x) => x.kind !== 'percent' && w.notReached.some((d) => x.text.includes(d)));
        const total = w.total.some((t) => pw.includes(t));
        figures.push({ value: s.value, old, alt, strong, named, delta, total, span: s });
      } else if (s.kind === 'number' && !s.counter && s.value <= 100) {
        // "百分之五十或者六十": the alternative figure after 或者
        if (prev?.kind === 'op' && prev.op === 'or' && figures.length)
          figures.push({ value: s.value, old: false, alt: true, span: s });
        // "进度60", "进度为0": a bare figure right after 进度
        else if (prev?.kind === 'word' && endsWithAny(prev.text, ['进度', '完成率', '进度为', '进度是']))
          figures.push({ value: s.value, old: false, alt: false, span: s });
      } else if (s.kind === 'word') {
        // "还是六十": an alternative written into one word
        const alt = startsWithAny(s.text, w.alternatives);
        const n = alt ? parseNumeral(s.text.slice(alt.length).replace(/%$/, '')) : undefined;
        if (alt && n !== undefined && figures.length)
          figures.push({ value: n, old: false, alt: true, span: s });
        if (w.activity.some((a) => s.text.includes(a)) && !w.notActivity.some((a) => s.text.includes(a)))
          activity = true;
        if (w.partialAfterDone.some((a) => s.text.startsWith(a)))
          partial = partial || statuses.some((x) => x.status === 'done');
        if (w.respectively.some((a) => s.text.includes(a))) respectively = true;
        if (w.sameAsAbove.some((a) => s.text.includes(a))) same = true;
      } else if (s.kind === 'status') {
        statuses.push(s);
        // nothing after it in its clause, or the whole work as its object ("已完成全部任务"); nothing but time words
        // before it ("本周已完成", "均已完成", not "第一阶段已完成", "培训已完成"); not a plan ("预计年底前全部完成")
        if (s.status === 'done' && !s.negated) {
          const objectAfter = !(
            !next ||
            next.kind === 'sep' ||
            (next.kind === 'word' && /^(?:了|啦)$/.test(next.text)) ||
            ((next.kind === 'word' || next.kind === 'op') &&
              startsWithAny(next.text, w.wholeTask) !== undefined)
          );
          const subjectBefore = before.some(
            (x) =>
              !(x.kind === 'op' && x.op === 'all') &&
              !(x.kind === 'word' && w.doneSubjects.includes(x.text)) &&
              !(x.kind === 'status' && !x.negated && x.status === 'normal'),
          );
          const planned = before.some((x) => x.kind === 'word' && w.future.some((f) => x.text.includes(f)));
          if (!objectAfter && !subjectBefore && !planned) doneWhole = true;
          if (planned) future = true;
        }
      } else if (s.kind === 'partial') {
        partial = true;
      } else if (s.kind === 'op') {
        if (w.respectively.includes(s.text)) respectively = true;
        if (s.text === '同' && next?.kind === 'word' && next.text.startsWith('上')) same = true;
      }
    });
    // "完成了吗", "是否完成", "比例是2%吗": a question word touching a figure or status asks about it
    ss.forEach((s, k) => {
      if (!(s.kind === 'q' || (s.kind === 'op' && s.op === 'count'))) return;
      const touching = (x: Span | undefined) =>
        x !== undefined && (x.kind === 'status' || x.kind === 'percent' || x.kind === 'partial');
      const before =
        ss[k - 1]?.kind === 'word' && /^(?:了|没|没有)$/.test(ss[k - 1]?.text ?? '') ? ss[k - 2] : ss[k - 1];
      if (touching(before) || touching(ss[k + 1])) question = true;
    });
  }
  if (future) {
    // "预计年底前全部完成" is a plan, not a state
    for (let i = statuses.length - 1; i >= 0; i--) if (statuses[i]?.status === 'done') statuses.splice(i, 1);
  }
  const reportish =
    figures.length > 0 || statuses.length > 0 || partial || (d.tasks !== undefined && activity && any);
  return { reportish, question, figures, statuses, partial, respectively, same, doneWhole };
}

/** Turns one understood item into report items (one per task group) or an unclear part. */
function itemsOf(d: Draft, m: ItemMeaning, note: string, reading: ReportReading): ReportItem[] {
  const tasks = d.tasks;
  const status = (progress: number | null) => statusOf(m, progress);
  const text = textOf(d);
  const make = (t: number[] | undefined, progress: number | null): ReportItem => {
    const st = status(progress);
    return {
      ...(t ? { tasks: t } : {}),
      progress: st === 'done' && progress === null ? 100 : progress,
      status: st,
      note,
      source: text,
    };
  };
  for (const f of m.figures) {
    if (f.value < 0 || f.value > 100) {
      reading.errors.push(`进度“${f.span.text}”不在0—100%之间`);
      return [];
    }
  }
  const alts = m.figures.filter((f) => f.alt);
  const cands = m.figures.filter((f) => !f.old && !f.alt);
  const unclear = (reason: string, readings: ReportItem[]): ReportItem[] => {
    const part: UnclearPart = { text, ...(tasks ? { tasks } : {}), reason, readings };
    reading.unclear.push(part);
    return [];
  };
  if (alts.length) {
    const values = [...new Set([...cands, ...alts].map((f) => f.value))];
    return unclear(
      `进度写了${values.length}个数（${values.map((v) => `${v}%`).join('、')}）`,
      values.map((v) => make(tasks, v)),
    );
  }
  if (tasks && tasks.length > 1 && cands.length > 1) {
    const paired = tasks.map((t, i) => make([t], cands[i]?.value ?? null));
    if (cands.length === tasks.length && m.respectively) {
      reading.items.push(...paired);
      return paired;
    }
    return unclear(
      m.respectively || cands.length !== tasks.length
        ? `${tasks.length}项任务写了${cands.length}个进度，对不上`
        : `${tasks.length}项任务写了${cands.length}个进度，没有写“分别”`,
      [],
    );
  }
  // "进度20%（较上周+5%）", "累计完成60%，本周完成10%": the level, not the change; the total, not a part
  const levels = cands.filter((f) => !f.delta);
  if (cands.length > 1 && levels.length > 0 && levels.length < cands.length)
    cands.splice(0, cands.length, ...levels);
  const totals = cands.filter((f) => f.total);
  if (cands.length > 1 && totals.length === 1) cands.splice(0, cands.length, ...totals);
  // "进度60%，企业参与率达到30%": the one figure written after 进度 is the task's progress
  const strong = cands.filter((f) => f.strong);
  const named = cands.every((f) => f.strong || f.named);
  if (cands.length > 1 && strong.length === 1 && named && !(tasks && tasks.length > 1)) {
    const item = make(tasks, (strong[0] as Figure).value);
    reading.items.push(item);
    return [item];
  }
  if (cands.length > 1) {
    const values = [...new Set(cands.map((f) => f.value))];
    if (values.length > 1) {
      return unclear(
        `进度写了${values.length}个数（${values.map((v) => `${v}%`).join('、')}）`,
        values.map((v) => make(tasks, v)),
      );
    }
  }
  if (cands.length === 0 && m.figures.some((f) => f.old)) {
    return unclear('只写了有误的进度，没有写正确的进度', []);
  }
  const item = make(tasks, cands[0]?.value ?? null);
  reading.items.push(item);
  return [item];
}

/** The status an item's words give: the worst one named, negated ones ignored; 已完成 only for the whole task. */
function statusOf(m: ItemMeaning, progress: number | null): Status {
  const named = m.statuses.filter((s) => !s.negated);
  for (const s of STATUS_RANK) if (named.some((x) => x.status === s)) return s;
  const done = named.some((x) => x.status === 'done');
  if (m.partial) return 'normal';
  if (progress !== null && progress < 100) return 'normal';
  if (done && m.doneWhole) return 'done';
  if (progress === 100 && !done) return 'done';
  return 'normal';
}

/** The item's own words, task reference excluded. */
function textOf(d: Draft): string {
  return d.pieces
    .map((p) => slice(p.line, p.from, p.to))
    .map(trimPunct)
    .filter(Boolean)
    .join('；');
}

/** The note: the liaison's words, figures included, without a leading figure or status already in the record. */
function noteOf(d: Draft, m: ItemMeaning, w: ReportWords): string {
  const plain = m.figures.length === 1 && !m.figures[0]?.old;
  const pieces = d.pieces.map((p, i) => {
    let from = p.from;
    if (i === 0) {
      // "任务14 进度60% 已召开座谈会": a plain figure and a plain status word at the head are the record's fields
      for (let k = 0; k < p.spans.length; k++) {
        const s = p.spans[k] as Span;
        if (s.kind === 'sep' && s.text !== '(') continue;
        if (s.kind === 'word' && plain && w.progressWords.includes(s.text)) continue;
        if (s.kind === 'percent' && plain) {
          from = s.end;
          continue;
        }
        const recorded = s.kind === 'status' && (s.status !== 'done' || (m.doneWhole && !m.partial));
        if (
          s.kind === 'status' &&
          recorded &&
          !s.negated &&
          w.plainStatus.includes(s.text) &&
          m.statuses.length === 1
        ) {
          from = s.end;
          continue;
        }
        break;
      }
    }
    return trimPunct(slice(p.line, from, p.to));
  });
  return cleanNote(pieces.filter(Boolean).join('；'));
}

// The liaison's own characters for a range of the normalised line.
function slice(line: Line, from: number, to: number): string {
  if (line.map === undefined) line.map = alignToRaw(line.raw, line.norm) ?? null;
  return rawSlice(line.raw, line.norm, line.map ?? undefined, from, to);
}

function trimPunct(s: string): string {
  return s.replace(/^[\s,，。.、:：;；?？!！]+|[\s,，。.、:：;；?？!！]+$/g, '');
}

/** Control and format characters never reach a note. */
export function cleanNote(s: string): string {
  return s
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
