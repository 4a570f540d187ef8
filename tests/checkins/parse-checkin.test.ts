import { describe, expect, it } from 'vitest';
import { looksLikeCheckin, parseCheckin } from '../../src/checkins/parse-checkin.js';

describe('parseCheckin', () => {
  it('reads the example reply', () => {
    expect(parseCheckin('任务14 进度60% 已召开校企座谈会')).toEqual({
      items: [{ tasks: [14], progress: 60, status: 'normal', note: '已召开校企座谈会' }],
      errors: [],
    });
  });

  it.each([
    ['任务9 百分之六十', 60],
    ['任务9 六成', 60],
    ['第九项 进度：45%', 45],
    ['任务9 进度８０％', 80],
    ['9号任务 完成100%', 100],
  ])('%s → %i%%', (text, progress) => {
    expect(parseCheckin(text).items[0]).toMatchObject({ tasks: [9], progress });
  });

  it.each([
    ['任务3 本周无进展', 'none', null],
    ['任务3 已完成', 'done', 100],
    ['任务3 进度40% 滞后，资金未到位', 'delayed', 40],
    ['任务3 受阻 场地未落实', 'blocked', null],
    ['任务3 正常推进', 'normal', null],
  ])('%s → %s', (text, status, progress) => {
    expect(parseCheckin(text).items[0]).toMatchObject({ tasks: [3], status, progress });
  });

  it('splits several tasks in one message by lines, semicolons or task numbers', () => {
    const lines = parseCheckin('任务2 进度50%\n任务3 已完成；任务9 滞后 编制未批 任务11 本周无进展');
    expect(lines.items.map((i) => i.tasks)).toEqual([[2], [3], [9], [11]]);
    expect(lines.items[2]).toMatchObject({ status: 'delayed', note: '编制未批' });
  });

  it('ignores list numbering and a heading before the first task', () => {
    expect(
      parseCheckin('1. 任务2 进度30%\n2. 任务3 进度50%').items.map((i) => [i.tasks, i.progress]),
    ).toEqual([
      [[2], 30],
      [[3], 50],
    ]);
    expect(parseCheckin('本周进展：\n任务16 已完成实训基地选址').items).toEqual([
      { tasks: [16], progress: 100, status: 'done', note: '已完成实训基地选址' },
    ]);
  });

  it('keeps a reply without task number for the caller to resolve', () => {
    expect(parseCheckin('进度70% 已完成方案初稿').items).toEqual([
      { progress: 70, status: 'normal', note: '已完成方案初稿' },
    ]);
  });

  it('rejects progress above 100%', () => {
    expect(parseCheckin('任务14 进度160%').errors[0]).toMatch(/0—100%/);
  });
});

describe('looksLikeCheckin', () => {
  it.each([
    '任务14 进度60% 已召开校企座谈会',
    '本周无进展',
    '任务3 已完成',
    '进度70%',
    '任务14：已召开座谈会',
  ])('%s is a report', (t) => {
    expect(looksLikeCheckin(t)).toBe(true);
  });
  it.each(['任务14谁负责', '任务14进展如何', '双师型教师比例要达到多少', '任务14', '实习岗位比例是2%吗'])(
    '%s is a question',
    (t) => {
      expect(looksLikeCheckin(t)).toBe(false);
    },
  );
});
