import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { readEval, scoreEval } from './score-qa.js';

const qa = new QuestionAnswerer(loadKnowledge());
const fixtures = path.join(projectRoot(), 'tests/fixtures');

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
  it(`scores ≥ ${need * 100}% with no wrong answers`, () => {
    const s = scoreEval(readEval(path.join(fixtures, file)), (q) => qa.answer(q));
    console.log(`${file}: ${s.correct}/${s.total} correct, ${s.wrong} wrong, ${s.refused} refused`);
    for (const m of s.misses) console.log(`  ${m}`);
    expect(s.wrong, s.misses.join('\n')).toBe(0);
    expect(s.correct / s.total).toBeGreaterThanOrEqual(need);
  });
});
