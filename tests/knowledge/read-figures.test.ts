import { describe, expect, it } from 'vitest';
import { findDeadline } from '../../src/knowledge/read-deadline.js';
import { readFigures } from '../../src/knowledge/read-figures.js';

const brief = (text: string) => readFigures(text).map((t) => [t.what, t.value, t.unit, t.deadline]);

describe('figures with what they count, read from the words next to them', () => {
  it('a range with its classifier counts the head of its object, past the modifiers before 的', () => {
    expect(
      brief('到2022年底,打造1-3个校企合作密切、产业特色鲜明、培养质量高、服务能力强的职业教育品牌专业。'),
    ).toEqual([['职业教育品牌专业', '1-3', '个', '2022年底']]);
  });

  it('two figures in one clause are two figures, each with its own object', () => {
    expect(brief('建设1门省级职业教育精品课程和3门市级职业教育精品课程。')).toEqual([
      ['省级职业教育精品课程', 1, '门', null],
      ['市级职业教育精品课程', 3, '门', null],
    ]);
    expect(brief('建设1个市级思政教育工作室、打造1个特色文化育人品牌,建设30个以上思政微课。')).toEqual([
      ['市级思政教育工作室', 1, '个', null],
      ['特色文化育人品牌', 1, '个', null],
      ['思政微课', 30, '个以上', null],
    ]);
  });

  it('a share is what stands before it; 按…的N% is the share of that base', () => {
    expect(brief('到2022年,“双师型”教师占专业教师总数的比例达到60%。')).toEqual([
      ['“双师型”教师占专业教师总数的比例', 60, '%', '2022年'],
    ]);
    expect(brief('规模以上企业按职工总数的2%安排实习岗位,接纳职业学校学生实习。')).toEqual([
      ['规模以上企业安排实习岗位占职工总数的比例', 2, '%', null],
    ]);
    expect(brief('落实地方教育附加费用于职业教育的比例不低于30%的政策。')).toEqual([
      ['地方教育附加费用于职业教育的比例', 30, '%以上', null],
    ]);
  });

  it('bounds before the number or its verb, and after the classifier, go into the unit', () => {
    expect(brief('每年开展电商培训不少于20期、培训1000人次以上。')).toEqual([
      ['电商培训（每年）', 20, '期以上', null],
      ['电商培训（每年）', 1000, '人次以上', null],
    ]);
    expect(brief('每所学校每学期至少组织2次消防疏散演练。')).toEqual([
      ['消防疏散演练（每所学校每学期）', 2, '次以上', null],
    ]);
    expect(brief('加入8个左右省市级职业教育集团。')).toEqual([['省市级职业教育集团', 8, '个左右', null]]);
    expect(brief('县财政给予每人不超过5万元的补助,约200名。')[0]).toEqual([
      '补助（每人）',
      5,
      '万元以内',
      null,
    ]);
  });

  it('time is a figure only with a bound; dates, spans and years are not figures', () => {
    expect(brief('从具有3年以上企业工作经历并具有高职以上学历的人员中公开招聘。')).toEqual([
      ['企业工作经历', 3, '年以上', null],
    ]);
    expect(
      brief('连续3年开展评估,3年内完成,2021年4月28日印发,《方案(2021—2025年)》,国发〔2019〕4号。'),
    ).toEqual([]);
  });

  it('numbers in quotes are names, a quoted 3+2 is a form, ordinals and words with numerals are not counts', () => {
    expect(brief('落实校园安防“四个100%”要求,即配备率均达到100%。')).toEqual([['配备率', 100, '%', null]]);
    expect(brief('持续加大中职与高职专科“3+2”贯通培养。')).toEqual([
      ['中职与高职专科贯通培养', '3+2', '', null],
    ]);
    expect(
      brief('第3个阶段,统一个标准,进一步加强,打造一批品牌,围绕县委“1861”总体思路,结合“11·9”消防日。'),
    ).toEqual([]);
  });

  it('Chinese numerals count, 一 only after a verb', () => {
    expect(brief('建设一个示范基地,打造两个品牌,一个中心。')).toEqual([
      ['示范基地', 1, '个', null],
      ['品牌', 2, '个', null],
    ]);
  });

  it('a figure whose subject is only a verb counts what the figure before it counts', () => {
    expect(brief('每年培育高素质农民500人以上,到2024年底累计培育1500人以上。')).toEqual([
      ['高素质农民（每年）', 500, '人以上', '2024年底'],
      ['高素质农民（累计）', 1500, '人以上', '2024年底'],
    ]);
  });

  it('the subject of a count with no object follows its count verb; a place bound is what it bounds', () => {
    expect(brief('汛期前在全县重点水域设置警示牌100块以上。')).toEqual([['警示牌', 100, '块以上', null]]);
    expect(brief('在校园周边200米范围内设置警务室。')).toEqual([['校园周边范围', 200, '米', null]]);
    expect(brief('配备保洁员５００名。')).toEqual([['保洁员', 500, '名', null]]);
  });
});

describe('deadlines', () => {
  it.each([
    ['到2022年底,完成', '2022-12-31', '2022年底'],
    ['到2022年,加入', '2022-12-31', '2022年'],
    ['2023年6月底前全部达标', '2023-06-30', '2023年6月底'],
    ['2024年2月底前完成', '2024-02-29', '2024年2月底'],
    ['于2022年9月30日前完成', '2022-09-30', '2022年9月30日前'],
    ['2022年底前完成首批遴选', '2022-12-31', '2022年底'],
    ['2023年6月前完成', '2023-05-31', '2023年6月前'],
  ])('%s → %s', (text, date, written) => {
    expect(findDeadline(text)).toMatchObject({ date, text: written });
  });

  it('a bare year or a signing date is not a deadline', () => {
    expect(findDeadline('2021年4月28日')).toBeUndefined();
    expect(findDeadline('全县2021年投入资金')).toBeUndefined();
  });
});
