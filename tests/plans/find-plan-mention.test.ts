import { describe, expect, it } from 'vitest';
import { allPlansWord, findPlanMentions, planByName } from '../../src/plans/find-plan-mention.js';
import { manyPlans } from '../helpers/temp-bot.js';

const plans = manyPlans();
const VOC = 'jishan-2021';
const RURAL = 'jishan-rural-revitalization-talent-2022';
const SAFE = 'jishan-campus-safety-2023';
const named = (q: string) => [...new Set(findPlanMentions(q, plans).map((m) => m.plan))];

describe('a plan named in a message', () => {
  it.each([
    ['职教行动计划中县财政局负责哪些任务', VOC],
    ['县财政局在职教行动计划中负责哪些任务', VOC],
    ['职业教育那个方案里任务14谁负责', VOC],
    ['职业教育改革发展行动计划的目标', VOC],
    ['稷政发〔2021〕6号的任务14', VOC],
    ['稷政发[2021]6号 任务3', VOC],
    ['6号文任务3谁负责', VOC],
    ['乡村振兴人才方案任务14谁负责', RURAL],
    ['乡村人才振兴方案的任务14', RURAL],
    ['人才培育计划有几项任务', RURAL],
    ['15号文件有多少项任务', RURAL],
    ['2022年15号文的发展目标', RURAL],
    ['稷政办发〔2022〕15号', RURAL],
    ['校园安全的方案有几项任务', SAFE],
    ['校园安全提升行动任务1', SAFE],
    ['稷政办发〔2023〕7号谁牵头任务3', SAFE],
  ])('%s → %s', (q, plan) => {
    expect(named(q)).toEqual([plan]);
  });

  it.each([
    '6号任务谁负责',
    '这个方案的文号是多少',
    '本方案有几项任务',
    '行动计划有哪些任务',
    '三年行动方案',
    '任务14是哪个方案的',
    '任务9 已制定工作方案',
  ])('%s names no plan', (q) => {
    expect(named(q)).toEqual([]);
  });

  it('gives where the name is, so that the question can be read without it', () => {
    const [m] = findPlanMentions('县财政局在职教行动计划中负责哪些任务', plans);
    expect(m).toMatchObject({ at: 5, end: 11 });
  });

  it('finds words across plans', () => {
    expect(allPlansWord('哪些方案里有县财政局的任务')).toBeDefined();
    expect(allPlansWord('县财政局一共负责多少项任务（所有方案）')).toBeDefined();
    expect(allPlansWord('县财政局负责哪些任务')).toBeUndefined();
  });
});

describe('a plan named in a command', () => {
  it.each([
    ['职教行动计划', VOC],
    ['职教', VOC],
    ['1', VOC],
    [VOC, VOC],
    ['稷政发〔2021〕6号', VOC],
    ['乡村人才', RURAL],
    ['《稷山县乡村振兴人才培育三年行动方案（2022—2024年）》', RURAL],
    ['校园安全', SAFE],
  ])('%s → %s', (arg, id) => {
    expect(planByName(arg, plans)?.id).toBe(id);
  });

  it('names none for words of no plan, or of several', () => {
    expect(planByName('交通规划', plans)).toBeUndefined();
    expect(planByName('9', plans)).toBeUndefined();
    expect(planByName('行动方案', plans)).toBeUndefined();
  });
});
