import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';

const qa = new QuestionAnswerer(loadKnowledge());

describe('bad input gets a short clear reply', () => {
  it.each([
    ['', /请输入/],
    ['   \t  ', /请输入/],
    ['😀😀😀', /请输入/],
    ['\u0000\u0007\u001b[31m', /请输入/],
    ['？？？', /请输入/],
    ['任务0谁负责', /本方案共20项重点任务/],
    ['任务-1', /本方案共20项重点任务/],
    ['任务999', /本方案共20项重点任务/],
    ['第二十一项', /本方案共20项重点任务/],
    ['保障机制第九项', /共4项保障机制/],
  ])('%j', (q, re) => {
    const a = qa.answer(q);
    expect(a.found).toBe(false);
    expect(a.tasks).toEqual([]);
    expect(a.text).toMatch(re);
    expect(a.text.length).toBeLessThan(300);
  });

  it('answers a 10,000-character message with a request to shorten it', () => {
    const a = qa.answer('任务14谁负责'.repeat(1500));
    expect(a.found).toBe(false);
    expect(a.text).toMatch(/消息太长/);
  });

  it('reads full-width digits, mixed Chinese/English and control characters inside a question', () => {
    expect(qa.answer('任务１４谁负责').tasks).toEqual([14]);
    expect(qa.answer('task 14 谁负责?').tasks).toEqual([14]);
    expect(qa.answer('任务\u000014\u200b谁负责').tasks).toEqual([14]);
  });

  it('never throws on odd strings', () => {
    const odd = [
      '\ud800',
      '{"a":1}',
      '任务',
      '第项',
      '#',
      '##14##',
      'task',
      '县局',
      '负责',
      '谁',
      '1+x',
      '%%%',
    ];
    for (const q of odd) expect(() => qa.answer(q)).not.toThrow();
  });
});

describe('a unit and a topic in one question', () => {
  it.each([
    ['人社局是不是也要管职业培训', '县人社局是任务12「开展高质量职业培训」的牵头单位'],
    ['县税务局参与现代学徒制吗', '县税务局是任务15「推动现代学徒制试点工作」的配合单位'],
    ['县文旅局负责智慧校园吗', '县文旅局不是任务11「推进职业教育智慧校园建设」的责任单位'],
  ])('%s → the unit’s role in that task', (q, expected) => {
    const a = qa.answer(q);
    expect(a.text).toContain(expected);
    expect(a.tasks).toHaveLength(1);
  });
});
