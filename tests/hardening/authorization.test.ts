import { describe, expect, it } from 'vitest';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

const ADMIN_COMMANDS = [
  '导出',
  '导出 csv',
  '绑定 县财政局 lark:ou_evil 坏人',
  '解绑 lark:ou_fin1',
  '名单',
  '本周汇报情况',
  '导入方案',
  '确认导入',
];

describe('authorization', () => {
  it.each([
    ['a bound liaison', 'lark:ou_fin1'],
    ['an unbound Lark user', 'lark:ou_nobody'],
    ['a WeChat user with the admin’s Lark id', 'wechat:ou_admin'],
    ['the console user of another deployment', 'console:someone'],
  ])('refuses every admin command to %s', async (_who, from) => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    for (const cmd of ADMIN_COMMANDS) {
      const [reply] = await bot.say(from, cmd);
      expect(reply, cmd).toMatch(/只有管理员/);
    }
    expect(bot.store.data.roster.flatMap((u) => u.members.map((m) => m.id))).not.toContain('ou_evil');
    expect(bot.store.data.roster.flatMap((u) => u.members.map((m) => m.id))).toContain('ou_fin1');
  });

  it('lets the admin run them, each doing what it says', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    const run = (text: string) =>
      bot.core.handle({
        platform: 'lark',
        id: `admin-${text}`,
        chatId: 'ou_admin',
        chatType: 'direct',
        sender: { id: 'ou_admin' },
        text,
        mentionsBot: false,
        at: bot.clock.now(),
      });
    const texts = (out: Awaited<ReturnType<typeof run>>) =>
      out.map((o) => ('text' in o ? (o.text ?? '') : ''));
    const expected: Record<string, (out: Awaited<ReturnType<typeof run>>) => void> = {
      导出: (out) => expect(out.find((o) => 'file' in o && o.file.name.endsWith('.xlsx'))).toBeDefined(),
      '导出 csv': (out) => expect(out.find((o) => 'file' in o && o.file.name.endsWith('.csv'))).toBeDefined(),
      '绑定 县财政局 lark:ou_evil 坏人': (out) =>
        expect(texts(out)[0]).toContain('已绑定：坏人（lark:ou_evil）'),
      '解绑 lark:ou_fin1': (out) => expect(texts(out)[0]).toContain('已解绑'),
      名单: (out) => expect(texts(out)[0]).toMatch(/县财政局：.*坏人（lark:ou_evil/),
      本周汇报情况: (out) => expect(texts(out)[0]).toContain('县文旅局：已报0/1'),
      导入方案: (out) => expect(texts(out)[0]).toContain('请在5分钟内把方案文件发给我'),
      确认导入: (out) => expect(texts(out)[0]).toContain('没有待确认的导入'),
    };
    for (const cmd of ADMIN_COMMANDS) {
      const out = await run(cmd);
      expect(texts(out).join('\n'), cmd).not.toMatch(/只有管理员|抱歉/);
      expected[cmd]?.(out);
    }
    const members = bot.store.data.roster.flatMap((u) => u.members.map((m) => m.id));
    expect(members).toContain('ou_evil');
    expect(members).not.toContain('ou_fin1');
  });

  it("lets a liaison report only its own unit's tasks", async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [other] = await bot.say('wechat:wxid_tour', '任务14 进度50%'); // 县文旅局 has only task 10
    expect(other).toContain('任务14不是县文旅局的任务');
    expect(bot.store.data.checkins).toEqual([]);
    // a mixed message: the unit's own task is recorded, the other one is named and never stored
    const [mixed] = await bot.say('lark:ou_fin1', '任务2 进度10%\n任务10 进度20%');
    expect(mixed).toContain('未记录：任务10不是县财政局的任务');
    expect(bot.store.data.checkins.map((c) => [c.unit, c.task])).toEqual([['县财政局', 2]]);
  });

  it('does not let a user bound on Lark act through WeChat with the same id, or vice versa', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [asWechat] = await bot.say('wechat:ou_fin1', '任务14 进度50%');
    expect(asWechat).toContain('还没有绑定');
    const [asLark] = await bot.say('lark:wxid_tour', '任务10 进度50%');
    expect(asLark).toContain('还没有绑定');
    const [withdraw] = await bot.say('wechat:ou_fin1', '撤回');
    expect(withdraw).toContain('还没有绑定');
    expect(bot.store.data.checkins).toEqual([]);
  });

  it("cannot withdraw someone else's report", async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度50%');
    const [r] = await bot.say('wechat:wxid_fin2', '撤回'); // same unit, different person
    expect(r).toContain('没有可以撤回的汇报');
    expect(bot.store.data.checkins[0]?.withdrawn).toBe(false);
  });
});
