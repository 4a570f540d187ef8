import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { lexiconFor } from '../../src/language/lexicon.js';
import { tokenize } from '../../src/language/tokenize.js';
import { parseQuery } from '../../src/qa/parse-query.js';
import type { Query } from '../../src/qa/query.js';
import { runQuery, tasksOf } from '../../src/qa/run-query.js';

const kb = loadKnowledge();
const lex = lexiconFor(kb);
const parse = (q: string) => parseQuery(tokenize(q, lex), kb, lex);
const query = (q: string): Query => {
  const p = parse(q);
  if (p.kind !== 'query') throw new Error(`${q}: ${JSON.stringify(p)}`);
  return p.query;
};
const taskNos = (q: string) => {
  const x = query(q);
  if (x.select !== 'tasks' && x.select !== 'countTasks') throw new Error(`${q}: ${x.select}`);
  return tasksOf(kb, x.tasks).map((t) => t.no);
};

describe('parseQuery', () => {
  it('reads negation as the complement, never the positive list', () => {
    expect(query('哪些任务县人社局没有参与')).toEqual({
      select: 'tasks',
      tasks: { op: 'not', set: { op: 'unit', unit: '县人社局', role: 'any' } },
    });
    expect(taskNos('县教育局没有牵头的任务有哪些')).toEqual([9, 12, 14, 15, 16]);
    expect(taskNos('哪些任务既没有县财政局也没有县人社局')).toEqual([1, 7, 8, 17, 19]);
    expect(taskNos('第三部分哪些任务不是县教育局牵头的')).toEqual([9, 12]);
  });

  it('reads X but not Y, both, either, and conditions in a clause of their own', () => {
    expect(taskNos('县财政局参与但县人社局没参与的任务有哪些')).toEqual([5, 11]);
    expect(taskNos('县工科局和县税务局都参与的任务有哪些')).toEqual([14, 15, 20]);
    expect(taskNos('县发改局或者县税务局参与的任务一共有哪些')).toEqual([4, 14, 15, 16, 20]);
    expect(taskNos('县教育局参与但不牵头的任务有几项')).toEqual([9, 12, 14, 15, 16]);
    expect(taskNos('县发改局参与的任务中哪项不是它牵头的')).toEqual([4]);
    expect(taskNos('有县财政局参与、但牵头单位不是县教育局的任务有哪些')).toEqual([9, 12, 14, 15, 16]);
  });

  it('reads only, exact unit lists and counts of units', () => {
    expect(taskNos('哪些任务只有一个责任单位')).toEqual([1, 7, 8, 19]);
    expect(taskNos('只由县教育局和县人社局两家负责的任务有哪些')).toEqual([6, 13, 18]);
    expect(taskNos('第五部分里哪些任务不是只有县教育局一家负责')).toEqual([18, 20]);
    expect(taskNos('哪些任务恰好有三个责任单位')).toEqual([2, 3, 10, 17]);
    expect(taskNos('哪些任务的责任单位不超过两个')).toEqual([1, 5, 6, 7, 8, 11, 13, 18, 19]);
  });

  it('combines the units of tasks and safeguards', () => {
    const units = (q: string) => {
      const x = query(q);
      const r = runQuery(kb, x);
      if (r.select !== 'units') throw new Error(`${q}: ${r.select}`);
      return r.units;
    };
    expect(units('任务12和任务14共同的责任单位有哪些')).toEqual(['县教育局', '县人社局', '县财政局']);
    expect(units('任务14有而任务15没有的责任单位是哪些')).toEqual(['县发改局', '县自然资源局']);
    expect(units('除县人社局和县财政局外，任务20还有哪些责任单位')).toEqual([
      '县教育局',
      '县工科局',
      '县税务局',
    ]);
    expect(units('哪些单位只出现在保障机制里、不负责任何一项重点任务')).toEqual([
      '县委宣传部',
      '团县委',
      '县融媒体中心',
    ]);
    expect(units('四条保障机制一共涉及多少个不同的单位')).toHaveLength(12);
  });

  it('reads superlatives, comparisons and roles', () => {
    expect(query('哪个单位牵头的任务最多')).toMatchObject({
      select: 'rank',
      over: 'units',
      role: 'lead',
      dir: 'max',
    });
    expect(query('第四部分里哪项任务的责任单位最多')).toMatchObject({
      select: 'rank',
      over: 'tasks',
      within: { op: 'group', group: 4 },
    });
    expect(query('任务4和任务16的责任单位一样吗')).toEqual({
      select: 'compareTasks',
      tasks: [4, 16],
      how: 'same',
    });
    expect(query('县财政局和县人社局谁参与的任务更多')).toMatchObject({
      select: 'compareUnits',
      units: ['县财政局', '县人社局'],
    });
    expect(query('在任务14中县发改局和县工科局分别是什么角色')).toEqual({
      select: 'roles',
      task: 14,
      units: ['县发改局', '县工科局'],
    });
  });

  it('reads the same operators in English', () => {
    expect(taskNos('Which tasks does the finance bureau not take part in?')).toEqual([
      1, 6, 7, 8, 10, 13, 17, 18, 19,
    ]);
    expect(taskNos('Which tasks is the education bureau not leading?')).toEqual([9, 12, 14, 15, 16]);
    expect(query('Which unit leads the most tasks?')).toMatchObject({
      select: 'rank',
      over: 'units',
      role: 'lead',
    });
  });

  it('refuses other places and unknown units, and asks when an operator is left over', () => {
    expect(parse('临猗县财政局负责哪些任务').kind).toBe('refuse');
    expect(parse('县卫健局在任务12里是什么角色').kind).toBe('refuse');
    expect(parse('县交通运输局和县教育局共同负责的任务有哪些').kind).toBe('refuse');
    expect(parse('任务14谁负责').kind).toBe('simple');
    expect(parse('地方教育附加用于职业教育的比例不能低于多少').kind).toBe('simple');
  });
});
