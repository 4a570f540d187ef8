import { describe, expect, it } from 'vitest';
import { promptContext, separateQuote } from '../../src/checkins/quote-context.js';
import { cleanNote, readReport } from '../../src/checkins/read-report.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { IncomingMessage } from '../../src/shared/types.js';

const kb = loadKnowledge();
const read = (text: string) => readReport(text, kb);
const rows = (text: string) => read(text).items.map((i) => [i.tasks, i.progress, i.status]);

describe('readReport: tasks', () => {
  it('reads the example reply, keeping the rest as the note', () => {
    expect(read('任务14 进度60% 已召开校企座谈会')).toMatchObject({
      kind: 'report',
      items: [{ tasks: [14], progress: 60, status: 'normal', note: '已召开校企座谈会' }],
      unclear: [],
      errors: [],
    });
  });

  it.each([
    ['任务十四进度百分之四十', 14, 40],
    ['第十五项：进度六成', 15, 60],
    ['任务９进度４５％', 9, 45],
    ['任務11 進度百分之八十五', 11, 85],
    ['9号任务 完成100%', 9, 100],
    ['#5 进度40%', 5, 40],
    ['task 5 40%', 5, 40],
    ['（3）进度40%', 3, 40],
    ['任务4 进度65.5%', 4, 65.5],
  ])('%s → task %i, %s%%', (text, task, progress) => {
    expect(read(text).items).toMatchObject([{ tasks: [task], progress }]);
  });

  it('expands ranges and lists, and shares one figure or status among them', () => {
    expect(rows('任务3至5均已完成')).toEqual([[[3, 4, 5], 100, 'done']]);
    expect(rows('任务6到任务8本周都没有进展')).toEqual([[[6, 7, 8], null, 'none']]);
    expect(rows('3、4号任务进度均为50%')).toEqual([[[3, 4], 50, 'normal']]);
    expect(rows('任务3、任务4这周没有进展')).toEqual([[[3, 4], null, 'none']]);
    expect(rows('任务8至10均已启动')).toEqual([[[8, 9, 10], null, 'normal']]);
  });

  it('pairs 分别 figures with the listed tasks in order, and asks when 分别 is missing', () => {
    expect(rows('任务14、15、16进度分别为30%、40%、50%')).toEqual([
      [[14], 30, 'normal'],
      [[15], 40, 'normal'],
      [[16], 50, 'normal'],
    ]);
    expect(rows('任务4、5分别达到20%、35%')).toEqual([
      [[4], 20, 'normal'],
      [[5], 35, 'normal'],
    ]);
    const r = read('任务4、5进度20%、35%');
    expect(r.items).toEqual([]);
    expect(r.unclear[0]).toMatchObject({ tasks: [4, 5] });
  });

  it('splits several items by lines, semicolons and task numbers, ignoring list numbering', () => {
    expect(rows('1. 任务4进度40%\n2. 任务5进度10%，进展缓慢')).toEqual([
      [[4], 40, 'normal'],
      [[5], 10, 'delayed'],
    ]);
    expect(rows('任务3 已完成；任务9 滞后 编制未批 任务11 本周无进展')).toEqual([
      [[3], 100, 'done'],
      [[9], null, 'delayed'],
      [[11], null, 'none'],
    ]);
    expect(rows('任务16已完成、任务20进度40%')).toEqual([
      [[16], 100, 'done'],
      [[20], 40, 'normal'],
    ]);
    expect(read('任务14进度60%，与任务15同步推进').items).toEqual([
      expect.objectContaining({ tasks: [14], progress: 60, note: '与任务15同步推进' }),
    ]);
    const r = read('任务14：召开推进会；任务15：进度30%');
    expect(r.items.map((i) => i.tasks)).toEqual([[15]]);
    expect(r.unclear).toEqual([expect.objectContaining({ tasks: [14], reason: '没有写进度或状态' })]);
    expect(rows('任务14 进度60%\n任务15 同上')).toEqual([
      [[14], 60, 'normal'],
      [[15], 60, 'normal'],
    ]);
  });

  it('never reads ordinals, counts, years, weeks or phone numbers as tasks', () => {
    for (const text of [
      '任务13本周召开第2次推进会，进度40%',
      '任务13：第二批合作企业已签约，进度40%',
      '任务13 进度40% 第二个合作项目已签约',
      '任务13 进度40%，另有第三项工作已启动',
      '任务13 进度40%，按第十条执行',
      '任务13 进度40% 第一周',
      '2021年第25周进展：任务13 进度40%',
      '任务13第24周将组织技能培训，目前进度40%',
      '任务13：本周开展培训500人次，进度40%',
      '任务13进度40%，有问题联系13835912345',
      '任务13：一是完成需求调研，二是启动课程开发，总体进度40%',
      '任务13 6月10日召开会议，进度40%',
      '任务13 3个实训室已建成，进度40%',
    ]) {
      expect(rows(text), text).toEqual([[[13], 40, 'normal']]);
    }
    expect(rows('计划2022年达标，目前完成率50%')).toEqual([[undefined, 50, 'normal']]);
  });
});

describe('readReport: figures', () => {
  it('takes the new figure of a change, and drops a figure marked wrong, keeping both in the note', () => {
    expect(read('任务4 进度从35%提升到50%').items).toEqual([
      expect.objectContaining({ tasks: [4], progress: 50, note: '进度从35%提升到50%' }),
    ]);
    expect(rows('任务9进度由40%提高到55%')).toEqual([[[9], 55, 'normal']]);
    expect(rows('任务5 之前填的40%有误，实际是45%')).toEqual([[[5], 45, 'normal']]);
    expect(rows('任务13，进度55%（上周误报为65%）')).toEqual([[[13], 55, 'normal']]);
    expect(read('上次报错了，应为35%')).toMatchObject({ correction: true, items: [{ progress: 35 }] });
  });

  it('reads fractions and words as figures, and keeps vague ones as a note', () => {
    expect(rows('任务8已完成一半')).toEqual([[[8], 50, 'normal']]);
    expect(rows('任务11完成了三分之一')).toEqual([[[11], 33.3, 'normal']]);
    expect(rows('任务1完成了四分之三')).toEqual([[[1], 75, 'normal']]);
    expect(read('任务18完成过半').items).toEqual([
      expect.objectContaining({ progress: null, note: '完成过半' }),
    ]);
  });

  it('asks when two figures compete, and takes the one written after 进度 when only one is', () => {
    const r = read('任务5进度百分之五十或者六十，我再核实一下');
    expect(r.items).toEqual([]);
    expect(r.unclear[0]?.readings.map((x) => x.progress)).toEqual([50, 60]);
    expect(read('任务5 进度百分之五十还是六十').unclear[0]?.readings.map((x) => x.progress)).toEqual([
      50, 60,
    ]);
    expect(read('任务5 30% 40%').unclear).toHaveLength(1);
    expect(rows('任务14 进度60%，企业参与率达到30%')).toEqual([[[14], 60, 'normal']]);
    expect(read('任务5进度50%到60%之间').unclear).toHaveLength(1);
    expect(rows('任务12，进度30%→45%')).toEqual([[[12], 45, 'normal']]);
    expect(rows('任务15 进度20%（较上周+5%）')).toEqual([[[15], 20, 'normal']]);
    expect(rows('任务15 累计完成60%，本周完成10%')).toEqual([[[15], 60, 'normal']]);
    expect(rows('任务9进度由40%提高到55%，较上周提高15%')).toEqual([[[9], 55, 'normal']]);
    expect(rows('任务15 进度为0')).toEqual([[[15], 0, 'normal']]);
    expect(rows('任务9 目标100%，目前40%')).toEqual([[[9], 40, 'normal']]);
    expect(rows('任务9 完成40%，剩余60%下月完成')).toEqual([[[9], 40, 'normal']]);
    expect(rows('任务9进度40%（目标80%）')).toEqual([[[9], 40, 'normal']]);
    expect(read('任务5 之前填的40%有误').unclear).toHaveLength(1);
  });

  it('refuses a progress above 100%', () => {
    expect(read('任务14 进度160%').errors[0]).toMatch(/0—100%/);
  });
});

describe('readReport: statuses', () => {
  it('reads done only when it speaks of the whole task', () => {
    expect(rows('任务19 已完成')).toEqual([[[19], 100, 'done']]);
    expect(rows('任务6 完成了一小半')).toEqual([[[6], null, 'normal']]);
    expect(rows('任务12 已完成2场培训，其余正在推进')).toEqual([[[12], null, 'normal']]);
    expect(rows('任务3 主体工程基本完成')).toEqual([[[3], null, 'normal']]);
    expect(rows('任务16 已完成实训基地选址')).toEqual([[[16], null, 'normal']]);
    expect(rows('第十五项：已完成六成')).toEqual([[[15], 60, 'normal']]);
    expect(rows('任务16 已完成全部建设任务')).toEqual([[[16], 100, 'done']]);
    expect(rows('任务5本周已完成')).toEqual([[[5], 100, 'done']]);
    expect(rows('任务12 第一阶段已完成')).toEqual([[[12], null, 'normal']]);
    expect(rows('任务12 培训已完成，其余正在推进')).toEqual([[[12], null, 'normal']]);
    expect(rows('任务14 进度60%，预计年底前全部完成')).toEqual([[[14], 60, 'normal']]);
    expect(rows('任务2已经完成')).toEqual([[[2], 100, 'done']]);
  });

  it('ignores negated statuses', () => {
    expect(rows('任务16按计划推进，未出现滞后，进度70%')).toEqual([[[16], 70, 'normal']]);
    expect(rows('任务19没有受阻，也不滞后，进度35%')).toEqual([[[19], 35, 'normal']]);
    expect(rows('任务9不存在困难，进度60%')).toEqual([[[9], 60, 'normal']]);
  });

  it('knows slow and blocked wording', () => {
    expect(rows('任务5进展缓慢，目前20%')).toEqual([[[5], 20, 'delayed']]);
    expect(rows('任务16 资金没到位')).toEqual([[[16], null, 'blocked']]);
    expect(rows('任务16 卡在审批环节')).toEqual([[[16], null, 'blocked']]);
    expect(rows('任务15：配套经费未落实，工作暂时停滞')).toEqual([[[15], null, 'blocked']]);
  });
});

describe('readReport: report or question', () => {
  it.each([
    '任务14 进度60%，企业是否参与待定',
    '任务14用地指标还没批下来，推不动，怎么办',
    '任务14：已召开座谈会',
    '本周无进展',
    '进度70%',
  ])('%s is a report', (t) => {
    expect(read(t).kind).toBe('report');
  });

  it.each([
    '任务14进展如何',
    '任务14完成了吗',
    '任务14是否完成',
    '任务十四进度是多少',
    '实习岗位比例是2%吗',
    '任务14谁负责',
    '任务14',
    '收到',
    '撤销合并的方案已报批',
    '任务14已报过了',
    '任务14正在统计，稍后报送',
    '收到，已完成的我晚点报',
  ])('%s is a question (or noise)', (t) => {
    expect(read(t).kind).toBe('question');
  });

  it('doubts a report that ends with a question mark or says it is not verified (confirmed, not recorded)', () => {
    expect(read('任务14 进度60%？').doubts).toEqual(['汇报以问号结尾']);
    expect(read('任务14 进度约60%，待核实').doubts).toEqual(['汇报里写了“待核实”']);
    expect(read('任务14 进度60%，企业是否参与待定')).toMatchObject({ kind: 'report', doubts: [] });
  });

  it('names the unit written before the first task, and ignores a partner unit after it', () => {
    expect(read('县财政局：任务14进度50%').unit).toBe('县财政局');
    expect(read('任务14 与县财政局对接，进度60%').unit).toBeUndefined();
  });
});

describe('notes', () => {
  it("keep the liaison's characters and figures, without control characters", () => {
    expect(read('任務九進度百分之三十，資金未到位').items[0]?.note).toBe('資金未到位');
    expect(read('任务12：本周开展培训500人次，进度40%').items[0]?.note).toBe('本周开展培训500人次，进度40%');
    expect(read('任务12 已完成2场培训\u0007，其余正在推进').items[0]?.note).toBe(
      '已完成2场培训 ，其余正在推进',
    );
    expect(cleanNote('a\u0000b\u200bc')).toBe('a b c');
  });
});

describe('quotes', () => {
  const msg = (text: string, quote?: IncomingMessage['quote']): IncomingMessage => ({
    platform: 'wechat',
    id: 'm1',
    chatId: 'c',
    chatType: 'direct',
    sender: { id: 'u' },
    text,
    mentionsBot: true,
    at: new Date(0),
    ...(quote ? { quote } : {}),
  });

  it('moves a WeChat quote block out of the text', () => {
    const m = separateQuote(
      msg('「李主任：任务3进度80%」\n- - - - - - - - - - - - - - -\n任务5进度20%，正常推进'),
    );
    expect(m.text).toBe('任务5进度20%，正常推进');
    expect(m.quote).toEqual({ text: '任务3进度80%' });
    expect(rows(m.text)).toEqual([[[5], 20, 'normal']]);
  });

  it('recognises a quoted weekly prompt (titles with 「」 inside) and reads its week and unit', () => {
    const prompt =
      '【每周进度汇报】2021-W22（2021-05-31起）\n县财政局负责的任务：\n• 任务14「推进产教深度融合」（配合）\n请在2021-06-04 17:00前回复本周进展，一行一项：任务N 进度60% 情况说明';
    const m = separateQuote(msg(`「plan-bot：${prompt}」\n- - - - - - - - - - - - - - -\n进度30%`));
    expect(m.text).toBe('进度30%');
    expect(m.quote?.fromBot).toBe(true);
    expect(promptContext(m.quote)).toEqual({ week: '2021-W22', unit: '县财政局' });
  });

  it('keeps a quote the adapter already separated, and leaves plain text alone', () => {
    const q = { text: '任务3进度80%', id: 'om_1' };
    expect(separateQuote(msg('任务5进度20%', q))).toMatchObject({ text: '任务5进度20%', quote: q });
    expect(separateQuote(msg('任务5 - 进度20%')).quote).toBeUndefined();
    expect(promptContext({ text: '任务3进度80%' })).toBeUndefined();
  });
});
