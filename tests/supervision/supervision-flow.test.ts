import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../src/shared/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { tempBot } from '../helpers/temp-bot.js';

const ADMIN = 'lark:ou_admin';

/** 县财政局 with a liaison and a leader, 县税务局 with a liaison and a leader, 县委编办 with a liaison only. */
const ROSTER = [
  {
    unit: '县财政局',
    members: [
      { platform: 'lark', id: 'ou_fin1', name: '王会计', role: 'liaison' },
      { platform: 'lark', id: 'ou_fin_lead', name: '刘局长', role: 'leader' },
    ],
  },
  {
    unit: '县税务局',
    members: [
      { platform: 'lark', id: 'ou_tax1', name: '孙税', role: 'liaison' },
      { platform: 'lark', id: 'ou_tax_lead', name: '周局长', role: 'leader' },
    ],
  },
  { unit: '县委编办', members: [{ platform: 'lark', id: 'ou_bb', name: '钱编', role: 'liaison' }] },
];

const texts = (out: Outgoing[]) => out.map((o) => ('text' in o ? (o.text ?? '') : ''));
const to = (out: Outgoing[], id: string) => out.filter((o) => o.to.userId === id || o.to.chatId === id);

describe('deadlines per task', () => {
  it('lets an admin set a task deadline in chat; prompts, 我的任务 and 进展 answers show it with a warning', async () => {
    const bot = await tempBot({ roster: ROSTER, admins: [ADMIN], at: '2022-03-25T10:00:00+08:00' });
    const [refused] = await bot.say('lark:ou_fin1', '任务14 截止 2022-03-31');
    expect(refused).toContain('只有管理员可以设置任务的截止时间');
    const [set] = await bot.say(ADMIN, '任务14 截止 2022-03-31');
    expect(set).toContain('已设置：任务14「推进产教深度融合」截止时间为2022年3月31日（原为2022年12月31日）');
    const [bad] = await bot.say(ADMIN, '任务14 截止 2022-13-45');
    expect(bad).toContain('不是有效的日期');
    // a question about the deadline is still a question
    const [asked] = await bot.say('lark:ou_someone', '任务14截止时间是什么时候');
    expect(asked).not.toContain('已设置');

    const [mine] = await bot.say('lark:ou_fin1', '我的任务');
    expect(mine).toContain('任务14「推进产教深度融合」（配合）：本周未报；截止2022年3月31日 🟠剩6天');
    expect(mine).toContain('任务3「');
    expect(mine).toMatch(/任务3「[^」]+」（配合）：本周未报；截止2022年12月31日\n/);

    const prompts = await bot.core.runDue(new Date('2022-03-28T09:00:00+08:00'));
    const fin = texts(to(prompts, 'ou_fin1')).find((t) => t.startsWith('【每周进度汇报】2022-W13')) ?? '';
    expect(fin).toContain('• 任务14「推进产教深度融合」（配合） 截止2022年3月31日 🟠剩3天');
    // the leader hears escalations, not prompts
    expect(texts(to(prompts, 'ou_fin_lead')).filter((t) => t.startsWith('【每周进度汇报】'))).toEqual([]);

    bot.clock.set('2022-04-06T10:00:00+08:00');
    const [progress] = await bot.say('lark:ou_someone', '任务14进展如何');
    expect(progress).toContain('完成时限：2022年3月31日（已逾期6天）');
    const [mine2] = await bot.say('lark:ou_fin1', '我的任务');
    expect(mine2).toContain('截止2022年3月31日 🔴已逾期6天');
    await bot.say('lark:ou_fin1', '任务14 已完成，已签订合作协议');
    const [mine3] = await bot.say('lark:ou_fin1', '我的任务');
    expect(mine3).toContain('截止2022年3月31日 ✅已完成');

    const [reset] = await bot.say(ADMIN, '任务14 截止 恢复');
    expect(reset).toContain('已恢复：任务14「推进产教深度融合」的截止时间按方案为2022年12月31日');
    expect(bot.store.data.deadlines).toEqual({});
  });
});

describe('review', () => {
  it('confirms and returns check-ins; a return reaches the liaisons with the reason; the next report is a resubmission; exports show it', async () => {
    const bot = await tempBot({ roster: ROSTER, admins: [ADMIN], at: '2022-03-28T10:00:00+08:00' });
    await bot.say('lark:ou_fin1', '任务14 已完成，已签订合作协议\n任务3 进度40% 已拨付资金');
    const [list] = await bot.core.handle({
      platform: 'lark',
      id: 'a1',
      chatId: 'ou_admin',
      chatType: 'direct',
      sender: { id: 'ou_admin' },
      text: '待审核',
      mentionsBot: true,
      at: bot.clock.now(),
    });
    expect(list && 'text' in list ? list.text : '').toContain('【待审核】共2条');
    expect(list && 'buttons' in list ? list.buttons : []).toEqual([
      { label: '确认1', say: '确认 县财政局 任务14' },
      { label: '退回1', say: '退回 县财政局 任务14' },
      { label: '确认2', say: '确认 县财政局 任务3' },
      { label: '退回2', say: '退回 县财政局 任务3' },
    ]);
    const [notAdmin] = await bot.say('lark:ou_fin1', '确认 县财政局 任务14');
    expect(notAdmin).toContain('只有管理员');

    // a 退回 button says only the task: the reason is asked for and taken from the next message
    const [ask] = await bot.say(ADMIN, '退回 县财政局 任务14');
    expect(ask).toContain('请回复退回县财政局 任务14的原因');
    const returned = await bot.core.handle({
      platform: 'lark',
      id: 'a2',
      chatId: 'ou_admin',
      chatType: 'direct',
      sender: { id: 'ou_admin', name: '督查室' },
      text: '佐证不足，请补充会议纪要',
      mentionsBot: true,
      at: bot.clock.now(),
    });
    expect(texts(returned)[0]).toContain('已退回：县财政局 任务14「推进产教深度融合」');
    const notice = texts(to(returned, 'ou_fin1'))[0] ?? '';
    expect(notice).toContain(
      '【退回】县财政局 任务14「推进产教深度融合」（2022-W13：进度100%，已完成，说明：已签订合作协议）已被退回',
    );
    expect(notice).toContain('原因：佐证不足，请补充会议纪要');
    expect(notice).toContain('审核人：督查室');
    expect(to(returned, 'ou_fin_lead')).toEqual([]);
    const first = bot.store.data.checkins.find((c) => c.task === 14);
    expect(first?.review).toMatchObject({ state: 'returned', reason: '佐证不足，请补充会议纪要' });

    bot.clock.set('2022-03-29T09:00:00+08:00');
    const [again] = await bot.say('lark:ou_fin1', '任务14 已完成，已补充会议纪要');
    expect(again).toContain('（重新提交，原汇报已被退回）');
    const second = bot.store.data.checkins.filter((c) => c.task === 14)[1];
    expect(second?.resubmitOf).toBe(first?.id);

    const [ok] = await bot.say(ADMIN, '确认 县财政局 任务14');
    expect(ok).toContain('已确认：县财政局 任务14');
    expect(ok).toContain('还有1条待审核');
    const [all] = await bot.say(ADMIN, '确认 财政局');
    expect(all).toContain('已确认：县财政局 任务3');
    expect(all).toContain('全部汇报已审核');

    const exported = await bot.core.handle({
      platform: 'lark',
      id: 'a3',
      chatId: 'ou_admin',
      chatType: 'direct',
      sender: { id: 'ou_admin' },
      text: '导出 xlsx',
      mentionsBot: true,
      at: bot.clock.now(),
    });
    const file = exported.find((o) => 'file' in o);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file && 'file' in file ? file.file.bytes : []) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('汇报记录');
    // row 1 is the sheet's title, row 2 its header
    const header = sheet?.getRow(2).values as string[];
    const col = (name: string) => header.indexOf(name);
    const rows = (sheet?.getRows(3, sheet.rowCount - 2) ?? []).map((r) => r.values as unknown[]);
    const t14 = rows.filter((r) => r[3] === 14);
    expect(t14.map((r) => [r[col('审核状态')], r[col('退回原因')], r[col('重新提交')]])).toEqual([
      ['已确认', undefined, '是'],
    ]);
    const json = await bot.core.handle({
      platform: 'lark',
      id: 'a4',
      chatId: 'ou_admin',
      chatType: 'direct',
      sender: { id: 'ou_admin' },
      text: '导出 json',
      mentionsBot: true,
      at: bot.clock.now(),
    });
    const jf = json.find((o) => 'file' in o);
    const doc = JSON.parse(Buffer.from(jf && 'file' in jf ? jf.file.bytes : []).toString('utf8'));
    expect(doc.checkins.find((c: { task: number }) => c.task === 14).review).toMatchObject({
      state: 'returned',
      by: { name: '督查室' },
    });
  });

  it('with review on, a task counts only confirmed reports (overview and overdue)', async () => {
    const bot = await tempBot({
      roster: ROSTER,
      admins: [ADMIN],
      at: '2022-04-06T10:00:00+08:00',
      supervision: { review: true },
    });
    await bot.say(ADMIN, '任务9 截止 2022-03-31');
    await bot.say('lark:ou_bb', '任务9 已完成，编制方案已获批');
    const overview = async () => (await bot.say('lark:ou_x', '任务进度总览'))[0] ?? '';
    expect(await overview()).toMatch(/🔴 任务9「[^」]+」进度—／序时[^：]*：没有任何单位汇报/);
    const [bulletin] = await bot.say(ADMIN, '督办通报');
    expect(bulletin).toContain('县委编办：逾期1项（任务9 逾期6天）');
    await bot.say(ADMIN, '确认 县委编办 任务9');
    expect(await overview()).toMatch(/任务9「[^」]+」进度100%/);
    const [after] = await bot.say(ADMIN, '督办通报');
    expect(after).not.toContain('县委编办：逾期');
  });
});

describe('escalation', () => {
  it('escalates a silent unit to its leader, then to the county leaders, each once, also across a kill and restart', async () => {
    const bot = await tempBot({
      roster: ROSTER,
      admins: [ADMIN],
      leaders: ['lark:ou_county'],
      at: '2022-02-27T12:00:00+08:00',
    });
    const week = async (monday: string, report: (day: string) => Promise<void>) => {
      const d = (s: string) => new Date(`${s}+08:00`);
      const out: Outgoing[] = [];
      out.push(...(await bot.core.runDue(d(`${monday}T09:00:00`))));
      await report(monday);
      const friday = new Date(d(`${monday}T17:00:00`).getTime() + 4 * 86400_000);
      out.push(...(await bot.core.runDue(friday)));
      return out;
    };
    const allButTax = async (day: string) => {
      bot.clock.set(`${day}T10:00:00+08:00`);
      await bot.say('lark:ou_fin1', '任务14 进度50%');
      await bot.say('lark:ou_bb', '任务9 进度50%');
    };
    const w1 = await week('2022-02-28', async (d) => {
      await allButTax(d);
      await bot.say('lark:ou_tax1', '任务14 进度50%');
    });
    expect(texts(w1).some((t) => /^【督办(提醒|升级)】/.test(t))).toBe(false);
    await week('2022-03-07', allButTax); // W10: 县税务局 silent (1)
    const w11 = await week('2022-03-14', allButTax); // W11: silent (2) → its leader
    const lead = texts(to(w11, 'ou_tax_lead'));
    expect(lead).toEqual([
      expect.stringContaining('【督办提醒】县税务局已连续2周未报送工作进展（W10、W11）'),
    ]);
    const digest = texts(to(w11, 'ou_admin')).find((t) => t.includes('汇报情况')) ?? '';
    expect(digest).toContain('⬆️ 县税务局未按周报送（连续2周）→ 已提醒分管领导周局长');
    const bulletin = texts(to(w11, 'ou_admin')).find((t) => t.startsWith('【督办通报】')) ?? '';
    expect(bulletin).toContain('1. 县税务局：未报2次（连续2周）；已提醒分管领导');
    expect(texts(to(w11, 'ou_county'))).toEqual([]);

    // a kill right after the digest was committed, then a restart: nothing is sent again
    const dataDir = bot.dataDir;
    await bot.store.close({ flush: false });
    const again = await tempBot({
      admins: [ADMIN],
      leaders: ['lark:ou_county'],
      at: '2022-03-18T17:05:00+08:00',
      dataDir,
    });
    expect(await again.core.runDue(new Date('2022-03-18T17:05:00+08:00'))).toEqual([]);
    expect(await again.core.runDue(new Date('2022-03-18T18:00:00+08:00'))).toEqual([]);
    const queued = Object.values(again.store.data.outbox).filter((e) => e.to.userId === 'ou_tax_lead');
    expect(queued.map((e) => e.source)).toEqual(['supervision:2022-W11']);
    expect(Object.keys(again.store.data.escalations ?? {})).toEqual(['县税务局|jishan-2021|missed|2022-W11']);

    let n = 0;
    const step = async (monday: string, tax: boolean) => {
      const d = new Date(`${monday}T09:00:00+08:00`);
      const out = await again.core.runDue(d);
      again.clock.set(`${monday}T10:00:00+08:00`);
      // message ids after the restart must not repeat the first bot's (they would be duplicates)
      await again.say('lark:ou_fin1', '任务14 进度60%', { id: `again-${++n}` });
      await again.say('lark:ou_bb', '任务9 进度60%', { id: `again-${++n}` });
      if (tax) await again.say('lark:ou_tax1', '任务14 进度60%', { id: `again-${++n}` });
      out.push(...(await again.core.runDue(new Date(d.getTime() + 4 * 86400_000 + 8 * 3600_000))));
      return out;
    };
    const w12 = await step('2022-03-21', false);
    expect(texts(w12).some((t) => t.startsWith('【督办提醒】') || t.startsWith('【督办升级】'))).toBe(false);
    const w13 = await step('2022-03-28', false); // two weeks after W11: the county leaders
    expect(texts(to(w13, 'ou_county'))).toEqual([
      expect.stringContaining('【督办升级】县税务局已连续4周未报送工作进展（W10、W11、W12、W13）'),
    ]);
    expect(texts(to(w13, 'ou_tax_lead'))).toEqual([]);
    const w14 = await step('2022-04-04', true); // 清明: the prompt moves to Wednesday; the unit reports again
    const lifted = texts(to(w14, 'ou_admin')).find((t) => t.includes('汇报情况')) ?? '';
    expect(lifted).toContain('✅ 县税务局已恢复报送，督办解除');
    const w15 = await step('2022-04-11', true);
    expect(texts(w15).some((t) => t.startsWith('【督办'))).toBe(true); // the 通报 only
    expect(texts(w15).filter((t) => /^【督办(提醒|升级)】/.test(t))).toEqual([]);
    // every escalation sent once in all
    const sent = Object.values(again.store.data.outbox)
      .filter((e) => /^【督办(提醒|升级)】/.test(e.text))
      .map((e) => `${e.to.userId} ${e.source}`);
    expect(sent).toEqual(['ou_tax_lead supervision:2022-W11', 'ou_county supervision:2022-W13']);
    await again.store.close();
    const reopened = await FileStore.open(dataDir, { readOnly: true });
    expect(Object.values(reopened.data.escalations ?? {}).map((e) => [e.level, e.week, e.resolved])).toEqual([
      [1, '2022-W11', '2022-W14'],
      [2, '2022-W13', undefined],
    ]);
    await reopened.close();
  });

  it('binds a leader by mention and names them in the roster', async () => {
    const bot = await tempBot({ roster: ROSTER, admins: [ADMIN], at: '2022-03-01T10:00:00+08:00' });
    const [bound] = await bot.say(ADMIN, '绑定 县委编办 @张三 分管领导', {
      mentions: [{ id: 'ou_zhang', name: '张三' }],
    });
    expect(bound).toContain('已绑定：张三（lark:ou_zhang）为县委编办分管领导');
    const [roster] = await bot.say(ADMIN, '名单');
    expect(roster).toContain('张三（lark:ou_zhang，分管领导）');
  });
});
