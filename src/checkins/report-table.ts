import type { Span, SpanOf } from '../language/spans.js';
import type { Status } from '../store/db-schema.js';
import { excludedAt, type Line, type ReadMsg, rawOf, trimPunct } from './report-draft.js';
import { cleanNote, statusOf } from './report-meaning.js';
import type { ReportItem, ReportReading } from './report-reading.js';

type Column = 'row' | 'task' | 'name' | 'progress' | 'status' | 'note';

/** One cell of a table row: its spans and its range in the normalised text. */
interface Cell {
  spans: Span[];
  from: number;
  to: number;
}

/**
 * A table pasted from Excel (cells separated by tabs) or written in Markdown (| a | b |), with a header row: one
 * item per data row, each column read by its header (任务/任务编号, 任务名称, 进度/完成进度, 状态/推进情况, 备注;
 * 序号 is a row number, never a task). Returns false when the message has no such table.
 */
export function readTable(m: ReadMsg, lines: Line[], reading: ReportReading): boolean {
  const rows = lines.map((l) => cellsOf(l, m)).filter((r): r is Cell[] => r !== undefined && r.length >= 2);
  const head = rows.findIndex((r) => r.filter((c) => columnOf(c, m) !== undefined).length >= 2);
  if (head < 0) return false;
  const columns = (rows[head] as Cell[]).map((c) => columnOf(c, m));
  if (!columns.includes('progress') && !columns.includes('status')) return false;
  let read = 0;
  for (const row of rows.slice(head + 1)) {
    if (row.every((c) => c.spans.length === 0)) continue;
    const at = (col: Column) => row[columns.indexOf(col)];
    const item = rowItem(m, {
      task: at('task'),
      name: at('name'),
      progress: at('progress'),
      status: at('status'),
      note: at('note'),
      all: row.filter((_, i) => columns[i] !== 'name' && columns[i] !== 'row'),
    });
    if (!item) continue;
    read++;
    if (item.progress !== null && (item.progress < 0 || item.progress > 100)) {
      reading.errors.push(`进度“${item.progress}%”不在0—100%之间`);
      continue;
    }
    reading.items.push(item);
  }
  if (read) reading.layout = 'table';
  return read > 0;
}

/**
 * Rows of the form task-progress-status ("14/60%/正常", "4-50%-正常；5-30%-滞后"): one item per row. Returns false
 * unless every figure of the message is in such a row.
 */
export function readRows(m: ReadMsg, lines: Line[], reading: ReportReading): boolean {
  const items: ReportItem[] = [];
  for (const line of lines) {
    let seg: Span[] = [];
    const segments: Span[][] = [];
    for (const s of line.spans) {
      if (s.kind === 'sep' && (s.text === ';' || s.text === ',' || s.text === '.')) {
        segments.push(seg);
        seg = [];
      } else seg.push(s);
    }
    segments.push(seg);
    for (const g of segments) {
      if (!g.some((s) => s.kind === 'percent')) continue;
      const item = compactRow(g, m);
      if (!item) return false;
      items.push(item);
    }
  }
  if (items.length === 0) return false;
  reading.items.push(...items);
  reading.layout = 'rows';
  return true;
}

// [task] joiner [percent] (joiner [status])?, e.g. 14/60%/正常
function compactRow(g: Span[], m: ReadMsg): ReportItem | undefined {
  const spans = g.filter((s) => !(s.kind === 'word' && /^[^\p{L}\p{N}]+$/u.test(s.text) && s === g[0]));
  // a joiner at the end of a Markdown row ("| 14 | 60% | 正常 |") closes it
  const last = spans.at(-1);
  if (spans.length > 3 && last?.kind === 'word' && m.w.rowJoiners.includes(last.text)) spans.pop();
  const [a, j1, p, j2, st, ...rest] = spans;
  // cells joined by / - | or by tabs (rows pasted without their header)
  const joiner = (s: Span | undefined) =>
    (s?.kind === 'word' && m.w.rowJoiners.includes(s.text)) || (s?.kind === 'sep' && s.text === '\t');
  const task =
    a?.kind === 'task' && a.form !== 'title'
      ? a.tasks
      : a?.kind === 'number' &&
          !a.counter &&
          Number.isInteger(a.value) &&
          a.value >= 1 &&
          a.value <= m.kb.tasks.length
        ? [a.value]
        : undefined;
  // "16/20%/受阻（用地）": a remark in brackets after the last cell is the row's note
  const paren = (s: Span | undefined, t: string) => s?.kind === 'sep' && s.text === t;
  const remark = rest.length >= 3 && paren(rest[0], '(') && paren(rest.at(-1), ')') && st?.kind === 'status';
  if (!task || !joiner(j1) || p?.kind !== 'percent' || (rest.length && !remark)) return undefined;
  if (j2 && (!joiner(j2) || !st)) return undefined;
  if (excludedAt(m, p.at)) return undefined;
  const statuses = st?.kind === 'status' && !st.negated ? [st] : [];
  const inner = remark ? cleanNote(rawOf(m, (rest[0] as Span).end, (rest.at(-1) as Span).at)) : '';
  return {
    tasks: task,
    progress: p.value,
    status: statusOfCell(statuses, p.value, st?.kind === 'partial'),
    note: st && st.kind !== 'status' ? cleanNote(rawOf(m, st.at, st.end)) : inner,
    statusStated: statuses.length > 0,
    taskBy: 'number',
  };
}

function statusOfCell(statuses: SpanOf<'status'>[], progress: number | null, partial: boolean): Status {
  return statusOf(
    {
      reportish: true,
      question: false,
      figures: [],
      statuses,
      partial,
      respectively: false,
      same: false,
      doneWhole: true,
      parts: [],
      obstacle: false,
    },
    progress,
  );
}

// One table row as an item; undefined when the row says nothing.
function rowItem(
  m: ReadMsg,
  c: { task?: Cell; name?: Cell; progress?: Cell; status?: Cell; note?: Cell; all: Cell[] },
): ReportItem | undefined {
  let tasks: number[] | undefined;
  let taskBy: ReportItem['taskBy'] = 'number';
  for (const s of c.task?.spans ?? []) {
    if (s.kind === 'task' && s.form !== 'title') tasks = s.tasks;
    else if (
      s.kind === 'number' &&
      !s.counter &&
      Number.isInteger(s.value) &&
      s.value >= 1 &&
      s.value <= m.kb.tasks.length
    )
      tasks = [s.value];
    if (tasks) break;
  }
  if (!tasks && c.name) {
    const found = m.topics.match(m.norm.slice(c.name.from, c.name.to));
    const named = found.byTitle.length ? found.byTitle : [...found.byWords.keys()];
    if (named.length === 1) {
      tasks = named;
      taskBy = 'label';
    }
  }
  let progress: number | null = null;
  // the progress column, or (without one) the one percentage of the row's other cells
  const figureCells = c.progress ? [c.progress] : c.all;
  const percents = figureCells.flatMap((x) => x.spans.filter((s) => s.kind === 'percent'));
  if (!c.progress && percents.length === 1 && percents[0]?.kind === 'percent') progress = percents[0].value;
  for (const s of c.progress?.spans ?? []) {
    if (s.kind === 'percent') progress = s.value;
    else if (s.kind === 'number' && !s.counter && s.value <= 100) progress = s.value;
    if (progress !== null) break;
  }
  const statusCells = c.status ? [c.status] : c.all;
  const statuses = statusCells.flatMap((x) =>
    x.spans.filter((s): s is SpanOf<'status'> => s.kind === 'status' && !s.negated),
  );
  const partial = statusCells.some((x) => x.spans.some((s) => s.kind === 'partial'));
  if (!tasks && progress === null && statuses.length === 0) return undefined;
  const status = statusOfCell(statuses, progress, partial);
  const note = c.note ? cleanNote(trimPunct(rawOf(m, c.note.from, c.note.to))) : '';
  return {
    ...(tasks ? { tasks, taskBy } : {}),
    progress: status === 'done' && progress === null ? 100 : progress,
    status,
    note,
    statusStated: statuses.length > 0 || partial,
  };
}

// The header word a cell is, longest first (任务名称 before 任务).
function columnOf(cell: Cell, m: ReadMsg): Column | undefined {
  const text = m.norm.slice(cell.from, cell.to).replace(/[\s:]/g, '');
  if (!text || cell.spans.some((s) => s.kind === 'percent')) return undefined;
  const h = m.w.tableHeaders;
  const all: [Column, string][] = (Object.keys(h) as Column[]).flatMap((k) =>
    h[k].map((x) => [k, x] as [Column, string]),
  );
  all.sort((a, b) => b[1].length - a[1].length);
  return all.find(([, x]) => text === x)?.[0];
}

// The cells of a table line: split at tabs, or at | in a Markdown row ("|---|---|" rows give none).
function cellsOf(line: Line, m: ReadMsg): Cell[] | undefined {
  const text = m.norm.slice(line.from, line.to);
  if (line.spans.some((s) => s.kind === 'sep' && s.text === '\t')) {
    const cells: Cell[] = [];
    let cur: Cell = { spans: [], from: line.from, to: line.to };
    for (const s of line.spans) {
      if (s.kind === 'sep' && s.text === '\t') {
        cur.to = s.at;
        cells.push(cur);
        cur = { spans: [], from: s.end, to: line.to };
      } else cur.spans.push(s);
    }
    cells.push(cur);
    return cells;
  }
  if (!text.includes('|')) return undefined;
  if (/^[\s|:-]+$/.test(text)) return [];
  // cell borders at each |, words split there; a row without outer bars (序号|任务|进度) ends at its ends
  const bars: number[] = [];
  for (let i = line.from; i < line.to; i++) if (m.norm[i] === '|') bars.push(i);
  if (!text.trimStart().startsWith('|')) bars.unshift(line.from - 1);
  if (!text.trimEnd().endsWith('|')) bars.push(line.to);
  const cells: Cell[] = [];
  for (let b = 0; b + 1 < bars.length; b++) {
    const from = (bars[b] as number) + 1;
    const to = bars[b + 1] as number;
    const spans: Span[] = [];
    for (const s of line.spans) {
      if (s.end <= from || s.at >= to) continue;
      if (s.at >= from && s.end <= to) spans.push(s);
      else if (s.kind === 'word') {
        const a = Math.max(s.at, from);
        const e = Math.min(s.end, to);
        const t = m.norm.slice(a, e).trim();
        if (t) spans.push({ kind: 'word', at: a, end: e, text: t });
      }
    }
    cells.push({ spans: spans.filter((s) => !(s.kind === 'word' && /^\|+$/.test(s.text))), from, to });
  }
  return cells;
}
