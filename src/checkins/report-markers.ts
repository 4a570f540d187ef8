import { normalizeText } from '../language/normalize.js';
import type { Span } from '../language/spans.js';
import type { Exclusion, Line, ReadMsg } from './report-draft.js';

/** What a message says about the previous report or about itself, beyond its own items (discourse markers). */
export interface Intents {
  /** 先别记, 等一下: hold the previous report (withdraw it) until the liaison has checked it. */
  hold?: string;
  /** 作废: the previous report does not count. */
  cancel?: string;
  /** 以这条为准: this message (or the last report) is the one that counts. */
  final?: string;
  /** 补充: adds to the previous report. */
  supplement?: string;
  /** 哈哈, 😂: humour; figures in it are confirmed, never recorded at once. */
  joke?: string;
  /** 更正, 打错了, 应为: the message corrects an earlier report. */
  correction: boolean;
  /** 打错了，是任务18不是8: the task of the previous report was wrong. */
  retask?: { to: number[]; from: number[] };
}

const CLAUSE_END = new Set([',', '.', ';', '!', '?', '\n']);

/**
 * Marks the stretches of a message that are not this unit's report of this week (m.excluded): a forward, the plan's
 * own text, a format example or the bot's prompt pasted back, another period (去年, 2020年), a plan (下周计划：…,
 * 力争…达到70%). Each kind is a word list in report-words.json (discourse); its scope is the whole message when it
 * stands before the first task, otherwise the rest of its clause or line.
 */
export function findExclusions(m: ReadMsg, lines: Line[]): void {
  const { w, norm } = m;
  const d = w.discourse;
  const out: Exclusion[] = [];
  const whole = (kind: Exclusion['kind'], word: string) => out.push({ kind, from: 0, to: norm.length, word });
  const firstTask = m.spans.find((s) => s.kind === 'task' || s.kind === 'percent')?.at ?? norm.length;
  // 【转发】 / 转发： at the start of the message: someone else's words
  const head = norm.replace(/^[^\p{L}\p{N}]+/u, '');
  const fwd = d.forward.find((x) => head.startsWith(x) || norm.includes(`${x}:`) || norm.includes(`${x}\n`));
  if (fwd) whole('forward', fwd);
  // the plan's own clause pasted in: its units clause, or a long run of a task's text
  const planText = d.planText.find((x) => norm.includes(x)) ?? quotesPlan(m);
  if (planText) whole('planText', planText);
  for (const x of d.example) {
    for (let at = norm.indexOf(x); at >= 0; at = norm.indexOf(x, at + 1))
      out.push({ kind: 'example', from: at, to: lineEnd(lines, at), word: x });
  }
  // 下周计划：… as the label of a line (at its start, or before ：)
  for (const x of d.planLabel) {
    for (let at = norm.indexOf(x); at >= 0; at = norm.indexOf(x, at + 1)) {
      const start = lines.find((l) => at >= l.from && at < l.to)?.from ?? 0;
      const lead = norm.slice(start, at);
      if (/^[\s\d一二三四五六七八九十()（）,.、:]*$/.test(lead) || norm[at + x.length] === ':')
        out.push({ kind: 'plan', from: at, to: lineEnd(lines, at), word: x });
    }
  }
  // another period: a word (去年, 上月) or a past year; in the first line before the first task it covers the message
  // up to a word of this period (今年, 本周), elsewhere the rest of its clause
  const periods: { at: number; end: number; word: string }[] = [];
  for (const x of d.otherPeriod) {
    for (let at = norm.indexOf(x); at >= 0; at = norm.indexOf(x, at + 1))
      periods.push({ at, end: at + x.length, word: x });
  }
  for (const s of m.spans) {
    if (s.kind === 'number' && s.counter === '年' && Number.isInteger(s.value) && s.value >= 2000 && m.year) {
      if (s.value < m.year) periods.push({ at: s.at, end: s.end, word: s.text });
      // 到2022年…达到60%: a target of a later year
      else if (s.value > m.year)
        out.push({ kind: 'plan', from: s.at, to: clauseEnd(m.spans, s.at), word: s.text });
    }
  }
  const firstLineEnd = lines[0]?.to ?? norm.length;
  for (const p of periods) {
    // the frame of the message (its first line, before any task or figure): up to a word of this period
    if (p.at < firstTask && p.at < firstLineEnd) {
      const now = d.currentPeriod
        .map((x) => norm.indexOf(x, p.end))
        .filter((i) => i >= 0)
        .sort((a, b) => a - b)[0];
      out.push({ kind: 'otherPeriod', from: p.at, to: now ?? norm.length, word: p.word });
    } else out.push({ kind: 'otherPeriod', from: p.at, to: clauseEnd(m.spans, p.at), word: p.word });
  }
  // a plan inside a clause (下周争取到50%, 力争进度达到70%): the rest of the clause is a target, not a state; not
  // after 完成 (完成全年计划的25%), nor inside a status (按计划推进) or a task's title
  for (const s of m.spans) {
    if (s.kind !== 'word') continue;
    // a plan word starts its word (下周争取到50%, 力争进度达到70%, 预计年底前全部完成)
    const x = d.plan.find((p) => s.text.startsWith(p));
    if (!x) continue;
    const at = s.at;
    const start = clauseStart(m.spans, at);
    // the words since the clause's last figure: 完成 right before the plan word governs it (完成全年计划的25%)
    const lastFigure = lastBefore(m.spans, at, (x) => x.kind === 'percent' && x.at >= start);
    const before = norm.slice(lastFigure ? lastFigure.end : start, at);
    if (w.progressCues.some((c) => before.includes(c)) && !before.includes('下周')) continue;
    out.push({ kind: 'plan', from: at, to: clauseEnd(m.spans, at), word: x });
  }
  // "进度50%（上月数据）", "60%（预计）": a marker in brackets of its own, with no figure inside, speaks of the figure
  // right before the brackets
  for (const e of [...out]) {
    if (e.kind !== 'otherPeriod' && e.kind !== 'plan') continue;
    const open = lastBefore(m.spans, e.from, (x) => x.kind === 'sep' && x.text === '(');
    if (!open || m.spans.some((x) => x.kind === 'sep' && x.text === ')' && x.at > open.at && x.at < e.from))
      continue;
    const close = m.spans.find((x) => x.at > e.from && x.kind === 'sep' && x.text === ')');
    const inside = m.spans.filter((x) => x.at > open.at && x.at < (close?.at ?? norm.length));
    const before = lastBefore(m.spans, open.at, () => true);
    if (close && before?.kind === 'percent' && !inside.some((x) => x.kind === 'percent'))
      out.push({ kind: e.kind, from: before.at, to: close.end, word: e.word });
  }
  m.excluded = out;
}

// The last span before `at` that passes the test.
function lastBefore(spans: Span[], at: number, test: (s: Span) => boolean): Span | undefined {
  let found: Span | undefined;
  for (const s of spans) {
    if (s.at >= at) break;
    if (test(s)) found = s;
  }
  return found;
}

/** The intents a message carries about the previous report (先别记, 作废, 以这条为准, 补充, 打错了…). */
export function findIntents(m: ReadMsg): Intents {
  const { norm, w } = m;
  const d = w.discourse;
  const has = (list: string[]) => list.find((x) => norm.includes(x));
  // 更正, 应为, 打错了 …, or "不是X，是Y"
  const correction =
    w.correction.some((c) => norm.includes(c)) ||
    /不是[^.;!?]{1,12}?,?(?:而)?是/.test(norm) ||
    /(?:^|[^不])是[^.;!?]{1,12}?,?不是/.test(norm);
  const intents: Intents = { correction };
  const hold = has(d.hold);
  if (hold) intents.hold = hold;
  const cancel = has(d.cancel);
  if (cancel) intents.cancel = cancel;
  const final = has(d.final);
  if (final) intents.final = final;
  const supplement = has(d.supplement);
  if (supplement && norm.replace(/^[^\p{L}]+/u, '').startsWith(supplement)) intents.supplement = supplement;
  const joke = has(d.joke);
  if (joke) intents.joke = joke;
  // "是任务18不是8", "不是任务8，是任务18": the task named after 不是 was the wrong one
  const to: number[] = [];
  const from: number[] = [];
  m.spans.forEach((s, k) => {
    const prev = m.spans[k - 1];
    const negated = prev?.kind === 'op' && prev.op === 'not' && prev.end === s.at;
    if (s.kind === 'task') (negated ? from : to).push(...s.tasks);
    else if (negated && s.kind === 'number' && !s.counter && Number.isInteger(s.value)) from.push(s.value);
  });
  if (to.length && from.length) intents.retask = { to, from };
  else if (to.length && intents.correction) intents.retask = { to, from: [] };
  return intents;
}

// The normalised text of each task, per plan.
const taskBodies = new WeakMap<ReadMsg['kb'], string[]>();

// The plan's own task text pasted in: a short message that is mostly a task's text (runs of 20 characters). A long
// report that quotes a sentence of the plan is still a report.
function quotesPlan(m: ReadMsg): string | undefined {
  const text = m.norm.replace(/\s/g, '');
  if (text.length < 20 || text.length > 400) return undefined;
  let bodies = taskBodies.get(m.kb);
  if (!bodies) {
    bodies = m.kb.tasks.map((t) => normalizeText(t.text).replace(/\s/g, ''));
    taskBodies.set(m.kb, bodies);
  }
  for (const body of bodies) {
    let covered = 0;
    let first = '';
    for (let i = 0; i + 20 <= text.length; i += 10) {
      const piece = text.slice(i, i + 20);
      if (body.includes(piece)) {
        covered += 10;
        first ||= piece;
      }
    }
    if (covered * 2 >= text.length) return first;
  }
  return undefined;
}

function lineEnd(lines: Line[], at: number): number {
  return lines.find((l) => at >= l.from && at < l.to)?.to ?? at;
}

/** Where the clause holding `at` ends (the next , . ; ! ? or line break). */
export function clauseEnd(spans: Span[], at: number): number {
  const s = spans.find((x) => x.at >= at && x.kind === 'sep' && CLAUSE_END.has(x.text));
  return s ? s.at : Number.MAX_SAFE_INTEGER;
}

/** Where the clause holding `at` starts. */
export function clauseStart(spans: Span[], at: number): number {
  let start = 0;
  for (const x of spans) {
    if (x.at >= at) break;
    if (x.kind === 'sep' && CLAUSE_END.has(x.text)) start = x.end;
  }
  return start;
}
