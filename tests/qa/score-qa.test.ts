import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/qa/answer.js';
import { checkAnswer, type EvalItem, lintItem, scoreEval } from './score-qa.js';

// The scorer must be able to fail: an answer naming every task, an extra unit, or a refusal of an answerable row.
const TASK14: EvalItem = {
  q: '任务14谁负责',
  kind: 'who_by_number',
  expect: {
    task: 14,
    tasks_eq: [14],
    units_all: ['县发改局', '县教育局', '县财政局', '县人社局', '县工科局', '县自然资源局', '县税务局'],
    units_only: true,
  },
};
const units14 = '县发改局（牵头）、县教育局、县财政局、县人社局、县工科局、县自然资源局、县税务局';
const answer = (o: Partial<Answer>): Answer => ({ text: units14, found: true, tasks: [14], units: [], ...o });

describe('the QA scorer', () => {
  it('passes the right answer and fails one that names all 20 tasks or an extra unit', () => {
    expect(checkAnswer(TASK14, answer({}))).toEqual([]);
    const all = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(checkAnswer(TASK14, answer({ tasks: all }))).not.toEqual([]);
    expect(checkAnswer(TASK14, answer({ text: `${units14}、县委编办` }))).toEqual(['extra units 县委编办']);
  });

  it('counts a refusal of an answerable row as a failure unless the row accepts one with a reason', () => {
    const refusal = () => answer({ text: '方案中没有相关内容', found: false, tasks: [] });
    expect(scoreEval([TASK14], refusal)).toMatchObject({ refused: 1, correct: 0, accepted: 0 });
    const accepting = {
      ...TASK14,
      expect: { ...TASK14.expect, accept_refusal: 'ambiguous: two tasks match' },
    };
    expect(scoreEval([accepting], refusal)).toMatchObject({ refused: 0, accepted: 1 });
  });

  it('flags loose rows: no task bound, a unit set without units_only, a bare number, a refusal without reason', () => {
    expect(lintItem(TASK14)).toEqual([]);
    expect(lintItem({ q: '文号', kind: 'meta', expect: { text_has: ['稷政发〔2021〕6号'] } })).toEqual([
      'no tasks_eq or max_tasks',
    ]);
    expect(
      lintItem({ q: 'x', kind: 'who_by_topic', expect: { units_all: ['县教育局'], max_tasks: 1 } }),
    ).toEqual(['units without units_only']);
    expect(lintItem({ q: 'x', kind: 'meta', expect: { text_has: ['20|二十'], max_tasks: 0 } })).toEqual([
      'bare number "20" in text_has',
      'bare number "二十" in text_has',
    ]);
    expect(lintItem({ q: 'x', kind: 'meta', expect: { max_tasks: 0, accept_refusal: ' ' } })).toEqual([
      'accept_refusal without a reason',
    ]);
    expect(lintItem({ q: 'x', kind: 'not_found', expect: { not_found: true } })).toEqual([]);
  });
});
