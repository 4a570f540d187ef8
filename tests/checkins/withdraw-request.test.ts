import { describe, expect, it } from 'vitest';
import { withdrawRequest } from '../../src/checkins/withdraw-request.js';

describe('withdrawRequest: what follows 撤回 / 撤销', () => {
  it('takes nothing, a task, repeated words and a reason after a pause', () => {
    expect(withdrawRequest('')).toEqual({});
    expect(withdrawRequest('任务3')).toEqual({ task: 3 });
    expect(withdrawRequest(' 3。')).toEqual({ task: 3 });
    expect(withdrawRequest('一下')).toEqual({});
    expect(withdrawRequest(' 撤回 发错了 这是草稿')).toEqual({});
    expect(withdrawRequest('，刚才那条发错群了')).toEqual({});
    expect(withdrawRequest(' 任务3 发错了')).toEqual({ task: 3 });
  });

  it('refuses a figure, a numeral, a question and words run on without a pause', () => {
    expect(withdrawRequest(' 改成40%')).toBeUndefined();
    expect(withdrawRequest(' 第二条')).toBeUndefined();
    expect(withdrawRequest('了的任务怎么办')).toBeUndefined();
    expect(withdrawRequest(' 能撤回吗')).toBeUndefined();
    expect(withdrawRequest('合并的方案已报批')).toBeUndefined();
    expect(withdrawRequest('任务30%')).toBeUndefined();
  });
});
