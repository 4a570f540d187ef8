import { describe, expect, it } from 'vitest';
import { MAX_REPORT_CHARS } from '../../src/checkins/read-report.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

const records = (bot: Awaited<ReturnType<typeof tempBot>>) =>
  bot.store.data.checkins.filter((c) => !c.withdrawn).map((c) => [c.task, c.progress, c.status]);

describe('reports through the core: ask-back', () => {
  it('lists two readings, records nothing, and takes "2" in the next message', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [ask] = await bot.say('lark:ou_fin1', '任务5进度百分之五十或者六十，我再核实一下');
    expect(ask).toContain('请问任务5');
    expect(ask).toContain('1. 进度50%，正常推进');
    expect(ask).toContain('2. 进度60%，正常推进');
    expect(records(bot)).toEqual([]);
    const [done] = await bot.say('lark:ou_fin1', '2');
    expect(done).toContain('任务5「实施高水平中等职业学校建设计划」进度60%');
    expect(records(bot)).toEqual([[5, 60, 'normal']]);
    expect(bot.store.data.pending).toEqual({});
  });

  it('takes "否" as no record, and a corrected line instead of a number', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务5 进度30% 40%');
    const [no] = await bot.say('lark:ou_fin1', '否');
    expect(no).toContain('未记录');
    expect(records(bot)).toEqual([]);
    await bot.say('lark:ou_fin1', '任务5 进度30% 40%');
    const [fixed] = await bot.say('lark:ou_fin1', '任务5 进度35%');
    expect(fixed).toContain('已记录');
    expect(records(bot)).toEqual([[5, 35, 'normal']]);
    // the ask-back is over: a later "1" is not an answer to it
    const [later] = await bot.say('lark:ou_fin1', '1');
    expect(later).not.toContain('已记录');
    expect(records(bot)).toEqual([[5, 35, 'normal']]);
  });

  it('asks "是/否" before recording a report that ends with a question mark', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [ask] = await bot.say('lark:ou_fin1', '任务14 进度60%？');
    expect(ask).toContain(
      '请问是否记录以下内容？（汇报以问号结尾）\n• 任务14「推进产教深度融合」进度60%，正常推进',
    );
    expect(ask).toContain('回复“1”或“是”确认记录');
    expect(records(bot)).toEqual([]);
    const [yes] = await bot.say('lark:ou_fin1', '是');
    expect(yes).toContain('已记录');
    expect(records(bot)).toEqual([[14, 60, 'normal']]);
  });

  it('records the clear part of a message and asks about the rest', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say('lark:ou_fin1', '任务4 进度40%；任务5 进度百分之五十还是六十');
    expect(reply).toMatch(/^已记录/);
    expect(reply).toContain('另有一项未记录：请问任务5');
    expect(records(bot)).toEqual([[4, 40, 'normal']]);
    await bot.say('lark:ou_fin1', '1');
    expect(records(bot)).toEqual([
      [4, 40, 'normal'],
      [5, 50, 'normal'],
    ]);
  });

  it('proposes the task whose own words the report uses, records it on 是, and asks which task otherwise', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [ask] = await bot.say('lark:ou_fin1', '实训基地已完成选址，进度30%');
    expect(ask).toContain(
      '请问是否记录以下内容？（汇报没有写任务编号，按内容判断是任务16「实施高水平实训基地建设计划」）',
    );
    expect(ask).toContain('• 任务16「实施高水平实训基地建设计划」进度30%');
    expect(records(bot)).toEqual([]);
    const [yes] = await bot.say('lark:ou_fin1', '是');
    expect(yes).toContain('任务16「实施高水平实训基地建设计划」进度30%');
    expect(records(bot)).toEqual([[16, 30, 'normal']]);
    // a figure alone right after a report: the last task is only offered, 否 records nothing
    const [guess] = await bot.say('lark:ou_fin1', '进度50%');
    expect(guess).toContain('请问这条汇报是任务16「实施高水平实训基地建设计划」的吗？');
    const [no] = await bot.say('lark:ou_fin1', '否');
    expect(no).toContain('未记录');
    expect(records(bot)).toEqual([[16, 30, 'normal']]);
    // without anything to go by the bot asks which task, and 是 is not an answer to that
    const other = await tempBot({ roster: TEST_ROSTER });
    const [which] = await other.say('lark:ou_fin1', '进度50%');
    expect(which).toContain('请问这条汇报是哪项任务的？');
    const [notAnswer] = await other.say('lark:ou_fin1', '是');
    expect(notAnswer).not.toContain('已记录');
    expect(records(other)).toEqual([]);
  });

  it('applies a correction without a task to the task of the last report', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务12 进度30%');
    const [fix] = await bot.say('lark:ou_fin1', '上次报错了，应为35%');
    expect(fix).toContain('任务12「开展高质量职业培训」进度35%');
    expect(fix).toContain('已替换本周之前的汇报');
    expect(bot.core.desk.roster.current('县财政局', '2021-W23').get(12)?.progress).toBe(35);
  });

  it('answers a status question about a task, and records a report that contains a question word', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [q] = await bot.say('lark:ou_fin1', '任务14进展如何');
    expect(q).toContain('还没有单位汇报过进展');
    const [r] = await bot.say('lark:ou_fin1', '任务14 进度60%，企业是否参与待定');
    expect(r).toContain('已记录');
    expect(bot.store.data.checkins[0]?.note).toBe('企业是否参与待定');
  });
});

describe('reports through the core: quotes, withdrawal, limits', () => {
  it('never records a WeChat quote block, and records the reply under it', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say(
      'wechat:wxid_fin2',
      '「李主任：任务3进度80%」\n- - - - - - - - - - - - - - -\n任务5进度20%，正常推进',
    );
    expect(reply).toContain('任务5「实施高水平中等职业学校建设计划」进度20%');
    expect(records(bot)).toEqual([[5, 20, 'normal']]);
  });

  it("files a reply that quotes the bot's weekly prompt under that prompt's week", async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-05-30T12:00:00+08:00' });
    const prompts = await bot.core.runDue(new Date('2021-05-31T09:00:00+08:00'));
    const prompt = prompts.find((o) => o.to.chatId === 'ou_fin1');
    const text = prompt && 'text' in prompt ? (prompt.text ?? '') : '';
    expect(text).toContain('2021-W22');
    bot.clock.set('2021-06-07T10:00:00+08:00');
    // a Lark reply: the parent message arrives as the quote; its 13 task lines and its example are not content
    const [reply] = await bot.say('lark:ou_fin1', '任务16 进度70%', {
      quote: { text, id: 'om_p', fromBot: true },
    });
    expect(reply).toContain('已记录 县财政局 2021-W22（逾期汇报）');
    expect(bot.store.data.checkins.map((c) => [c.task, c.week])).toEqual([[16, '2021-W22']]);
    // the same prompt quoted inside the text (WeChat), with a one-sentence reply
    const [again] = await bot.say(
      'wechat:wxid_fin2',
      `「计划助手：${text}」\n- - - - - - - - - - - - - - -\n任务2 本周无进展`,
    );
    expect(again).toContain('2021-W22');
    expect(bot.store.data.checkins.map((c) => c.task)).toEqual([16, 2]);
  });

  it('withdraws only on the exact commands, and 撤回任务N withdraws one task', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度60%；任务2 进度30%');
    const [notUndo] = await bot.say('lark:ou_fin1', '撤销合并的方案已报批');
    expect(notUndo).not.toContain('已撤回');
    expect(records(bot)).toHaveLength(2);
    const [one] = await bot.say('lark:ou_fin1', '撤回任务2');
    expect(one).toContain('已撤回（2021-W23）：任务2');
    expect(records(bot)).toEqual([[14, 60, 'normal']]);
    const [none] = await bot.say('lark:ou_fin1', '撤回任务9');
    expect(none).toContain('没有任务9的记录');
    const [all] = await bot.say('lark:ou_fin1', '撤回');
    expect(all).toContain('已撤回');
    expect(records(bot)).toEqual([]);
  });

  it('refuses a message over the length limit or with more items than the unit has tasks', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [long = ''] = await bot.say('lark:ou_fin1', `任务14 进度60% ${'很'.repeat(MAX_REPORT_CHARS)}`);
    expect(long).toContain('没有记录');
    expect(long).toContain(`上限${MAX_REPORT_CHARS}字`);
    expect(long.length).toBeLessThan(300);
    const [many] = await bot.say('wechat:wxid_tour', '任务10 进度30%\n任务10 进度20%\n任务10 已完成');
    expect(many).toContain('没有记录：这条消息有3项汇报，县文旅局只负责1项任务');
    const [huge] = await bot.say('lark:ou_fin1', '任务14 进度1%\n'.repeat(12));
    expect(huge).toContain('没有记录：这条消息有12项汇报，县财政局只负责11项任务');
    expect(records(bot)).toEqual([]);
    // a single-task unit's mixed message: its own task is recorded, the other named
    const [mixed] = await bot.say('wechat:wxid_tour', '任务10进度40%，任务12进度20%');
    expect(mixed).toContain('未记录：任务12不是县文旅局的任务');
    expect(records(bot)).toEqual([[10, 40, 'normal']]);
  });

  it('refuses a report written for another unit', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say('lark:ou_fin1', '县教育局：任务14进度50%');
    expect(reply).toContain('没有记录：这条汇报写的是县教育局，您绑定的单位是县财政局');
    expect(records(bot)).toEqual([]);
  });

  it('keeps control characters out of notes', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度60% 已召开\u0000座谈会\u001b[31m');
    const note = bot.store.data.checkins[0]?.note ?? '';
    expect([...note].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
    expect(note).toContain('座谈会');
  });
});

describe('reports through the core: how liaisons mend and take back what they sent', () => {
  it('takes 撤回 followed by its reason as a withdrawal of the last report', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 本周进度40%');
    const [undo] = await bot.say('lark:ou_fin1', '撤回 撤回 发错了 这是给局里周报的草稿 数还没定');
    expect(undo).toContain('已撤回');
    expect(records(bot)).toEqual([]);
  });

  it('reads an apology with a figure right after a report as its correction', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度62% 正常推进');
    const [fix] = await bot.say('lark:ou_fin1', '不好意思 手滑了 是26%');
    expect(fix).toContain('已替换本周之前的汇报');
    expect(bot.core.desk.roster.current('县财政局', '2021-W23').get(14)?.progress).toBe(26);
    // a minute later (the last report is the one sent last)
    bot.clock.set('2021-06-07T10:01:00+08:00');
    await bot.say('lark:ou_fin1', '任务12 已完成');
    bot.clock.set('2021-06-07T10:02:00+08:00');
    await bot.say('lark:ou_fin1', '不好意思 还没完全完成 目前是90%');
    expect(bot.core.desk.roster.current('县财政局', '2021-W23').get(12)).toMatchObject({
      progress: 90,
      status: 'normal',
    });
  });

  it('gives 进度分别是 the tasks of the last messages in the order they were sent', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务3 正常推进');
    await bot.say('lark:ou_fin1', '任务4 也正常推进');
    await bot.say('lark:ou_fin1', '进度分别是70%和45%');
    const current = bot.core.desk.roster.current('县财政局', '2021-W23');
    expect([current.get(3)?.progress, current.get(4)?.progress]).toEqual([70, 45]);
  });

  it('reads a pipe table without outer bars by its header, and 两成半 as 25%', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [table] = await bot.say(
      'lark:ou_fin1',
      '序号|任务|进度|状态\n1|任务14|40%|正常\n2|任务15|55%|滞后',
    );
    expect(table).toContain('已记录');
    expect(records(bot)).toEqual([
      [14, 40, 'normal'],
      [15, 55, 'delayed'],
    ]);
    await bot.say('lark:ou_fin1', '第16项：两成半，滞后');
    expect(bot.core.desk.roster.current('县财政局', '2021-W23').get(16)?.progress).toBe(25);
  });

  it('answers a plan figure asked by someone who reports for no unit instead of asking them to bind', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [a] = await bot.say('lark:ou_stranger', '地方教育附加费不低于30%那个');
    expect(a).not.toContain('绑定');
    expect(a).toContain('30%');
    const [bind] = await bot.say('lark:ou_stranger', '任务14 进度60%');
    expect(bind).toContain('绑定');
  });
});
