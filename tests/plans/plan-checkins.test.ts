import { describe, expect, it } from 'vitest';
import { renderFormCard } from '../../adapters/lark/render-form-card.js';
import type { Outgoing, OutgoingText } from '../../src/shared/types.js';
import { manyPlans, tempBot } from '../helpers/temp-bot.js';

const VOC = 'jishan-2021';
const RURAL = 'jishan-rural-revitalization-talent-2022';

/** 县财政局 has tasks 4, 9, 15 and 16 in both plans; 县科协 is in the rural plan only; 县发改局 in the first only. */
const ROSTER = [
  { unit: '县财政局', members: [{ platform: 'lark', id: 'ou_fin', name: '王会计', role: 'liaison' }] },
  { unit: '县科协', members: [{ platform: 'lark', id: 'ou_kx', name: '赵科', role: 'liaison' }] },
  { unit: '县发改局', members: [{ platform: 'lark', id: 'ou_fg', name: '钱发', role: 'liaison' }] },
];

async function bot() {
  const b = await tempBot({
    plans: manyPlans(['jishan-rural-revitalization-talent-2022.json']),
    roster: ROSTER,
    admins: ['lark:ou_admin'],
    at: '2022-06-06T08:00:00+08:00',
  });
  const records = () =>
    b.store.data.checkins.filter((c) => !c.withdrawn).map((c) => [c.unit, c.plan, c.task, c.progress]);
  return { ...b, records };
}

const texts = (out: Outgoing[]) => out.filter((o): o is OutgoingText => 'text' in o && !('file' in o));

describe('one roster, many plans', () => {
  it("prompts each unit once with its tasks grouped by plan; the form names each task's plan", async () => {
    const { core, clock } = await bot();
    clock.set('2022-06-06T09:00:00+08:00');
    const out = texts(await core.runDue(clock.now()));
    const fin = out.find((o) => o.to.userId === 'ou_fin');
    expect(out.filter((o) => o.to.userId === 'ou_fin')).toHaveLength(1);
    expect(fin?.text).toMatch(/县财政局负责的任务：\n职教行动计划（稷政发〔2021〕6号）：\n• 任务2/);
    expect(fin?.text).toContain(
      '乡村振兴人才培育行动方案（稷政办发〔2022〕15号）：\n• 任务1「实施高素质农民培育计划」',
    );
    expect(fin?.text).toContain('请在任务前写上方案名称');
    const kx = out.find((o) => o.to.userId === 'ou_kx');
    expect(kx?.text).toContain('任务14「实施科技特派员服务行动」（牵头）');
    expect(kx?.text).not.toContain('职教行动计划');
    expect(fin?.form?.tasks[0]).toEqual({ no: 2, title: '职教行动计划 实施职业教育铸魂育人计划', plan: VOC });
    const card = JSON.stringify(renderFormCard(fin?.form as NonNullable<typeof fin>['form'] & object));
    expect(card).toContain(`"value":"${RURAL}:16"`);
  });

  it('files a reply under the plan where the unit has the task, lines of two plans apart', async () => {
    const { say, records } = await bot();
    const [kx] = await say('lark:ou_kx', '任务14 进度30% 已选派科技特派员20名');
    expect(kx).toContain('已记录 县科协 2022-W23〔乡村振兴人才培育行动方案〕');
    const [fg] = await say('lark:ou_fg', '任务14 进度50%');
    expect(fg).toContain('〔职教行动计划〕');
    // task 2 is the first plan's only, task 10 the rural plan's only: one message, two plans
    const [mixed] = await say('lark:ou_fin', '任务2 进度50% 已拨付经费\n任务10 进度20% 招聘方案已定');
    expect(mixed).toContain('〔职教行动计划〕：\n• 任务2「实施职业教育铸魂育人计划」进度50%');
    expect(mixed).toContain(
      '〔乡村振兴人才培育行动方案〕：\n• 任务10「加强乡村卫生健康人才队伍建设」进度20%',
    );
    expect(records()).toEqual([
      ['县科协', RURAL, 14, 30],
      ['县发改局', VOC, 14, 50],
      ['县财政局', VOC, 2, 50],
      ['县财政局', RURAL, 10, 20],
    ]);
  });

  it('asks which plan for a task number the unit has in two, and files it by the number or the name answered', async () => {
    const { say, records, store } = await bot();
    const [ask] = await say('lark:ou_fin', '任务4 进度40% 资金已下达');
    expect(ask).toContain('请问这条汇报的任务4是哪个方案的');
    expect(ask).toContain('1. 职教行动计划：任务4「实施职业教育综合服务能力提升工程」');
    expect(ask).toContain('2. 乡村振兴人才培育行动方案：任务4「实施乡村产业振兴带头人“头雁”培育工程」');
    expect(records()).toEqual([]);
    // the question back is stored: it survives a restart like every ask-back
    expect(Object.values(store.data.pending)[0]?.text).toContain('[plans:');
    const [done] = await say('lark:ou_fin', '2');
    expect(done).toContain('〔乡村振兴人才培育行动方案〕');
    expect(done).toContain('说明：资金已下达');
    await say('lark:ou_fin', '任务9 进度10%');
    const [byName] = await say('lark:ou_fin', '职教行动计划');
    expect(byName).toContain('任务9「实施职业教育“双师型”教师队伍建设计划」进度10%');
    await say('lark:ou_fin', '任务15 进度5%');
    expect((await say('lark:ou_fin', '不用'))[0]).toContain('未记录');
    expect(records()).toEqual([
      ['县财政局', RURAL, 4, 40],
      ['县财政局', VOC, 9, 10],
    ]);
  });

  it('takes the plan named in the reply, on its line or as a heading above it, and from a quoted prompt of one plan', async () => {
    const { say, records } = await bot();
    await say('lark:ou_fin', '乡村振兴人才方案 任务9 进度10%');
    await say(
      'lark:ou_fin',
      '职教行动计划：\n任务16 进度15% 基地已选址\n乡村人才方案：\n任务16 进度5%\n任务1 进度30%',
    );
    await say('lark:ou_fin', '任务15 进度20%', {
      quote: { text: '〔乡村振兴人才培育行动方案〕任务15「发挥职业学校培养乡村人才作用」', fromBot: true },
    });
    expect(records()).toEqual([
      ['县财政局', RURAL, 9, 10],
      ['县财政局', VOC, 16, 15],
      ['县财政局', RURAL, 16, 5],
      ['县财政局', RURAL, 1, 30],
      ['县财政局', RURAL, 15, 20],
    ]);
    const note = records().length;
    expect(note).toBe(5);
  });

  it('reminds, lists 我的任务 and 本周汇报情况 per plan, and a stopped plan neither prompts nor takes reports', async () => {
    const { say, core, clock, records } = await bot();
    await say('lark:ou_fin', '任务2 进度50%');
    const [mine] = await say('lark:ou_fin', '我的任务');
    expect(mine).toMatch(
      /职教行动计划（稷政发〔2021〕6号）：\n• 任务2「实施职业教育铸魂育人计划」（配合）：本周已报 进度50%/,
    );
    const [status] = await say('lark:ou_admin', '本周汇报情况');
    expect(status).toContain('【2022-W23 汇报情况】2个方案');
    expect(status).toMatch(/• 职教行动计划：0\/2个单位已全部汇报，已报1\/\d+项/);
    expect(status).toContain('〔乡村振兴人才培育行动方案〕【2022-W23 汇报情况】');
    const [one] = await say('lark:ou_admin', '本周汇报情况 乡村人才 2022-W23');
    expect(one).toMatch(/^【2022-W23 汇报情况】1个方案/);
    expect(one).not.toContain('〔职教行动计划〕');
    clock.set('2022-06-09T15:00:00+08:00');
    const reminders = texts(await core.runDue(clock.now()));
    const fin = reminders.find((o) => o.to.userId === 'ou_fin' && o.text.startsWith('【提醒】'))?.text ?? '';
    expect(fin).toContain('【提醒】县财政局本周（2022-W23）还有16项任务未汇报');
    expect(fin).toContain(
      '乡村振兴人才培育行动方案（稷政办发〔2022〕15号）：\n• 任务1「实施高素质农民培育计划」',
    );
    expect(fin).not.toContain('任务2「');
    // stopped: the rural plan sends no prompt next week, and its reports are refused
    expect((await say('lark:ou_admin', '停用 乡村人才'))[0]).toContain('已停用乡村振兴人才培育行动方案');
    expect((await say('lark:ou_kx', '任务14 进度40%'))[0]).toContain('已停用');
    expect((await say('lark:ou_fin', '任务10 进度40%'))[0]).toContain('不是县财政局的任务');
    clock.set('2022-06-13T09:00:00+08:00');
    const prompts = texts(await core.runDue(clock.now()));
    expect(prompts.find((o) => o.to.userId === 'ou_kx')).toBeUndefined();
    expect(prompts.find((o) => o.to.userId === 'ou_fin')?.text).not.toContain('乡村振兴');
    expect(records()).toEqual([['县财政局', VOC, 2, 50]]);
  });

  it('records a form submitted for a task of the second plan under that plan', async () => {
    const { core, records } = await bot();
    const out = await core.event({
      kind: 'form',
      platform: 'lark',
      chatId: 'ou_fin',
      chatType: 'direct',
      submissionId: 's1',
      sender: { id: 'ou_fin' },
      values: { task: `${RURAL}:16`, status: 'normal', progress: '25', note: '选址完成' },
    });
    expect(texts(out)[0]?.text).toContain('任务16「建设乡村振兴人才实训基地」进度25%');
    expect(records()).toEqual([['县财政局', RURAL, 16, 25]]);
  });
});
