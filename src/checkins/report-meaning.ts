import { parseNumeral } from '../language/numerals.js';
import type { Span, SpanOf } from '../language/spans.js';
import type { Status } from '../store/db-schema.js';
import {
  type Draft,
  type ExclusionKind,
  excludedAt,
  type Piece,
  type ReadMsg,
  rawOf,
  trimPunct,
} from './report-draft.js';
import type { ReportItem, ReportReading, UnclearPart } from './report-reading.js';
import type { ReportWords } from './report-words.js';

/** What a figure measures: the task's progress (after 进度/完成…), another measure (就业率, 拨付, 占比), or unsaid. */
export type FigureRole = 'progress' | 'other' | 'plain';

/** A percentage found in an item. */
export interface Figure {
  value: number;
  /** Marked wrong or replaced (由40%提高到55%, 上周误报为65%, 三十 不对 三十五). */
  old: boolean;
  /** An alternative (五十或者六十). */
  alt: boolean;
  role: FigureRole;
  /** A change, target, plan or remainder (较上周+5%, 目标80%, 剩余60%): not the level reached. */
  delta?: boolean;
  /** A total (累计完成60%, 总体进度60%). */
  total?: boolean;
  /** Written right after the task, with nothing but 进度 between ("任务2 30%"). */
  beside?: boolean;
  span: Span;
}

/** What one item says, before it becomes a record or an ask-back. */
export interface ItemMeaning {
  reportish: boolean;
  question: boolean;
  figures: Figure[];
  statuses: SpanOf<'status'>[];
  partial: boolean;
  respectively: boolean;
  same: boolean;
  /** 已完成 speaks of the whole task ("任务19已完成", "均已完成"), not of a step ("已完成2场培训"). */
  doneWhole: boolean;
  /** Several labelled sub-items with their own figures (—招聘办法：进度60%, —编制核定：已完成). */
  parts: string[];
  /** Figures or statuses that were there but do not count (a plan, another period …), by why. */
  dropped?: ExclusionKind;
  /** An obstacle is named (用地手续未批): 受阻 when no status word is written. */
  obstacle: boolean;
}

const STATUS_RANK: Status[] = ['blocked', 'delayed', 'none'];

function endsWithAny(text: string, list: string[]): boolean {
  return list.some((x) => text.endsWith(x));
}

function startsWithAny(text: string, list: string[]): string | undefined {
  return list.find((x) => text.startsWith(x));
}

/** A spoken filler or self-correction run between two figures ("不对", "嗯对", "那个", "还是"), or undefined. */
function consumeGap(
  gap: string,
  w: ReportWords,
): { correct: boolean; confirm: boolean; alt: boolean } | undefined {
  const words = [...w.fillers, ...w.selfCorrection, ...w.confirmWords, ...w.alternatives].sort(
    (a, b) => b.length - a.length,
  );
  let rest = gap.replace(/[\s]/g, '');
  const out = { correct: false, confirm: false, alt: false };
  while (rest) {
    const x = words.find((y) => rest.startsWith(y));
    if (!x) return undefined;
    if (w.selfCorrection.includes(x)) out.correct = true;
    else if (w.confirmWords.includes(x)) out.confirm = true;
    else if (w.alternatives.includes(x)) out.alt = true;
    rest = rest.slice(x.length);
  }
  return out;
}

/** Text without the spoken fillers at its end ("进度那个 " → "进度"). */
function withoutFillers(text: string, w: ReportWords): string {
  let rest = text.replace(/\s+$/, '');
  for (;;) {
    const x = w.fillers.find((f) => rest.endsWith(f) && rest.length > f.length);
    if (!x) return rest;
    rest = rest.slice(0, -x.length).replace(/\s+$/, '');
  }
}

/**
 * A numeral in a spoken word with fillers around it ("是五十", "就二十", "还是二十", "七十五吧"): its value and where
 * it starts.
 */
function spokenNumber(s: Span, w: ReportWords): { value: number; at: number } | undefined {
  if (s.kind !== 'word') return undefined;
  const text = withoutFillers(s.text, w);
  const m = /[零〇一二两三四五六七八九十百\d]+%?$/.exec(text);
  if (!m || (m.index === 0 && text === s.text)) return undefined;
  if (!consumeGap(text.slice(0, m.index), w)) return undefined;
  const value = parseNumeral(m[0].replace(/%$/, ''));
  return value === undefined || value > 100 ? undefined : { value, at: s.at + m.index };
}

/** What a figure measures, from the words before it in its clause (the nearest cue wins). */
function roleOf(m: ReadMsg, from: number, at: number): FigureRole {
  const text = m.norm.slice(from, at);
  const w = m.w;
  const strong = lastIndex(text, w.progressCues);
  const masked = strong
    ? text.slice(0, strong.at) + ' '.repeat(strong.len) + text.slice(strong.at + strong.len)
    : text;
  const other = lastIndex(masked, [...w.metric, ...w.money]);
  if (strong && (!other || other.at < strong.at)) return 'progress';
  if (other) return 'other';
  return lastIndex(text, w.weakProgressCues) ? 'progress' : 'plain';
}

// The last place one of the words occurs (the longest word at a place), or undefined.
function lastIndex(text: string, words: string[]): { at: number; len: number } | undefined {
  let best: { at: number; len: number } | undefined;
  for (const x of words) {
    const at = text.lastIndexOf(x);
    if (at < 0) continue;
    if (!best || at > best.at || (at === best.at && x.length > best.len)) best = { at, len: x.length };
  }
  return best;
}

/** Reads the figures, statuses and question words of one item. */
export function meaningOf(d: Draft, m: ReadMsg): ItemMeaning {
  const w = m.w;
  const figures: Figure[] = [];
  const statuses: SpanOf<'status'>[] = [];
  const parts: string[] = [];
  let partial = false;
  let activity = false;
  let question = false;
  let respectively = false;
  let same = false;
  let doneWhole = false;
  let future = false;
  let any = false;
  let obstacle = false;
  let dropped: ExclusionKind | undefined;
  d.pieces.forEach((p, pi) => {
    const ss = usableSpans(p, m, (why) => {
      dropped ??= why;
    });
    if (ss.length === 0) return;
    // "—招聘办法：进度60%": a labelled sub-item of the task (its own figure, not the task's)
    const label = subItemLabel(p, pi, m);
    if (label && ss.some((s) => s.kind === 'percent' || s.kind === 'status')) parts.push(label);
    let clause: Span[] = [];
    let clauseFrom = p.from;
    // the words of the clause before ("忘了说进度，60%": 进度 ends it and ties the figure opening the next)
    let lastClause = '';
    // the words that tell what a figure measures start after the figure before it ("进度40%（目标80%）")
    let cueFrom = p.from;
    // spoken runs of figures in this piece: 百分之三十 不对 三十五 / 六成 那个 六成五 嗯对 六成五
    let run: { figures: Figure[]; correct: boolean; confirm: boolean; end: number } | undefined;
    const closeRun = () => {
      if (run && run.figures.length > 1) {
        const values = run.figures.map((f) => f.value);
        const repeated = values.at(-1) === values.at(-2);
        if (run.correct || run.confirm || repeated) {
          for (const f of run.figures.slice(0, -1)) f.old = true;
          for (const f of run.figures) f.alt = false;
        }
      }
      run = undefined;
    };
    ss.forEach((s, k) => {
      const prev = ss[k - 1];
      const next = ss[k + 1];
      if (s.kind === 'sep' && s.text !== '(' && s.text !== ')') {
        lastClause = m.norm.slice(clauseFrom, s.at);
        clause = [];
        clauseFrom = s.end;
        cueFrom = s.end;
        closeRun();
        return;
      }
      const before = clause;
      clause = [...clause, s];
      any = true;
      // a figure that continues a spoken run, or a bare number right after 进度
      const spoken = spokenNumber(s, w);
      const bare = s.kind === 'number' && !s.counter && s.value <= 100 ? s.value : undefined;
      const gap = run ? consumeGap(m.norm.slice(run.end, spoken?.at ?? s.at), w) : undefined;
      if (s.kind === 'percent' || (run && gap && (bare !== undefined || spoken))) {
        const value = s.kind === 'percent' ? s.value : (bare ?? spoken?.value ?? 0);
        const inRun = run !== undefined && gap !== undefined;
        if (run && !inRun) closeRun();
        const pw = prev?.kind === 'word' ? prev.text : '';
        // "上周报的60%" is the figure before this one, unless it still holds ("还是上周报的60%")
        const lead = m.norm.slice(cueFrom, s.at).replace(/\s/g, '');
        const old =
          (endsWithAny(lead, w.oldFigureBefore) && !w.unchanged.some((x) => lead.includes(x))) ||
          (next?.kind === 'word' && startsWithAny(next.text, w.oldFigureAfter) !== undefined);
        const alt =
          figures.length > 0 &&
          ((prev?.kind === 'op' && prev.op === 'or') ||
            (prev?.kind === 'word' && endsWithAny(prev.text, w.alternatives)) ||
            (inRun && gap?.alt === true));
        // a list of figures ("30%、40%、50%", "30%和15%") shares the word before the first
        const lastFig = figures.at(-1);
        const sinceLast = lastFig ? before.filter((x) => x.at >= lastFig.span.end) : before;
        const listed =
          lastFig !== undefined &&
          s.kind === 'percent' &&
          (before.every((x) => x.kind === 'op' && x.op === 'and') ||
            (lastFig.span.end > clauseFrom && sinceLast.every((x) => x.kind === 'op' && x.op === 'and')));
        const cued = inRun
          ? (run?.figures[0]?.role ?? 'plain')
          : listed
            ? (figures.at(-1)?.role ?? 'plain')
            : roleOf(m, cueFrom, s.at);
        const role =
          cued === 'plain' &&
          before.length === 0 &&
          endsWithAny(withoutFillers(lastClause, w), w.bareFigureAfter)
            ? 'progress'
            : cued;
        const delta =
          (!/[到至为]$/.test(pw) &&
            before.some((x) => x.kind === 'word' && w.delta.some((dw) => x.text.includes(dw)))) ||
          notReached(m, cueFrom, s.at);
        // "一半多一点", "六成多": not an exact figure
        const vague = next?.kind === 'word' && startsWithAny(next.text, w.inexactAfter) !== undefined;
        const total = w.total.some((t) => pw.includes(t));
        // nothing but 进度 or the task's own name between the task and the figure ("任务19 职教高考 百分之五十")
        const between = ss
          .slice(0, k)
          .filter((x) => x.kind !== 'sep' && !(x.kind === 'word' && w.fillers.includes(x.text)));
        const beside =
          pi === 0 &&
          (between.every((x) => x.kind === 'word' && w.progressWords.includes(x.text)) ||
            namesTask(m, d, between));
        // "50%到60%之间": a range is two readings, not one figure
        const prevFig = figures.at(-1);
        const range =
          prevFig !== undefined &&
          prevFig.span.end === cueFrom &&
          w.rangeWords.includes(m.norm.slice(cueFrom, s.at).replace(/\s/g, ''));
        if (range && prevFig) prevFig.alt = true;
        const f: Figure = {
          value,
          old,
          alt: alt || range,
          role: vague ? 'other' : role,
          delta,
          total,
          beside,
          span: s,
        };
        figures.push(f);
        cueFrom = s.end;
        if (inRun && run) {
          run.figures.push(f);
          run.correct ||= gap?.correct === true;
          run.confirm ||= gap?.confirm === true;
          run.end = s.end;
        } else run = { figures: [f], correct: false, confirm: false, end: s.end };
        return;
      }
      if (s.kind === 'number' && !s.counter && s.value <= 100) {
        // "进度60", "进度为0", "进度那个 三十五": a bare figure right after 进度 (fillers aside); in a correction
        // also after 是/应为 ("写错了，是45")
        const lead = withoutFillers(m.norm.slice(cueFrom, s.at), w);
        const words = m.correction ? [...w.bareFigureAfter, ...w.correctedFigureAfter] : w.bareFigureAfter;
        if (endsWithAny(lead, words)) {
          const f: Figure = {
            value: s.value,
            old: false,
            alt: false,
            role: 'progress',
            beside: pi === 0,
            span: s,
          };
          figures.push(f);
          run = { figures: [f], correct: false, confirm: false, end: s.end };
          cueFrom = s.end;
        } else if (k === 0 && pi === 0 && lead === '') {
          // "三号任务八十五": a bare number said right after the task is likely its progress, but is asked about
          const f: Figure = { value: s.value, old: false, alt: false, role: 'plain', beside: false, span: s };
          figures.push(f);
          run = { figures: [f], correct: false, confirm: false, end: s.end };
          cueFrom = s.end;
        }
      } else if (s.kind === 'word') {
        // "进度九十": a numeral written into the word after 进度 (voice input)
        const said = startsWithAny(s.text, w.spokenFigure);
        const n = said ? parseNumeral(s.text.slice(said.length)) : undefined;
        if (said && n !== undefined && n <= 100 && /[零〇一二三四五六七八九十]$/.test(s.text)) {
          const f: Figure = { value: n, old: false, alt: false, role: 'progress', beside: pi === 0, span: s };
          figures.push(f);
          run = { figures: [f], correct: false, confirm: false, end: s.end };
          cueFrom = s.end;
        }
        if (w.activity.some((a) => s.text.includes(a)) && !w.notActivity.some((a) => s.text.includes(a)))
          activity = true;
        if (w.partialAfterDone.some((a) => s.text.startsWith(a)))
          partial = partial || statuses.some((x) => x.status === 'done');
        if (w.respectively.some((a) => s.text.includes(a))) respectively = true;
        if (w.sameAsAbove.some((a) => s.text.includes(a))) same = true;
      } else if (s.kind === 'status') {
        const negated = s.negated || negatedBefore(m, clauseFrom, s.at);
        const st = negated === s.negated ? s : { ...s, negated };
        statuses.push(st);
        // nothing after it in its clause, or the whole work as its object ("已完成全部任务"); nothing but time words
        // before it ("本周已完成", "均已完成", not "第一阶段已完成", "培训已完成"); not a plan ("预计年底前全部完成")
        if (st.status === 'done' && !st.negated) {
          const objectAfter = !(
            !next ||
            next.kind === 'sep' ||
            (next.kind === 'word' && /^(?:了|啦|啊)$/.test(next.text)) ||
            ((next.kind === 'word' || next.kind === 'op') &&
              startsWithAny(next.text, w.wholeTask) !== undefined)
          );
          // the task's own name before it is no other subject ("任务8 精品课程 已完成")
          const own = namesTask(
            m,
            d,
            before.filter((x) => x.kind === 'word'),
          );
          const subjectBefore = before.some(
            (x) =>
              !(own && x.kind === 'word') &&
              !(x.kind === 'op' && (x.op === 'all' || x.op === 'common')) &&
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
    closeRun();
    const said = ss
      .filter((s) => s.kind !== 'sep')
      .map((s) => s.text)
      .join('');
    if (w.obstacles.some((x) => said.includes(x))) obstacle = true;
    // "完成了吗", "是否完成", "比例是2%吗", "2%是哪项任务里的": a question word touching a figure or status asks about it
    ss.forEach((s, k) => {
      if (!(s.kind === 'q' || (s.kind === 'op' && s.op === 'count'))) return;
      const touching = (x: Span | undefined) =>
        x !== undefined && (x.kind === 'status' || x.kind === 'percent' || x.kind === 'partial');
      const before =
        ss[k - 1]?.kind === 'word' && /^(?:了|没|没有|是)$/.test(ss[k - 1]?.text ?? '')
          ? ss[k - 2]
          : ss[k - 1];
      if (touching(before) || touching(ss[k + 1])) question = true;
    });
  });
  if (future) {
    // "预计年底前全部完成" is a plan, not a state
    for (let i = statuses.length - 1; i >= 0; i--) if (statuses[i]?.status === 'done') statuses.splice(i, 1);
  }
  const counted = figures.filter((f) => f.role !== 'other');
  // a task named with only a figure of another measure ("完成投资的60%") is still a report of it, without a figure
  const reportish =
    counted.length > 0 ||
    statuses.length > 0 ||
    partial ||
    (d.tasks !== undefined && ((activity && any) || figures.length > 0));
  return {
    reportish,
    question,
    figures,
    statuses,
    partial,
    respectively,
    same,
    doneWhole,
    parts: parts.length >= 2 ? parts : [],
    ...(dropped ? { dropped } : {}),
    obstacle,
  };
}

// The spans of a piece that count: not in an excluded stretch, and in an official report only those of a progress
// section, or of a sentence about the work as a whole in a problems section (目前仅完成全年计划的25%，进度滞后).
function usableSpans(p: Piece, m: ReadMsg, drop: (why: ExclusionKind) => void): Span[] {
  const content = (s: Span) => s.kind === 'percent' || s.kind === 'status' || s.kind === 'partial';
  if (p.section === 'plans') {
    if (p.spans.some(content)) drop('plan');
    return [];
  }
  let spans = p.spans.filter((s) => {
    const ex = excludedAt(m, s.at);
    if (ex && content(s)) drop(ex.kind);
    return !ex;
  });
  if (p.section === 'problems') {
    // keep only the sentences (up to 。) that speak of the work as a whole
    const out: Span[] = [];
    let sentence: Span[] = [];
    const flush = () => {
      const text = sentence.map((s) => s.text).join('');
      if (m.w.wholeWork.some((x) => text.includes(x)) && !m.w.partOf.some((x) => text.includes(x)))
        out.push(...sentence);
      sentence = [];
    };
    for (const s of spans) {
      sentence.push(s);
      if (s.kind === 'sep' && (s.text === '.' || s.text === ';')) flush();
    }
    flush();
    spans = out;
  }
  return spans;
}

// "—招聘办法：进度60%": a line of the item (not its first) that starts with a dash or bullet and a label before ：
function subItemLabel(p: Piece, pi: number, m: ReadMsg): string | undefined {
  if (pi === 0) return undefined;
  const [a, b, c] = p.spans;
  if (a?.kind !== 'word') return undefined;
  const bullet = /^[-—–•·*>]+/.exec(a.text);
  if (!bullet) return undefined;
  const label = a.text.slice(bullet[0].length) || (b?.kind === 'word' ? b.text : '');
  const colon = a.text.length > bullet[0].length ? b : c;
  if (!label || colon?.kind !== 'sep' || colon.text !== ':') return undefined;
  return m.w.tableHeaders.progress.includes(label) ? undefined : label;
}

// Words that only name the item's own task (its title or words only it uses).
function namesTask(m: ReadMsg, d: Draft, spans: Span[]): boolean {
  if (!d.tasks || spans.length === 0 || spans.some((x) => x.kind !== 'word')) return false;
  const text = spans.map((x) => x.text).join('');
  const found = m.topics.match(text);
  return [...found.byTitle, ...found.byWords.keys()].some((t) => d.tasks?.includes(t));
}

// A negator written right before a status in its clause (也不存在滞后, 还不能算已完成, 没有受阻).
function negatedBefore(m: ReadMsg, from: number, at: number): boolean {
  const text = m.norm.slice(Math.max(from, at - 6), at).replace(/\s/g, '');
  return endsWithAny(text, m.w.negators);
}

// A target, plan or remainder before the figure (目标80%, 剩余60%), unless it is what was completed
// (完成年度目标的80%, 完成全年计划的25%).
function notReached(m: ReadMsg, from: number, at: number): boolean {
  const text = m.norm.slice(from, at);
  const hit = lastIndex(text, m.w.notReached);
  if (!hit) return false;
  if (lastIndex(text.slice(0, hit.at), m.w.progressCues)) return false;
  // "目标是三十个 进度就按一半算吧": a progress word after the target, not right after it, takes the figure
  const after = text.slice(hit.at + hit.len);
  const cue = lastIndex(after, m.w.progressCues);
  return !(cue && cue.at > 1);
}

/** Turns one understood item into report items (one per task group) or an unclear part. */
export function itemsOf(
  d: Draft,
  mean: ItemMeaning,
  note: string,
  reading: ReportReading,
  text: string,
): ReportItem[] {
  const tasks = d.tasks;
  const stated = mean.statuses.some((s) => !s.negated) || mean.partial || mean.obstacle;
  const doubts = [...(d.doubts ?? [])];
  const make = (t: number[] | undefined, progress: number | null, more: string[] = []): ReportItem => {
    const st = statusOf(mean, progress);
    const all = [...doubts, ...more];
    return {
      ...(t ? { tasks: t } : {}),
      progress: st === 'done' && progress === null ? 100 : progress,
      status: st,
      note,
      source: text,
      statusStated: stated,
      ...(d.taskBy ? { taskBy: d.taskBy } : {}),
      ...(d.topics?.length ? { topics: d.topics } : {}),
      ...(all.length ? { doubts: all } : {}),
    };
  };
  for (const f of mean.figures) {
    if (f.role !== 'other' && !f.old && (f.value < 0 || f.value > 100)) {
      reading.errors.push(`进度“${f.span.text}”不在0—100%之间`);
      return [];
    }
  }
  const unclear = (reason: string, readings: ReportItem[]): ReportItem[] => {
    const part: UnclearPart = { text, ...(tasks ? { tasks } : {}), reason, readings };
    reading.unclear.push(part);
    return [];
  };
  if (mean.parts.length) {
    return unclear(`写的是${mean.parts.join('、')}等分项各自的情况，没有写任务整体的进度`, []);
  }
  const counted = mean.figures.filter((f) => f.role !== 'other');
  const alts = counted.filter((f) => f.alt);
  const cands = counted.filter((f) => !f.old && !f.alt);
  if (alts.length) {
    const values = [...new Set([...cands, ...alts].map((f) => f.value))];
    return unclear(
      `进度写了${values.length}个数（${values.map((v) => `${v}%`).join('、')}）`,
      values.map((v) => make(tasks, v)),
    );
  }
  if (tasks && tasks.length > 1 && cands.length > 1) {
    const paired = tasks.map((t, i) => make([t], cands[i]?.value ?? null));
    if (cands.length === tasks.length && mean.respectively) {
      reading.items.push(...paired);
      return paired;
    }
    return unclear(
      mean.respectively || cands.length !== tasks.length
        ? `${tasks.length}项任务写了${cands.length}个进度，对不上`
        : `${tasks.length}项任务写了${cands.length}个进度，没有写“分别”`,
      [],
    );
  }
  // "进度20%（较上周+5%）", "累计完成60%，本周完成10%": the level, not the change; the total, not a part
  let pool = cands;
  const levels = pool.filter((f) => !f.delta);
  if (levels.length < pool.length) pool = levels;
  const totals = pool.filter((f) => f.total);
  if (pool.length > 1 && totals.length === 1) pool = totals;
  // the figures tied to progress win over figures said without a word (a count, a share written alone)
  const tied = pool.filter((f) => f.role === 'progress');
  if (tied.length) pool = tied;
  const distinct = [...new Set(pool.map((f) => f.value))];
  if (distinct.length > 1) {
    return unclear(
      `进度写了${distinct.length}个数（${distinct.map((v) => `${v}%`).join('、')}）`,
      distinct.map((v) => make(tasks, v)),
    );
  }
  if (pool.length === 0 && counted.some((f) => f.old)) {
    return unclear('只写了有误的进度，没有写正确的进度', []);
  }
  const chosen = pool[0];
  const more: string[] = [];
  if (chosen && chosen.role === 'plain' && !chosen.beside)
    more.push(`“${chosen.span.text}”前面没有写“进度”或“完成”，不确定是不是任务的进度`);
  const item = make(tasks, chosen?.value ?? null, more);
  reading.items.push(item);
  return [item];
}

/** The status an item's words give: the worst one named, negated ones ignored; 已完成 only for the whole task. */
export function statusOf(mean: ItemMeaning, progress: number | null): Status {
  const named = mean.statuses.filter((s) => !s.negated);
  for (const s of STATUS_RANK) if (named.some((x) => x.status === s)) return s;
  if (mean.obstacle && !named.length) return 'blocked';
  const done = named.some((x) => x.status === 'done');
  if (mean.partial) return 'normal';
  if (progress !== null && progress < 100) return 'normal';
  if (done && mean.doneWhole) return 'done';
  if (progress === 100 && !done) return 'done';
  return 'normal';
}

/** The item's own words, task reference excluded. */
export function textOf(d: Draft, msg: ReadMsg): string {
  return d.pieces
    .map((p) => rawOf(msg, p.from, p.to))
    .map(trimPunct)
    .filter(Boolean)
    .join('；');
}

/** The note: the liaison's words, figures included, without a leading figure or status already in the record. */
export function noteOf(d: Draft, mean: ItemMeaning, msg: ReadMsg): string {
  const w = msg.w;
  const plain = mean.figures.length === 1 && !mean.figures[0]?.old;
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
        const recorded = s.kind === 'status' && (s.status !== 'done' || (mean.doneWhole && !mean.partial));
        if (
          s.kind === 'status' &&
          recorded &&
          !s.negated &&
          w.plainStatus.includes(s.text) &&
          mean.statuses.length === 1
        ) {
          from = s.end;
          continue;
        }
        break;
      }
    }
    return trimPunct(rawOf(msg, from, p.to));
  });
  const note = cleanNote(pieces.filter(Boolean).join('；'));
  return d.title ? cleanNote(`${d.title}${note ? `：${note}` : ''}`) : note;
}

/** Control and format characters never reach a note. */
export function cleanNote(s: string): string {
  return s
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
