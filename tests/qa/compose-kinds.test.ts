import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';

const qa = new QuestionAnswerer(loadKnowledge());

/**
 * Kinds of question the round-4 blind set found unread (each asked here in other words than the set's): a group
 * left out, a unit's condition over tasks named before 里/中, the tasks and the safeguards of a unit at once, the
 * units of a task that no other task has, an English yes/no, a lone task number, the approach of one piece of work.
 */
describe('combined questions: kinds the round-4 blind set found', () => {
  it('leaves a group out when 不在 / 不属于 stands before it, whatever else is asked', () => {
    expect(qa.answer('不在第三组的任务有哪些').tasks).toEqual([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 18, 19, 20]);
    const a = qa.answer('县人社局参与了但不属于第三部分的任务有几项');
    expect(a.text).toMatch(/共9项/);
    expect(a.tasks).toEqual([2, 3, 4, 6, 14, 15, 16, 18, 20]);
  });

  it('picks from the tasks named before 里 / 中 with a unit condition and no noun after it', () => {
    expect(qa.answer('任务2到任务6中县财政局没参与的有哪些').tasks).toEqual([6]);
    expect(qa.answer('任务14至16里县发改局牵头的').tasks).toEqual([14, 16]);
    // a role asked of each named task stays a role answer
    expect(qa.answer('任务3和任务4中县财政局是什么角色').text).toContain('配合单位');
  });

  it('lists a unit in the tasks and in the safeguards when both are named as where to look', () => {
    const a = qa.answer('县总工会在保障机制和任务中分别出现在哪里');
    expect(a.tasks).toEqual([12]);
    expect(a.text).toContain('营造良好发展环境');
  });

  it('reads 别的任务 after a task as the tasks other than it', () => {
    const a = qa.answer('任务12的责任单位里哪些在别的任务中都没有出现');
    for (const u of ['县农业农村局', '县总工会', '县扶贫开发服务中心', '各乡镇']) expect(a.text).toContain(u);
    expect(a.text).toMatch(/4个/);
  });

  it('closes 除了… at 以外 / 之外: what follows is a condition, not another thing left out', () => {
    expect(qa.answer('除了任务1以外县教育局牵头的任务').tasks).toEqual([
      2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 17, 18, 19, 20,
    ]);
    expect(qa.answer('除县教育局外任务3的单位').text).toContain('县财政局、县人社局');
  });

  it('answers an English question led by an auxiliary yes or no first', () => {
    expect(qa.answer('Is the tax bureau responsible for task 17?').text).toMatch(/^不是/);
    expect(qa.answer('Does the HR bureau take part in task 12?').text).toMatch(/^是/);
    expect(qa.answer('List the tasks led by the Development and Reform Bureau').tasks).toEqual([14, 16]);
  });

  it('takes a lone task number with a question mark as the task, and a number past the plan as none', () => {
    expect(qa.answer('9？').tasks).toEqual([9]);
    expect(qa.answer('26?').found).toBe(false);
  });

  it('gives the clause of the work named for its approach, and the guiding ideology when none is named', () => {
    expect(qa.answer('产教融合的总体思路是什么').tasks).toEqual([14]);
    expect(qa.answer('总体思路是什么').text).toContain('指导思想');
  });
});
