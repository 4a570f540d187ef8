import type { Knowledge } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import type { Result } from './execute.js';
import type { Gap } from './query.js';
import { clauseAnswer } from './render-clause.js';
import { renderDoc } from './render-doc.js';
import { renderGaps } from './render-gaps.js';
import { checkAnswer, compareAnswer, rankAnswer, roleAnswer, rolesAnswer } from './render-judge.js';
import { groupsAnswer, safeguardsAnswer, tasksAnswer, unitsAnswer } from './render-sets.js';
import { Writer } from './writer.js';

/**
 * Renders a result as the answer: the conclusion in the first line, then the evidence (each clause quoted with
 * where it is), and for a combined question how it was read. What the plan does not cover is said first.
 */
export function render(result: Result, kb: Knowledge, opts: { english?: boolean } = {}): Answer {
  const w = new Writer(kb, opts.english ?? false);
  const gaps = 'gaps' in result.query ? (result.query.gaps ?? []) : [];
  const body = renderBody(result, w);
  if (gaps.length === 0 || result.kind === 'other') return body;
  return withGaps(w, gaps, body);
}

/**
 * An answer to the part understood, after a plain statement of what the plan does not cover. Words the plan does
 * not use (牵涉, 构成) leave the answer standing; a thing the plan does not have (a person, an amount, a name, a date
 * after it ends) makes the whole reply a refusal, with the part that could be answered after it.
 */
function withGaps(w: Writer, gaps: Gap[], body: Answer): Answer {
  const wordsOnly = gaps.every((g) => g.why === 'words');
  if (wordsOnly && body.found) {
    const note = `（方案原文中没有“${gaps.map((g) => g.words).join('、')}”的说法，以下按方案原文回答。）`;
    return { ...body, text: `${note}\n${body.text}`, units: w.unitsIn(`${note}\n${body.text}`) };
  }
  const said = renderGaps(w, gaps);
  return {
    ...body,
    text: `${said.text}\n${body.found ? '能回答的部分：' : ''}${body.text}`,
    found: false,
    tasks: [],
    units: w.unitsIn(`${said.text}\n${body.text}`),
  };
}

function renderBody(r: Result, w: Writer): Answer {
  switch (r.kind) {
    case 'clause':
      return clauseAnswer(r, w);
    case 'role':
      return roleAnswer(r, w);
    case 'roles':
      return rolesAnswer(r, w);
    case 'tasks':
      return tasksAnswer(r, w);
    case 'units':
      return unitsAnswer(r, w);
    case 'groups':
      return groupsAnswer(r, w);
    case 'safeguards':
      return safeguardsAnswer(r, w);
    case 'check':
      return checkAnswer(r, w);
    case 'rank':
      return rankAnswer(r, w);
    case 'compare':
      return compareAnswer(r, w);
    case 'doc':
      return renderDoc(r.query, w);
    case 'several': {
      const parts = r.parts.map((p) => render(p, w.kb, { english: w.english }));
      return w.several(parts, `分别回答${parts.length}个问题：`);
    }
    case 'other':
      return renderGaps(w, [], r.query);
  }
}
