import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { lexiconFor } from '../../src/language/lexicon.js';
import type { Span } from '../../src/language/spans.js';
import { tokenize } from '../../src/language/tokenize.js';

const lex = lexiconFor(loadKnowledge());
const spans = (text: string) => tokenize(text, lex).spans;
const only = <K extends Span['kind']>(text: string, kind: K) =>
  spans(text).filter((s): s is Extract<Span, { kind: K }> => s.kind === kind);

describe('tokenize', () => {
  it('reads task lists and ranges in every written form', () => {
    expect(only('任务8至10均已启动', 'task')[0]?.tasks).toEqual([8, 9, 10]);
    expect(only('任务6到任务8本周都没有进展', 'task')[0]?.tasks).toEqual([6, 7, 8]);
    expect(only('3、4号任务进度均为50%', 'task')[0]?.tasks).toEqual([3, 4]);
    expect(only('任务14、15、16进度分别为30%、40%、50%', 'task')[0]?.tasks).toEqual([14, 15, 16]);
    expect(only('第十五项：已完成六成', 'task')[0]?.tasks).toEqual([15]);
    expect(only('任务14 15 共同的責任單位', 'task')[0]?.tasks).toEqual([14, 15]);
    expect(only('#14', 'task')[0]?.tasks).toEqual([14]);
    expect(only('task 3 responsible units', 'task')[0]?.tasks).toEqual([3]);
  });

  it('never reads 第N批, 第N周, 第N个, years or 一共 as task numbers', () => {
    for (const t of [
      '第二批合作企业已签约',
      '2021年第25周进展',
      '第二个合作项目已签约',
      '召开第2次推进会',
      '任务一共几项',
    ]) {
      expect(only(t, 'task'), t).toEqual([]);
    }
    expect(only('2021年第25周进展', 'ordinal')[0]).toMatchObject({ n: 25, counter: '周' });
  });

  it('reads figures: %, 百分之, 成, fractions, 一半', () => {
    const v = (t: string) => only(t, 'percent').map((p) => p.value);
    expect(v('任务4 进度65.5%')).toEqual([65.5]);
    expect(v('任务十四进度百分之四十')).toEqual([40]);
    expect(v('已完成六成')).toEqual([60]);
    expect(v('任务11完成了三分之一')).toEqual([33.3]);
    expect(v('任务8已完成一半')).toEqual([50]);
    expect(v('任务5成功举办')).toEqual([]);
    expect(v('第10项：两成半，滞后')).toEqual([25]);
  });

  it('does not join a figure spoken before N号任务 to its task list', () => {
    const tasks = only('那个三号任务八十五 四号任务呢五成', 'task').map((t) => t.tasks);
    expect(tasks).toEqual([[3], [4]]);
    expect(only('三、四号任务都正常', 'task')[0]?.tasks).toEqual([3, 4]);
  });

  it('marks negated statuses', () => {
    const st = (t: string) => only(t, 'status').map((s) => [s.status, s.negated]);
    expect(st('任务16 进度30%，未出现滞后')).toEqual([['delayed', true]]);
    expect(st('任务19没有受阻，也不滞后')).toEqual([
      ['blocked', true],
      ['delayed', true],
    ]);
    expect(st('任务5进展缓慢')).toEqual([['delayed', false]]);
  });

  it('converts traditional characters and finds units by alias, homophone and place', () => {
    expect(only('任務九由誰負責', 'task')[0]?.tasks).toEqual([9]);
    expect(only('县人设局牵头哪些任务', 'unit')[0]).toMatchObject({ name: '县人社局', fuzzy: 'pinyin' });
    expect(only('县发该局参与了哪些任务', 'unit')[0]?.name).toBe('县发改局');
    expect(only('临猗县财政局负责哪些任务', 'unit')).toEqual([]);
    expect(only('临猗县财政局负责哪些任务', 'place')[0]?.text).toBe('临猗县财政局');
    expect(only('河津市教育局负责哪些任务', 'place')[0]?.text).toBe('河津市教育局');
    expect(only('稷山县人社局负责哪些任务', 'unit')[0]?.name).toBe('县人社局');
    expect(only('县卫健局参与哪些任务', 'unknownUnit')[0]?.text).toBe('县卫健局');
  });

  it('reads operators, roles, groups and references', () => {
    const kinds = (t: string) => spans(t).map((s) => s.kind);
    expect(only('哪些任务县人社局没有参与', 'op')[0]?.op).toBe('not');
    expect(only('除了县发改局，任务14还有谁负责', 'op')[0]?.op).toBe('except');
    expect(only('第三部分一共有几个任务', 'group')[0]?.no).toBe(3);
    expect(only('（三）提高技术技能人才培养质量里', 'paren')[0]?.n).toBe(3);
    expect(kinds('它的牵头单位是谁')).toContain('ref');
  });
});
