import { describe, expect, it } from 'vitest';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

const textOf = (o: unknown) => (o && typeof o === 'object' && 'text' in o ? String(o.text) : '');

describe('the digest and 本周汇报情况: what each mark and line says', () => {
  it('marks a unit ✅ only when it reported everything and nothing is blocked or delayed', async () => {
    const bot = await tempBot({
      roster: TEST_ROSTER,
      admins: ['lark:ou_admin'],
      at: '2021-06-06T12:00:00+08:00',
    });
    await bot.core.runDue(new Date('2021-06-07T09:00:00+08:00'));
    bot.clock.set('2021-06-08T10:00:00+08:00');
    // 县文旅局 has one task (10): reported, but blocked; 县委编办 reports its one task (9) on track
    expect((await bot.say('wechat:wxid_tour', '任务10 受阻 场地未落实'))[0]).toContain('已记录');
    expect((await bot.say('lark:ou_bb', '任务9 进度50% 正常推进'))[0]).toContain('已记录');
    const out = await bot.core.runDue(new Date('2021-06-11T17:00:00+08:00'));
    const digest = out.find((o) => o.to.userId === 'ou_admin');
    const lines = textOf(digest).split('\n');
    const tour = lines.find((l) => l.includes('县文旅局：')) ?? '';
    expect(tour).toContain('已报1/1');
    expect(tour).toContain('受阻');
    expect(tour.startsWith('✅')).toBe(false);
    expect(lines.find((l) => l.includes('县委编办'))?.startsWith('✅')).toBe(true);
  });

  it('keeps lateness apart from the liaison’s own note', async () => {
    const bot = await tempBot({
      roster: TEST_ROSTER,
      admins: ['lark:ou_admin'],
      at: '2021-06-06T12:00:00+08:00',
    });
    await bot.core.runDue(new Date('2021-06-11T17:00:00+08:00'));
    // Saturday: after the week's close, so late for 2021-W23
    bot.clock.set('2021-06-12T10:00:00+08:00');
    expect((await bot.say('wechat:wxid_tour', '任务10 进度40% 滞后 已召开校企座谈会'))[0]).toContain(
      '逾期汇报',
    );
    const [status] = await bot.say('lark:ou_admin', '本周汇报情况 2021-W23');
    const line = status?.split('\n').find((l) => l.includes('县文旅局：')) ?? '';
    expect(line).not.toContain('已召开校企座谈会，逾期');
    expect(line).toMatch(/逾期汇报.*说明：已召开校企座谈会$/);
    const [progress] = await bot.say('lark:ou_admin', '任务10进展如何');
    expect(progress).toContain('说明：已召开校企座谈会');
    expect(progress).not.toContain('已召开校企座谈会，逾期');
  });
});
