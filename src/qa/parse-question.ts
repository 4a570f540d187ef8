import type { Knowledge } from '../knowledge/schema.js';
import { MAX_QUESTION_CHARS } from '../language/normalize.js';
import type { Tokens } from '../language/spans.js';
import { buildQuery } from './build-query.js';
import { type Conversation, nextConversation } from './conversation.js';
import { coverQuery } from './coverage.js';
import { execute, type Result } from './execute.js';
import { resolveFrame } from './follow-up.js';
import type { Frame } from './frame.js';
import { indexPlan } from './plan-index.js';
import type { Query } from './query.js';
import { readFrame } from './read-frame.js';
import { readTerms, type Term } from './read-terms.js';

/** A question read in full: its query, the frame of each part, their results, and the conversation after it. */
export interface Reading {
  query: Query;
  frames: Frame[];
  results: Result[];
  conversation: Conversation;
  /** Asked in English: unit names get their English names in the answer. */
  english: boolean;
}

/** Terms that ask something (a question word, a count, yes/no, a comparison or a ranking). */
const asks = (t: Term) =>
  t.kind === 'q' ||
  ((t.kind === 'op' || t.kind === 'qop') &&
    ['count', 'compare', 'most', 'least', 'same', 'more', 'less'].includes(t.op)) ||
  (t.kind === 'field' && (t.field === 'quote' || t.field === 'place')) ||
  t.kind === 'fact' ||
  (t.kind === 'ref' && t.ref === 'then');

/**
 * Splits a message into its questions: at a question mark, or at a comma or a gap when what comes before asks
 * something of its own; a part that asks nothing (县工科局参与的任务，牵头单位分别是谁) belongs to the next.
 */
function splitQuestions(terms: Term[]): Term[][] {
  const parts: Term[][] = [];
  let cur: Term[] = [];
  terms.forEach((t, k) => {
    // 还有就是: the question before ends here
    if (t.kind === 'break') {
      if (cur.length) parts.push(cur);
      cur = [];
      return;
    }
    if (t.kind !== 'sep') {
      cur.push(t);
      return;
    }
    // 县教育局、县发改局、县财政局: a comma between two names lists them
    const before = terms[k - 1];
    const after = terms[k + 1];
    const named = (x: Term | undefined) => x?.kind === 'unit' || x?.kind === 'task' || x?.kind === 'group';
    if (t.text === ',' && named(before) && named(after) && before?.kind === after?.kind) {
      cur.push(t);
      return;
    }
    // brackets hold a gloss (工科局) or a title, never a second question
    if (t.text === '(' || t.text === ')') {
      if (cur.length) cur.push(t);
      return;
    }
    const strong = t.text === '?' || t.text === '!' || t.text === '.';
    if (
      cur.length &&
      cur.some(asks) &&
      (strong || cur.some((x) => x.kind === 'q' || (x.kind === 'op' && x.op === 'count')))
    ) {
      parts.push(cur);
      cur = [];
    } else if (cur.length) cur.push(t);
  });
  if (cur.length) parts.push(cur);
  // a part that asks nothing (县财政局参与、县人社局没参与的; 谢谢) continues the question before it
  const out: Term[][] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && !p.some(asks) && !p.some((x) => x.kind === 'follow'))
      last.push({ kind: 'sep', at: p[0]?.at ?? 0, end: p[0]?.at ?? 0, text: ',' }, ...p);
    else out.push(p);
  }
  return out;
}

/**
 * 任务十五 不对 十四 谁牵头: a correction between two names of the same kind takes back the first; the correction
 * word and the name it takes back are dropped, so only the corrected question is answered.
 */
function selfCorrected(terms: Term[]): Term[] {
  const kindOf = (t: Term | undefined) =>
    t?.kind === 'task' || t?.kind === 'number'
      ? 'task'
      : t?.kind === 'unit' || t?.kind === 'group'
        ? t.kind
        : undefined;
  const drop = new Set<number>();
  terms.forEach((t, k) => {
    if (t.kind !== 'follow' || t.how !== 'correct') return;
    let b = k - 1;
    while (b >= 0 && (terms[b]?.kind === 'sep' || terms[b]?.kind === 'particle')) b--;
    let a = k + 1;
    while (a < terms.length && (terms[a]?.kind === 'sep' || terms[a]?.kind === 'particle')) a++;
    const before = terms[b];
    const was = before?.kind === 'number' ? undefined : kindOf(before);
    if (was && was === kindOf(terms[a])) {
      drop.add(b);
      drop.add(k);
    }
  });
  // 不是第一组 是第五组: 不是 X 是 Y with X and Y of one kind says Y instead of X
  terms.forEach((t, k) => {
    if (t.kind !== 'op' || t.op !== 'not' || t.text !== '不是') return;
    const at = [k + 1];
    for (let j = k + 1; j < terms.length && at.length < 4; j++) if (terms[j]?.kind !== 'sep') at.push(j);
    const [, xi = -1, isi = -1, yi = -1] = at;
    const x = terms[xi];
    const is = terms[isi];
    const was = x?.kind === 'number' ? undefined : kindOf(x);
    if (was && is?.kind === 'particle' && is.text === '是' && was === kindOf(terms[yi])) {
      drop.add(k);
      drop.add(xi);
      drop.add(isi);
    }
  });
  return drop.size ? terms.filter((_, i) => !drop.has(i)) : terms;
}

/** A reply that only picks one of the offered choices ("1", "第二个"). */
function choiceOf(terms: Term[], c: Conversation | undefined): Frame | undefined {
  if (!c?.choices?.length) return undefined;
  const own = terms.filter((t) => t.kind !== 'sep');
  if (own.length !== 1) return undefined;
  const t = own[0] as Term;
  const n =
    t.kind === 'number'
      ? t.value
      : t.kind === 'ordinal'
        ? t.n
        : t.kind === 'task' && t.tasks.length === 1 && t.form === 'ordinal'
          ? t.tasks[0]
          : undefined;
  return n !== undefined ? c.choices[n - 1] : undefined;
}

/**
 * Reads a question (already tokenized: it is never tokenized or normalised again here) into one typed query over
 * the plan, using the conversation for follow-ups; each part of a message is executed in turn, so that a later
 * part can point back to an earlier one.
 */
export function readQuestion(tokens: Tokens, kb: Knowledge, conversation?: Conversation): Reading {
  const plan = indexPlan(kb);
  const state = conversation ?? {};
  const alone = (query: Query): Reading => ({
    query,
    frames: [],
    results: [execute(query, kb)],
    conversation: state,
    english: false,
  });
  if (tokens.norm.length > MAX_QUESTION_CHARS) return alone({ kind: 'tooLong', chars: tokens.norm.length });
  const terms = readTerms(tokens, plan);
  if (!/[\p{L}\p{N}]/u.test(tokens.norm) || terms.every((t) => t.kind === 'sep' || t.kind === 'particle'))
    return alone({ kind: 'empty' });
  const english =
    /[a-z]{3,}/.test(tokens.norm) && !/[\u4e00-\u9fa5]/.test(tokens.norm.replace(/\([^)]*\)/g, ''));
  const picked = choiceOf(terms, conversation);
  const parts = picked ? [] : splitQuestions(selfCorrected(terms));
  const frames: Frame[] = [];
  const queries: Query[] = [];
  const results: Result[] = [];
  let conv: Conversation = { ...state, choices: [] };
  const run = (f: Frame) => {
    const q = unplaced(f, coverQuery(buildQuery(f, plan), f, plan));
    const r = execute(q, kb);
    frames.push(f);
    results.push(r);
    queries.push(q);
    conv = nextConversation(conv, f, r);
    conv.choices = choicesOf(f, q);
  };
  if (picked) run(picked);
  parts.forEach((part, i) => {
    const raw = readFrame(part, tokens.norm, plan);
    run(resolveFrame(raw, conv, { sameMessage: i > 0, plan }));
  });
  // 培训谁负责 → two tasks answered: 第一个 is the first of them
  const answered = results.flatMap((r) => (r.kind === 'several' ? r.parts : [r]));
  const clauses = answered.flatMap((r) =>
    r.kind === 'clause' && r.clause.type === 'task' ? [r.clause.task.no] : [],
  );
  const listed = [...new Set(clauses)];
  if (listed.length >= 2 && clauses.length === answered.length) conv.list = { of: 'tasks', items: listed };
  // the same question asked twice in one message (多几项 after 谁多) is answered once
  const seen = new Set<string>();
  const keep = queries.map((q) => {
    if (queries.length === 1) return true;
    const key = JSON.stringify(q);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const distinct = queries.filter((_, i) => keep[i]);
  const query: Query = distinct.length === 1 ? (distinct[0] as Query) : { kind: 'several', parts: distinct };
  return {
    query,
    frames,
    results: results.filter((_, i) => keep[i]),
    conversation: conv,
    english,
  };
}

/**
 * A structure the reader found but the query does not carry (共同 with nothing to intersect, 每一组 / 每一条 with no
 * quantifier over groups or safeguards) means the question was read as a different one: say so instead of answering.
 */
function unplaced(f: Frame, q: Query): Query {
  if (q.kind === 'gap' || q.kind === 'unclear' || q.kind === 'clarify' || q.kind === 'several') return q;
  // 共同 / 共有 over all the units of the plan: the sets to intersect were not placed
  const common =
    f.setop === 'common' &&
    q.kind === 'units' &&
    q.set.op === 'ofTasks' &&
    q.set.tasks.op === 'all' &&
    f.tasks.length === 0;
  // 每一组 / 每一条: some part of the query must range over the groups or safeguards (checked only when asked)
  const over =
    f.quantOver !== undefined &&
    f.quantOver !== 'units' &&
    !(q.kind === 'check' && (q.claim.is === 'groups' || q.claim.is === 'inSafeguards')) &&
    !/"op":"(?:and|eachOf|minus)"|"each":|"same":true|"every":true/.test(JSON.stringify(q));
  if (!common && !over) return q;
  const words = over ? [f.quantOver === 'groups' ? '每一组' : '每一条'] : ['共同'];
  return { kind: 'unclear', words, ...('gaps' in q && q.gaps ? { gaps: q.gaps } : {}) };
}

/** The questions a refusal offers as numbered choices, as frames to answer on a reply of "1" or "2". */
function choicesOf(f: Frame, q: Query): Frame[] {
  if (q.kind === 'clarify')
    return q.candidates.flatMap((c) =>
      c.type === 'task'
        ? [{ ...f, topic: '', content: [], tasks: [c.no] }]
        : c.type === 'safeguard'
          ? [{ ...f, topic: '', content: [], safeguard: true, safeguards: [c.no] }]
          : [],
    );
  if (q.kind === 'gap') {
    const suggest = q.gaps.flatMap((g) => g.suggest ?? []);
    return suggest.map((name) => ({
      ...f,
      unknownUnits: [],
      units: [{ name, role: f.roles.find((r) => r !== 'any') ?? 'any', neg: false, or: false }],
      ask: f.ask ?? 'tasks',
    }));
  }
  return [];
}

/**
 * Parses a question's tokens into one typed query over the plan (several questions in one message become a
 * `several` query), completing follow-ups from the conversation. Pure: the tokens are read, never re-tokenized.
 */
export function parseQuestion(tokens: Tokens, kb: Knowledge, conversation?: Conversation): Query {
  return readQuestion(tokens, kb, conversation).query;
}
