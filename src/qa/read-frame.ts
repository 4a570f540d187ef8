import { askOf, joinedAsks } from './ask-of.js';
import type { ClauseReading } from './clause-reading.js';
import { emptyFrame, type Frame } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import { questionWords } from './question-words.js';
import { readCounts, readMeasure } from './read-counts.js';
import { LEVELS, readEntities, readYears } from './read-entities.js';
import { readOperators } from './read-operators.js';
import type { Term } from './read-terms.js';
import { hasPhrases, readUnits } from './unit-conditions.js';

/** Does the tax bureau take part in task 17?: an English clause that starts the question with an auxiliary. */
function ledByAuxiliary(norm: string, terms: Term[]): boolean {
  const before = norm.slice(0, terms[0]?.at ?? 0);
  const first = /^\s*([a-z]+)/.exec(before)?.[1];
  return first !== undefined && /^[a-z\s]*$/.test(before) && questionWords().yesnoFirst.has(first);
}

/**
 * Reads one clause's terms into a frame: the tasks, units, groups, safeguards and topic it names, what it asks for,
 * and its operators. `norm` is the normalised question the terms' offsets refer to.
 */
export function readFrame(clauseTerms: Term[], norm: string, plan: PlanIndex): Frame {
  const terms = hasPhrases(clauseTerms);
  const f = emptyFrame();
  const kb = plan.kb;
  const used = new Set<number>();
  const use = (i: number) => used.add(i);
  const { ask, count, yesno, at: askAt, object, wh } = askOf(terms);
  if (ask) f.ask = ask;
  const asks = joinedAsks(terms);
  if (asks.length) f.asks = asks;
  f.count = count;
  f.yesno = yesno || (!wh && ledByAuxiliary(norm, clauseTerms));
  f.wh = wh;
  if (object) {
    f.object = object;
    // 哪所学校 / 哪些专业 / 哪家公司: the plan names no schools, majors or companies
    const { namedNouns } = questionWords();
    const askTerm = terms[askAt];
    if (
      askTerm?.kind === 'q' &&
      askTerm.q !== 'what' &&
      namedNouns.some((n) => object.slice(0, 6).includes(n))
    )
      f.ask = 'named';
  }

  const r: ClauseReading = { terms, norm, plan, f, used };
  const { units, leadFirst } = readEntities(r, count, ask === 'target');
  readYears(r);
  readUnits(r, units, leadFirst);
  // a short alias read as a word of the plan (财政投入) is no longer a unit
  readOperators(
    r,
    units.filter((u) => terms[u.i]?.kind === 'unit'),
  );
  readCounts(r);
  readMeasure(r);

  // 国家层面落实的是啥文件: a document of another level asked for, and nothing else named, is one the plan implements
  const contents = terms.filter((t) => t.kind === 'content');
  if (
    f.doc &&
    f.wh &&
    f.facts.length === 0 &&
    f.tasks.length === 0 &&
    f.units.length === 0 &&
    f.groups.length === 0 &&
    contents.length > 0 &&
    contents.every((t) => LEVELS.some(([w]) => t.text.startsWith(w) && t.text.length <= w.length + 2))
  )
    f.facts.push('basis');
  // the level of a document asked for (国家层面, 省里, 市里)
  // 省里和市里: every level named
  for (const t of terms) {
    if (t.kind !== 'content' && t.kind !== 'particle' && t.kind !== 'place') continue;
    const level = LEVELS.find(([w]) => t.text.startsWith(w));
    if (level && f.facts.includes('basis') && !(f.level ?? '').split('|').includes(level[1]))
      f.level = f.level ? `${f.level}|${level[1]}` : level[1];
  }

  // 职业教育改革 / 行动计划: words of the plan's own title name the plan
  const title = kb.document.title;
  terms.forEach((t, i) => {
    if (t.kind === 'content' && !used.has(i) && t.text.length >= 2 && title.includes(t.text)) {
      f.doc = true;
      use(i);
    }
  });
  // what is left: the topic, and words no part placed (pieces written together are one word)
  const content: { text: string; end: number }[] = [];
  terms.forEach((t, i) => {
    if (t.kind !== 'content' || used.has(i)) return;
    const last = content[content.length - 1];
    if (last && last.end === t.at) {
      last.text += t.text;
      last.end = t.end;
    } else content.push({ text: t.text, end: t.end });
  });
  f.content = content.map((t) => t.text);
  f.topicsJoined = terms.some(
    (t, i) =>
      t.kind === 'op' &&
      (t.op === 'and' || t.op === 'or') &&
      terms[i - 1]?.kind === 'content' &&
      terms[i + 1]?.kind === 'content',
  );
  f.topic = f.content.join(' ');
  if (askAt >= 0) use(askAt);
  return f;
}
