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

describe('readReport: layouts', () => {
  const edu = kb.tasks.filter((t) => t.units.includes('县教育局')).map((t) => t.no);
  const fin = kb.tasks.filter((t) => t.units.includes('县财政局')).map((t) => t.no);
  const now = new Date('2021-06-08T02:00:00Z');
  const readAs = (text: string, tasks: number[]) => readReport(text, kb, { tasks, now });
  const rowsOf = (r: ReturnType<typeof read>) => r.items.map((i) => [i.tasks, i.progress, i.status]);

  it('reads a table by its header: task, progress and status columns, 序号 is a row number', () => {
    const tab = readAs('序号\t任务\t状态\t进度\n1\t任务5\t正常推进\t40%\n2\t任务9\t滞后\t25%', edu);
    expect(tab.layout).toBe('table');
    expect(rowsOf(tab)).toEqual([
      [[5], 40, 'normal'],
      [[9], 25, 'delayed'],
    ]);
    const pipe = readAs(
      '| 任务 | 进度 | 状态 | 备注 |\n|---|---|---|---|\n| 16 | 10% | 受阻 | 缺口80万元 |',
      fin,
    );
    expect(pipe.items).toEqual([
      expect.objectContaining({ tasks: [16], progress: 10, status: 'blocked', note: '缺口80万元' }),
    ]);
    // a name column names the task by its title
    expect(rowsOf(readAs('任务名称\t完成进度\n实施精品课程建设计划\t30%', edu))).toEqual([
      [[8], 30, 'normal'],
    ]);
  });

  it('reads rows of task, progress and status, list bullets and emoji, and rows labelled with a title', () => {
    expect(rowsOf(readAs('14/60%/正常\n16/20%/滞后', edu))).toEqual([
      [[14], 60, 'normal'],
      [[16], 20, 'delayed'],
    ]);
    expect(rowsOf(readAs('4-50%-正常；5-30%-滞后', fin))).toEqual([
      [[4], 50, 'normal'],
      [[5], 30, 'delayed'],
    ]);
    expect(rowsOf(readAs('①任务1：进度70%\n②任务19：已完成报名，进度60%', edu))).toEqual([
      [[1], 70, 'normal'],
      [[19], 60, 'normal'],
    ]);
    expect(rowsOf(readAs('✅任务18：首批考核已结束，进度50%\n⚠️任务11：进度20%，受阻', edu))).toEqual([
      [[18], 50, 'normal'],
      [[11], 20, 'blocked'],
    ]);
    const labelled = readAs('1. 品牌专业建设：50%，正常\n2. 1+X证书试点：60%，正常', edu);
    expect(labelled.items.map((i) => [i.tasks, i.progress, i.taskBy])).toEqual([
      [[7], 50, 'label'],
      [[18], 60, 'label'],
    ]);
    // sub-items of one task, each with its own figure: no figure of the task, asked
    const parts = readAs('任务9（双师型教师队伍建设）\n—编制核定：已完成\n—招聘办法：进度60%', edu);
    expect(parts.items).toEqual([]);
    expect(parts.unclear[0]?.reason).toContain('分项');
  });

  it('reads rows pasted without a header, a figure under another column name, and task lines in a report', () => {
    expect(rowsOf(readAs('14\t60%\t正常推进\n15\t35%\t滞后', edu))).toEqual([
      [[14], 60, 'normal'],
      [[15], 35, 'delayed'],
    ]);
    expect(rowsOf(readAs('| 14 | 60% | 正常 |\n| 15 | 35% | 滞后 |', edu))).toEqual([
      [[14], 60, 'normal'],
      [[15], 35, 'delayed'],
    ]);
    expect(rowsOf(readAs('任务序号\t任务名称\t完成情况\n7\t品牌专业建设\t45%', edu))).toEqual([
      [[7], 45, 'normal'],
    ]);
    const doc = readAs(
      '县教育局本周工作进展情况\n一、工作进展\n任务12：本周开展电工培训2期，进度40%。\n任务14：召开推进会，进度25%，略有滞后。\n二、下步打算\n任务14争取月底达到40%。\n县教育局\n2021年6月7日',
      edu,
    );
    expect(rowsOf(doc)).toEqual([
      [[12], 40, 'normal'],
      [[14], 25, 'delayed'],
    ]);
    // a figure of another measure only: the task is reported, without a figure
    expect(rowsOf(read('任务16 实训楼主体完工，完成投资的60%'))).toEqual([[[16], null, 'normal']]);
  });

  it('never takes a number inside a name for a task or a figure', () => {
    expect(rowsOf(read('任务19 “3+2”贯通培养招生已备案，进度55%'))).toEqual([[[19], 55, 'normal']]);
    expect(rowsOf(read('任务18 1+X证书第二批考核已报名，进度40%'))).toEqual([[[18], 40, 'normal']]);
    expect(rowsOf(read('任务15 校企“双元”育人第二批企业签约，进度30%'))).toEqual([[[15], 30, 'normal']]);
  });

  const report = (body: string) =>
    `关于品牌专业建设工作推进情况的报告\n\n县职教办：\n\n现将有关情况报告如下：\n\n一、工作进展\n${body}\n\n县教育局\n2021年6月7日`;

  it('reads an official report: the task by its title, the progress figure apart from other measures', () => {
    const r = readAs(
      report(
        '新增专业方向1个，对口就业率95%，取证率90%，占比30%，同比增长12%，合格率98%。该项工作目前完成约40%。',
      ),
      edu,
    );
    expect(r.layout).toBe('document');
    expect(r.unit).toBe('县教育局');
    expect(r.items).toEqual([expect.objectContaining({ tasks: [7], progress: 40, taskBy: 'title' })]);
    expect(r.items[0]?.note).toBe('关于品牌专业建设工作推进情况的报告：该项工作目前完成约40%');
    // money and a rate of another measure are no progress: nothing to record at once
    const money = readAs(report('已拨付资金48万元，拨付率60%。'), edu);
    expect(money.items[0]).toMatchObject({ tasks: [7], progress: null });
    expect(money.items[0]?.doubts).toEqual(['报告没有写本任务的进度，也没有写推进状态']);
  });

  it('takes 存在问题 only where it speaks of the work as a whole, and never 下步打算', () => {
    const text = (problems: string, plans: string) =>
      `县文旅局关于后稷工匠工作的报告\n一、工作进展\n举办培训4次。\n二、存在问题\n${problems}\n三、下步打算\n${plans}\n县文旅局\n2021年6月8日`;
    const part = readAs(text('部分设备供货延迟。', '力争月底前完成全年任务的60%。'), [10]);
    expect(part.items).toEqual([]);
    expect(part.unclear).toEqual([expect.objectContaining({ tasks: [10], reason: '没有写进度或状态' })]);
    expect(
      rowsOf(readAs(text('场地维修，目前仅完成全年计划的25%，进度滞后。', '下周加快进度。'), [10])),
    ).toEqual([[[10], 25, 'delayed']]);
  });

  it('asks which task when the words of a report fit several of the unit’s tasks or none', () => {
    const r = readAs(
      '关于职业学校思政工作推进情况的报告\n一、工作进展\n坚持立德树人，推进课程思政改革。该项工作总体进度约40%。\n县教育局\n2021年6月7日',
      edu,
    );
    expect(r.items[0]).toMatchObject({ progress: 40, topics: [1, 2] });
    expect(r.items[0]?.tasks).toBeUndefined();
    // a report on another unit's task is named as that task (the desk refuses it), never moved to one of its own
    const other = readAs(
      '县财政局关于品牌专业建设资金保障情况的报告\n一、工作进展\n安排资金50万元。该项工作进度40%。\n县财政局\n2021年6月7日',
      fin,
    );
    expect(other.items[0]).toMatchObject({ tasks: [7], progress: 40 });
  });
});

describe('readReport: voice input', () => {
  it.each([
    ['任务十二 进度的话大概是百分之三十 不对 三十五 百分之三十五 正常推进', 12, 35],
    ['任务七 进度六成 那个 六成五 嗯对 六成五 正常的', 7, 65],
    ['任务三 那个进度是 百分之二十 二十五 哎不对 还是二十 就二十 有点滞后', 3, 20],
    ['任务十四 进度百分之 呃 十五 十五 不是不是 是五十 五十 正常推进', 14, 50],
    ['那个任务十五 现在做到百分之四十了 哦不对 四十五 正常推进', 15, 45],
    ['任务二 已经做了十五个了 目标是三十个 进度就按一半算吧', 2, 50],
    ['任务十二 进度那个 三十五 正常', 12, 35],
    ['任务十九 进度九十 正常', 19, 90],
    ['任务十七 约三成 正常', 17, 30],
  ])('%s → task %i, %i%%', (text, task, progress) => {
    expect(read(text).items).toEqual([expect.objectContaining({ tasks: [task], progress })]);
  });

  it('takes 十九号 after 十八号任务 as a task, and drops a task number the speaker forgot', () => {
    expect(rowsOf2('那个十八号任务 现在完成了百分之七十 还有那个十九号 职教高考 百分之五十')).toEqual([
      [[18], 70],
      [[19], 50],
    ]);
    const forgot = read('任务 十 十几来着 就是那个实训基地建设的 百分之三十');
    expect(forgot.items[0]).toMatchObject({ progress: 30, topics: [16] });
    expect(forgot.items[0]?.tasks).toBeUndefined();
  });

  function rowsOf2(text: string) {
    return read(text).items.map((i) => [i.tasks, i.progress]);
  }
});

describe('readReport: discourse markers', () => {
  const now = new Date('2021-06-08T02:00:00Z');
  const kindOf = (text: string) => {
    const r = readReport(text, kb, { now });
    return r.kind === 'notReport' ? `${r.kind}:${r.notReport?.kind}` : r.kind;
  };

  it.each([
    ['【转发】\n县人社局 李科长：\n任务12进度40%，正常推进。', 'notReport:forward'],
    ['去年年底的情况补充备案：任务8完成95%，任务9完成80%。', 'notReport:otherPeriod'],
    ['2020年任务3完成100%，任务5完成80%', 'notReport:otherPeriod'],
    ['下周计划：任务9完成招聘办法审核，力争进度达到70%。', 'notReport:plan'],
    ['今天开会领导说了，任务5要抓紧，下周争取到50%', 'notReport:plan'],
    ['请按“任务编号+进度+状态”回复，例如：任务3 进度60% 正常推进', 'notReport:example'],
    [
      '9.实施职业教育“双师型”教师队伍建设计划。到2022年，比例达到60%。（责任单位：县委编办、县教育局）',
      'notReport:planText',
    ],
    ['哈哈哈这周加班进度100%，头发掉了30%😂', 'notReport:joke'],
    ['任务11 进度50% 正常推进', 'report'],
  ])('%s → %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  it('reads a marker in brackets of its own as speaking of the figure before them', () => {
    expect(kindOf('任务8 进度50%（上月数据）')).toBe('notReport:otherPeriod');
    expect(kindOf('任务5进度60%（预计）')).toBe('notReport:plan');
    expect(rowsOf3('任务14 进度30%（去年同期20%）')).toEqual([[[14], 30]]);
    expect(rowsOf3('任务7 进度40%（目标80%）')).toEqual([[[7], 40]]);
  });

  it('confirms a report dated before this week, and keeps the dates of events', () => {
    expect(readReport('6月1日进展：任务8 进度50%', kb, { now }).doubts).toEqual([
      '汇报写的是6月1日的情况，不在本周',
    ]);
    expect(readReport('6月7日进展：任务8 进度50%', kb, { now }).doubts).toEqual([]);
    expect(readReport('任务13 6月1日召开会议，进度40%', kb, { now }).doubts).toEqual([]);
  });

  it('keeps a plan or another period to its clause inside a report', () => {
    expect(rowsOf3('任务5进度60%，下周争取到80%')).toEqual([[[5], 60]]);
    expect(rowsOf3('任务8精品课程申报材料下周可以完成，目前80%。')).toEqual([[[8], 80]]);
    expect(rowsOf3('任务9 去年完成30%，今年目前进度60%')).toEqual([[[9], 60]]);
  });

  it('reads what a message does to the previous report', () => {
    expect(readReport('上面那条先别记，数据还没核实', kb)).toMatchObject({
      kind: 'edit',
      intents: { hold: '先别记' },
    });
    expect(readReport('打错了，是任务18不是8', kb)).toMatchObject({
      kind: 'edit',
      intents: { correction: true, retask: { to: [18], from: [8] } },
    });
    expect(readReport('以上以此为准', kb).intents.final).toBe('以此为准');
    expect(readReport('补充：任务3也完成了', kb).items).toEqual([
      expect.objectContaining({ tasks: [3], progress: 100, status: 'done' }),
    ]);
    expect(readReport('不好意思，是26%，不是62%', kb)).toMatchObject({
      correction: true,
      items: [{ progress: 26 }],
    });
    expect(readReport('任务5的进度写错了，是45', kb).items).toEqual([
      expect.objectContaining({ tasks: [5], progress: 45 }),
    ]);
    expect(readReport('任务11 进度30%，资金到位了，不再受阻', kb).items[0]?.status).toBe('normal');
    // a joke with a task number is only proposed, never recorded at once
    expect(readReport('任务5进度60% 哈哈终于', kb).doubts).toEqual(['消息里有“哈哈”，像是玩笑']);
  });

  function rowsOf3(text: string) {
    return readReport(text, kb, { now }).items.map((i) => [i.tasks, i.progress]);
  }
});
