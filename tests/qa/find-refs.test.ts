import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/language/normalize.js';
import { findRefs } from '../../src/qa/find-refs.js';

const refs = (q: string) => findRefs(normalizeText(q));

describe('findRefs', () => {
  it.each([
    '任务14谁负责',
    '任务十四',
    '第十四项的责任单位',
    '第14条',
    '14号任务',
    'task 14',
    'Task #14',
    '#14',
    '任务１４',
    '第 14 项',
    '重点任务第十四项',
    '14谁负责',
    '十四的责任单位',
    'task fourteen',
    'the 14th task',
  ])('%s → task 14', (q) => {
    expect(refs(q)).toMatchObject({ kind: 'task', numbers: [14] });
  });

  it('reads lists of numbers', () => {
    expect(refs('任务3和任务5谁负责')?.numbers).toEqual([3, 5]);
    expect(refs('第3、5项')?.numbers).toEqual([3, 5]);
  });

  it.each([
    '2022年底前要建几个品牌专业',
    '1+X证书谁负责',
    '3+2贯通培养',
    '20项任务都是什么',
    '双师型比例60%',
  ])('finds no task number in %s', (q) => {
    expect(refs(q)).toBeUndefined();
  });

  it('keeps out-of-range and negative numbers for the caller to refuse', () => {
    expect(refs('任务0')?.numbers).toEqual([0]);
    expect(refs('任务-1')?.numbers).toEqual([-1]);
    expect(refs('任务999')?.numbers).toEqual([999]);
  });

  it('tells safeguards, principles and groups from tasks', () => {
    expect(refs('保障机制第三项')).toMatchObject({ kind: 'safeguard', numbers: [3] });
    expect(refs('第二条原则')).toMatchObject({ kind: 'principle', numbers: [2] });
    expect(refs('第三组任务有哪些')).toMatchObject({ kind: 'group', numbers: [3] });
  });
});
