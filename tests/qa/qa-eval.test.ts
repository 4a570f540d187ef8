import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { lintItem, readEval, scoreEval } from './score-qa.js';

const qa = new QuestionAnswerer(loadKnowledge());
const fixtures = path.join(projectRoot(), 'tests/fixtures');

/**
 * Rows whose tightened expectation the current QA does not meet yet (one JSON object a line: file, q, the
 * tightened `expect`, the row as it `was`, and the current answer). They keep their old expectation, and a
 * refusal among them is accepted with a "pending" reason, until the new QA meets the tightened one.
 */
const pending = new Set(
  readFileSync(path.join(fixtures, 'qa-tighten-pending.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const p = JSON.parse(l) as { file: string; q: string };
      return `${p.file}\n${p.q}`;
    }),
);

describe.each([
  ['qa-dev.jsonl', 0.95],
  ['qa-extra.jsonl', 0.9],
  ['qa-blind1.jsonl', 0.95],
  ['qa-blind2.jsonl', 0.95],
  ['qa-blind3.jsonl', 0.95],
  ['qa-blind4.jsonl', 0.95],
  ['qa-blind5.jsonl', 0.95],
  ['qa-blind6.jsonl', 0.95],
  ['qa-blind7.jsonl', 0.95],
  ['qa-blind8.jsonl', 0.95],
  ['qa-blind9.jsonl', 0.95],
  ['qa-blind10.jsonl', 0.95],
  ['qa-blind11.jsonl', 0.95],
  ['qa-blind12.jsonl', 0.95],
  ['qa-blind13.jsonl', 0.95],
  ['qa-blind14.jsonl', 0.95],
  ['qa-blind15.jsonl', 0.95],
  ['qa-blind16.jsonl', 0.95],
  ['qa-blind17.jsonl', 0.95],
])('evaluation set %s', (file, need) => {
  const items = readEval(path.join(fixtures, file));

  it(`scores ≥ ${need * 100}% with no wrong answers and no refusal of an answerable question`, () => {
    const s = scoreEval(items, (q) => qa.answer(q));
    console.log(
      `${file}: ${s.correct}/${s.total} correct, ${s.wrong} wrong, ${s.refused} refused, ${s.accepted} accepted refusals`,
    );
    for (const m of s.misses) console.log(`  ${m}`);
    expect(s.wrong, s.misses.join('\n')).toBe(0);
    expect(s.refused, s.misses.join('\n')).toBe(0);
    expect(s.correct / s.total).toBeGreaterThanOrEqual(need);
  });

  it('has only rows tight enough to catch a wrong answer (bounded tasks, units_only, phrases, reasons)', () => {
    const loose = items
      .filter((item) => !pending.has(`${file}\n${item.q}`))
      .map((item) => ({ q: item.q, why: lintItem(item) }))
      .filter((x) => x.why.length);
    expect(loose).toEqual([]);
  });
});
