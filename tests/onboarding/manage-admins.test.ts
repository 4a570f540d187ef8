import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent } from '../adapters/lark/lark-events.js';
import { larkHarness } from '../adapters/lark/lark-harness.js';
import { runCli } from '../cli/run-cli.js';
import { tempBot } from '../helpers/temp-bot.js';

describe('admins managed in chat (Lark webhook, real SDK, fake platform)', { timeout: 30_000 }, () => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness('webhook', { admins: ['lark:ou_admin'] });
  });
  afterAll(() => h.stop());

  /** Sends a message as a user (in a group, @-ing the bot and, when given, someone else) and returns the reply. */
  const say = async (from: string, text: string, mention?: { id: string; name: string }) => {
    h.fake.reset();
    await h.deliver(
      messageEvent({
        from,
        chatId: 'oc_office',
        mentionBot: h.fake.botOpenId,
        text: mention ? `${text} @_user_2` : text,
        ...(mention
          ? { mentions: [{ key: '@_user_2', id: { open_id: mention.id }, name: mention.name }] }
          : {}),
      }),
    );
    return h.sentTexts().join('\n');
  };

  it('an admin adds, lists and removes admins; others are refused; the added admin can export at once', async () => {
    const zhang = { id: 'ou_zhang', name: '张三' };
    expect(await say('ou_zhang', '导出 csv')).toContain('只有管理员');
    expect(await say('ou_fin1', '添加管理员', zhang)).toContain('只有管理员');
    expect(await say('ou_admin', '添加管理员', zhang)).toContain('已添加管理员：张三（lark:ou_zhang）');
    expect(h.bot.store.data.admins).toMatchObject([
      { platform: 'lark', id: 'ou_zhang', name: '张三', addedBy: 'lark:ou_admin' },
    ]);
    expect(await say('ou_zhang', '导出 csv')).not.toContain('只有管理员');
    const list = await say('ou_zhang', '管理员列表');
    expect(list).toContain('lark:ou_admin（配置文件 PLAN_BOT_ADMINS）');
    expect(list).toContain('张三 飞书 lark:ou_zhang（聊天中由 lark:ou_admin 添加）');
    // an admin of the configuration is removed in the configuration, not in chat; nobody removes themselves
    expect(await say('ou_zhang', '删除管理员 lark:ou_admin')).toContain('PLAN_BOT_ADMINS');
    expect(await say('ou_zhang', '删除管理员', zhang)).toContain('不能删除自己');
    // the weekly digest reaches the added admin too
    const digest = await h.bot.core.runDue(new Date('2021-06-11T17:00:30+08:00'));
    expect(
      digest.filter(
        (o) => o.to.userId === 'ou_zhang' && 'text' in o && (o.text ?? '').includes('汇报情况】'),
      ),
    ).toHaveLength(1);
    expect(await say('ou_admin', '删除管理员', zhang)).toContain('已删除管理员：张三');
    expect(await say('ou_zhang', '导出 csv')).toContain('只有管理员');
  });

  it('keeps an added admin across a restart, and `plan-bot status` lists both kinds', async () => {
    const first = await tempBot({ admins: ['lark:ou_admin'] });
    expect((await first.say('lark:ou_admin', '添加管理员 wecom:ZhangWei 张伟'))[0]).toContain('已添加管理员');
    await first.store.close();
    const again = await tempBot({ admins: ['lark:ou_admin'], dataDir: first.dataDir });
    expect((await again.say('wecom:ZhangWei', '管理员列表'))[0]).toContain('张伟 企业微信 wecom:ZhangWei');
    await again.store.close();
    const r = await runCli(['status', '--json', '--data', first.dataDir], {
      env: { PLAN_BOT_ADMINS: 'lark:ou_admin' },
    });
    const s = JSON.parse(r.stdout) as { admins: unknown[] };
    expect(s.admins).toEqual([
      { id: 'lark:ou_admin', source: 'config' },
      expect.objectContaining({
        id: 'wecom:ZhangWei',
        source: 'chat',
        name: '张伟',
        addedBy: 'lark:ou_admin',
      }),
    ]);
    const text = await runCli(['status', '--data', first.dataDir], {
      env: { PLAN_BOT_ADMINS: 'lark:ou_admin' },
    });
    expect(text.stdout).toMatch(
      /管理员：\s+lark:ou_admin（PLAN_BOT_ADMINS）、wecom:ZhangWei 张伟（聊天中由 lark:ou_admin/,
    );
  });
});
