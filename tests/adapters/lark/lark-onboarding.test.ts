import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { envelope, messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

describe.each(MODES)('Lark recall and onboarding (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness(mode);
  });
  afterEach(() => h.fake.reset());
  afterAll(() => h.stop());
  const texts = () => h.sentContents().map((c) => String(c.text ?? JSON.stringify(c)));

  it('withdraws the check-in made from a recalled message (im.message.recalled_v1) and keeps it as withdrawn', async () => {
    const id = `om_recall_${mode}`;
    await h.deliver(
      messageEvent({
        from: 'ou_fin1',
        chatType: 'p2p',
        chatId: 'oc_fin',
        text: '任务16 进度40% 已完成调研',
        messageId: id,
      }),
    );
    expect(h.bot.store.data.checkins.filter((c) => c.msgId === `lark:${id}` && !c.withdrawn)).toHaveLength(1);
    h.fake.reset();
    const d = await h.deliver(
      envelope('im.message.recalled_v1', {
        message_id: id,
        chat_id: 'oc_fin',
        recall_time: String(Date.now()),
        recall_type: 'message_owner',
      }),
    );
    expect(d.status).toBe(200);
    const rec = h.bot.store.data.checkins.find((c) => c.msgId === `lark:${id}`);
    expect(rec).toMatchObject({ withdrawn: true, task: 16 });
    expect(rec?.withdrawnAt).toBeTruthy();
    expect(texts().join('\n')).toContain('消息已撤回，县财政局（2021-W23）的这条汇报已作废');
    // it no longer counts: 任务16进展如何 does not show it
    h.fake.reset();
    await h.deliver(messageEvent({ from: 'ou_user9', chatType: 'p2p', text: '任务16进展如何' }));
    expect(texts().join('\n')).not.toContain('已完成调研');
    // recalling a message that made no check-in sends nothing
    h.fake.reset();
    await h.deliver(envelope('im.message.recalled_v1', { message_id: 'om_question', chat_id: 'oc_fin' }));
    expect(h.fake.sent()).toHaveLength(0);
  });

  it('answers 我的ID with the sender id, and in a group with the chat id too', async () => {
    await h.deliver(messageEvent({ from: 'ou_new', chatType: 'p2p', chatId: 'oc_dm_new', text: '我的ID' }));
    expect(texts()[0]).toContain('您的ID：lark:ou_new');
    expect(texts()[0]).toContain('绑定 单位名称 lark:ou_new');
    expect(texts()[0]).not.toContain('本群ID');
    h.fake.reset();
    await h.deliver(
      messageEvent({ from: 'ou_fin1', chatId: 'oc_fin_group', text: '我的ID', mentionBot: h.fake.botOpenId }),
    );
    expect(texts()[0]).toContain('您的ID：lark:ou_fin1');
    expect(texts()[0]).toContain('已绑定：县财政局联络员（王会计）');
    expect(texts()[0]).toContain('本群ID：lark:oc_fin_group');
  });

  it('lets an admin make a group the unit chat with 绑定本群; refuses others; prompts then go there', async () => {
    await h.deliver(
      messageEvent({
        from: 'ou_fin1',
        chatId: 'oc_cz',
        text: '绑定本群 县财政局',
        mentionBot: h.fake.botOpenId,
      }),
    );
    expect(texts()[0]).toContain('只有管理员');
    h.fake.reset();
    await h.deliver(
      messageEvent({
        from: 'ou_admin',
        chatId: 'oc_cz',
        text: '绑定本群 财政局',
        mentionBot: h.fake.botOpenId,
      }),
    );
    expect(texts()[0]).toContain('已绑定：本群（lark:oc_cz）为县财政局的工作群');
    expect(h.bot.store.data.roster.find((u) => u.unit === '县财政局')?.chat).toEqual({
      platform: 'lark',
      id: 'oc_cz',
    });
    h.fake.reset();
    await h.deliver(messageEvent({ from: 'ou_admin', chatType: 'p2p', text: '绑定本群 县财政局' }));
    expect(texts()[0]).toContain('请在要绑定的单位工作群里发送');
    // undo, so that the other tests see the roster as it was
    delete h.bot.store.data.roster.find((u) => u.unit === '县财政局')?.chat;
  });

  it('welcomes a group the bot is added to, and a direct chat once however often it is opened', async () => {
    await h.deliver(
      envelope('im.chat.member.bot.added_v1', {
        chat_id: `oc_added_${mode}`,
        operator_id: { open_id: 'ou_admin' },
        name: 'plan-bot',
      }),
    );
    const sent = h.fake.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json?.receive_id).toBe(`oc_added_${mode}`);
    expect(sent[0]?.json?.msg_type).toBe('interactive');
    const card = JSON.stringify(h.sentContents()[0]);
    expect(card).toContain('在群里提问请 @我');
    expect(card).toContain('"act":"say","text":"我的ID"');
    h.fake.reset();
    const opened = () =>
      envelope('im.chat.access_event.bot_p2p_chat_entered_v1', {
        chat_id: `oc_p2p_${mode}`,
        operator_id: { open_id: 'ou_visitor' },
      });
    await h.deliver(opened());
    await h.deliver(opened());
    expect(h.fake.sent()).toHaveLength(1);
    expect(JSON.stringify(h.sentContents()[0])).toContain('可以直接问我方案内容');
  });
});
