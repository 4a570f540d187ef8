import { describe, expect, it } from 'vitest';
import { latestDeadline, readDate, readDeadlines } from '../../src/language/read-deadline.js';

const from = '2021-04-28';
const dates = (text: string) => readDeadlines(text, { from }).map((d) => d.date);

describe('reading deadlines from a task text', () => {
  it('reads the forms plans use, with the year given or implied by the plan date', () => {
    expect(dates('到2022年底,建设1个市级思政教育工作室')).toEqual(['2022-12-31']);
    expect(dates('到2022年,“双师型”教师占专业教师总数的比例达到60%。')).toEqual(['2022-12-31']);
    expect(dates('6月底前完成实训基地选址')).toEqual(['2021-06-30']);
    expect(dates('2022年9月前建成')).toEqual(['2022-08-31']);
    expect(dates('于2021年10月15日前报送方案')).toEqual(['2021-10-15']);
    expect(dates('年内完成校舍改造')).toEqual(['2021-12-31']);
    expect(dates('二〇二二年六月底前全部完成')).toEqual(['2022-06-30']);
    expect(dates('力争明年上半年投入使用')).toEqual(['2022-06-30']);
    expect(dates('三季度末前完成招标')).toEqual(['2021-09-30']);
    expect(dates('确保2022年11月下旬完成验收')).toEqual(['2022-11-30']);
    expect(dates('截至２０２２年３月，完成摸底')).toEqual(['2022-03-31']);
    // a month already past in the plan's year is the next one
    expect(dates('3月底前完成')).toEqual(['2022-03-31']);
  });

  it('takes a range by its end and ignores dates that are not deadlines', () => {
    expect(dates('2021年9月至2022年6月开展专项行动')).toEqual(['2022-06-30']);
    expect(dates('每年6月底前报送年度总结')).toEqual([]);
    expect(dates('两年内完成全部改造')).toEqual([]);
    expect(dates('3个月内完成')).toEqual([]);
    expect(dates('2021年全县招生3000人')).toEqual([]);
    expect(dates('深化产教融合，推进校企合作')).toEqual([]);
  });

  it('gives the latest deadline of a text as the task completion', () => {
    const d = latestDeadline('2021年9月底前完成方案制定，到2022年底全面建成', { from });
    expect(d).toMatchObject({ date: '2022-12-31', text: '到2022年底' });
  });

  it('reads a date an admin types', () => {
    expect(readDate('2022-06-30', { from })).toBe('2022-06-30');
    expect(readDate('2022/6/30', { from })).toBe('2022-06-30');
    expect(readDate('2022年6月30日', { from })).toBe('2022-06-30');
    expect(readDate('2022年底', { from })).toBe('2022-12-31');
    expect(readDate('2022-02-30', { from })).toBeUndefined();
    expect(readDate('下周', { from })).toBeUndefined();
    expect(readDate('2022年6月30日 和 7月', { from })).toBeUndefined();
  });
});
