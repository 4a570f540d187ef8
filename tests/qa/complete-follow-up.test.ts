import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { lexiconFor } from '../../src/language/lexicon.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { completeFollowUp, type Turn } from '../../src/qa/complete-follow-up.js';

const kb = loadKnowledge();
const lex = lexiconFor(kb);
const qa = new QuestionAnswerer(kb);

/** The completed form of the last message after the ones before it. */
function completed(...turns: string[]): string | undefined {
  let prev: Turn | undefined;
  for (const t of turns.slice(0, -1)) prev = qa.converse(t, prev).turn;
  return completeFollowUp(turns[turns.length - 1] as string, prev, lex, kb);
}

describe('completeFollowUp', () => {
  it('replaces the task, the unit or the group of the last question', () => {
    expect(completed('任务14谁负责', '那16呢')).toBe('任务16谁负责');
    expect(completed('任务3谁负责', '那下一项呢')).toBe('任务4谁负责');
    expect(completed('县财政局负责哪些任务', '那人社局呢')).toBe('县人社局负责哪些任务');
    expect(completed('第二部分的任务都是谁牵头', '那第三部分呢')).toBe('第三部分的任务都是谁牵头');
  });

  it('asks about the task, the list or the unit of the last answer', () => {
    expect(completed('任务14谁负责', '它要达到什么指标')).toBe('任务14要达到什么指标');
    expect(completed('任务9谁负责', '其中牵头的是谁')).toMatch(/^任务9.*牵头/);
    expect(completed('县教育局牵头哪些任务', '第二个是什么')).toBe('任务2是什么');
    expect(completed('（五）深化职业教育改革创新有哪些任务', '最后一个谁负责')).toBe('任务20谁负责');
    expect(completed('县工科局参与哪些任务', '其中牵头的呢')).toBe('县工科局牵头的任务有哪些');
    expect(completed('保障机制有哪些', '第三条谁负责')).toBe('保障机制第3条谁负责');
  });

  it('leaves a question that is complete on its own alone', () => {
    expect(completed('任务14谁负责', '县财政局负责哪些任务')).toBeUndefined();
    expect(completed('任务14谁负责', '双师型教师比例要达到多少')).toBeUndefined();
    expect(completed('那16呢')).toBeUndefined();
  });
});
