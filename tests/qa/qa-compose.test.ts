import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { checkAnswer2, readEval2 } from './score-qa2.js';

const qa = new QuestionAnswerer(loadKnowledge());
const file = path.join(projectRoot(), 'tests/fixtures/qa-compose-dev.jsonl');

describe('combined questions (the shared qa-compose-dev set, scored as score_qa2.py does)', () => {
  it('answers every question right, and none wrong', () => {
    const misses: string[] = [];
    for (const item of readEval2(file)) {
      const a = qa.answer(item.q);
      const why = checkAnswer2(item.expect, a);
      if (why.length) misses.push(`[${item.kind}] ${item.q} -> ${why.join('; ')} | ${a.text.slice(0, 120)}`);
    }
    expect(misses, misses.join('\n')).toEqual([]);
  });
});
