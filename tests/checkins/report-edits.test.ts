import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/shared/types.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

type Bot = Awaited<ReturnType<typeof tempBot>>;
const live = (bot: Bot) =>
  bot.store.data.checkins.filter((c) => !c.withdrawn).map((c) => [c.task, c.progress, c.status]);
/** The current record of each task of 县财政局 this week. */
const current = (bot: Bot) =>
  [...bot.core.desk.roster.current('县财政局', '2021-W23').values()]
    .sort((a, b) => a.task - b.task)
    .map((c) => [c.task, c.progress, c.status, c.note]);
const photo: Attachment = {
  kind: 'image',
  key: 'img_1',
  download: async () => new TextEncoder().encode('jpeg'),
};

describe('edits across messages (within 30 minutes of the report)', () => {
  it('a figure-only correction keeps the status, the reason and the evidence, and says what changed', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务9 进度20% 滞后，还在等市编办批复', { attachments: [photo] });
    expect(bot.store.data.checkins[0]?.evidence).toHaveLength(1);
    bot.clock.set('2021-06-07T10:05:00+08:00');
    const [fix] = await bot.say('lark:ou_fin1', '上次报错了，应为25%');
    expect(fix).toContain(
      '任务9「实施职业教育“双师型”教师队伍建设计划」进度25%，滞后，说明：还在等市编办批复',
    );
    expect(fix).toContain('进度20% → 25%（状态、说明不变）');
    expect(current(bot)).toEqual([[9, 25, 'delayed', '还在等市编办批复']]);
    const latest = bot.store.data.checkins.at(-1);
    expect(latest?.evidence?.map((e) => e.name)).toEqual(
      bot.store.data.checkins[0]?.evidence?.map((e) => e.name),
    );
    // naming the task, a correction that says nothing else keeps the reason too; one with news replaces it
    await bot.say('lark:ou_fin1', '更正：任务9应为30%，刚才打错了');
    expect(current(bot)).toEqual([[9, 30, 'delayed', '还在等市编办批复']]);
    await bot.say('lark:ou_fin1', '更正：任务9进度30%，市编办已批复，正常推进');
    expect(current(bot)).toEqual([[9, 30, 'normal', '市编办已批复，正常推进']]);
  });

  it('是26%不是62%: the figure named first is the right one', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务16进度62%');
    const [fix] = await bot.say('lark:ou_fin1', '不好意思，是26%，不是62%');
    expect(fix).toContain('进度62% → 26%');
    expect(current(bot)).toEqual([[16, 26, 'normal', '']]);
  });

  it('打错了，是任务14: moves the record to the right task and withdraws the wrong one', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务4 进度30% 已召开推进会');
    const [fix] = await bot.say('lark:ou_fin1', '打错了，是任务14，不是4');
    expect(fix).toContain('已更正 县财政局 2021-W23：任务4 → 任务14');
    expect(fix).toContain('任务14「推进产教深度融合」进度30%，正常推进，说明：已召开推进会');
    expect(current(bot)).toEqual([[14, 30, 'normal', '已召开推进会']]);
    // a task that is not the unit's is refused
    const [no] = await bot.say('lark:ou_fin1', '打错了，是任务7');
    expect(no).toContain('任务7不是县财政局的任务');
    expect(current(bot)).toEqual([[14, 30, 'normal', '已召开推进会']]);
  });

  it('先别记 withdraws the report just made; a status corrected later keeps the figure', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务2 进度50%');
    const [held] = await bot.say('lark:ou_fin1', '上面那条先别记，我再核实一下');
    expect(held).toContain('刚才的汇报已撤回');
    expect(live(bot)).toEqual([]);
    await bot.say('lark:ou_fin1', '任务3 进度40% 受阻');
    const [fix] = await bot.say('lark:ou_fin1', '不是受阻，是滞后');
    expect(fix).toContain('状态受阻 → 滞后（进度不变）');
    expect(current(bot)).toEqual([[3, 40, 'delayed', '']]);
  });

  it('补充 adds a task and leaves the others; figures sent after statuses go to their tasks in order', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14正常推进，任务15滞后');
    const [figures] = await bot.say('lark:ou_fin1', '进度分别是30%和15%');
    expect(figures).toContain('已记录');
    await bot.say('lark:ou_fin1', '补充：任务3也完成了');
    expect(current(bot)).toEqual([
      [3, 100, 'done', '也完成了'],
      [14, 30, 'normal', ''],
      [15, 15, 'delayed', ''],
    ]);
  });

  it('a task given in the next message completes a report that named none; 以此为准 changes nothing', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [ask] = await bot.say('lark:ou_fin1', '这周进度55%，正常推进');
    expect(ask).toContain('是哪项任务的');
    const [done] = await bot.say('lark:ou_fin1', '是任务5，高水平中职学校那个');
    expect(done).toContain('任务5「实施高水平中等职业学校建设计划」进度55%');
    const [ok] = await bot.say('lark:ou_fin1', '以上以此为准');
    expect(ok).toContain('以最新的汇报为准');
    expect(current(bot)).toEqual([[5, 55, 'normal', '这周进度55%，正常推进']]);
  });

  it('after 30 minutes a figure alone is not taken for the earlier report', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务12 进度30%');
    bot.clock.set('2021-06-07T10:31:00+08:00');
    const [ask] = await bot.say('lark:ou_fin1', '上次报错了，应为35%');
    expect(ask).toContain('是哪项任务的');
    expect(current(bot)).toEqual([[12, 30, 'normal', '']]);
  });

  it('a plan is not recorded: the bot asks for this week’s figure and records the answer', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [plan] = await bot.say('lark:ou_fin1', '下周计划：任务9完成招聘办法审核，力争进度达到70%');
    expect(plan).toContain('没有记录');
    expect(plan).toContain('请问任务9本周的进度是多少？');
    await bot.say('lark:ou_fin1', '40%');
    expect(current(bot)).toEqual([[9, 40, 'normal', '']]);
  });
});
