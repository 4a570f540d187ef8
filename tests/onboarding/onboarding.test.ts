import { describe, expect, it } from 'vitest';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

describe('onboarding commands are platform-neutral (no Lark needed)', () => {
  it('我的ID answers a WeChat or WeCom user with their own platform id, and a group with its id', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [mine] = await bot.say('wecom:zhangsan', '我的ID');
    expect(mine).toContain('您的ID：wecom:zhangsan');
    expect(mine).toContain('绑定 单位名称 wecom:zhangsan');
    const [inRoom] = await bot.say('wechat:wxid_tour', '本群ID', {
      chatId: 'room_42@chatroom',
      chatType: 'group',
      mentionsBot: true,
    });
    expect(inRoom).toContain('已绑定：县文旅局联络员（赵文）');
    expect(inRoom).toContain('本群ID：wechat:room_42@chatroom');
  });

  it('绑定 with an @ that carries no id (typed by hand) gets the usage text, not a binding', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['wechat:wxid_admin'] });
    const [out] = await bot.say('wechat:wxid_admin', '绑定 县财政局 @张三');
    expect(out).toContain('用法：绑定 单位名称 平台:用户ID 姓名');
    expect(bot.store.data.roster.flatMap((u) => u.members).some((m) => m.name === '张三')).toBe(false);
  });

  it('填报 outside Lark says how to type the report, and an unbound user how to get bound', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const out = await bot.core.handle({
      platform: 'wechat',
      id: 'f1',
      chatId: 'wxid_tour',
      chatType: 'direct',
      sender: { id: 'wxid_tour' },
      text: '填报',
      mentionsBot: true,
      at: bot.clock.now(),
    });
    const first = out[0];
    expect(first && 'text' in first ? first.text : '').toContain('也可以直接发送“任务10 进度60% 情况说明”');
    expect(first && 'form' in first ? first.form?.tasks.map((t) => t.no) : []).toEqual([10]);
    const [stranger] = await bot.say('wechat:wxid_new', '填报');
    expect(stranger).toContain('还没有绑定');
  });
});
