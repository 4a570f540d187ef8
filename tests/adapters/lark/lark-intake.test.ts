import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPost } from '../../../adapters/lark/post-content.js';
import { quoteOf } from '../../../adapters/lark/read-quote.js';
import { replaceMentionKeys } from '../../../adapters/lark/translate-event.js';
import { messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]);

/** A post body as im.message.receive_v1 sends it: no locale wrapper, one array per line. */
const POST = {
  title: '',
  content: [
    [
      { tag: 'at', user_id: '@_user_1', user_name: 'plan-bot' },
      { tag: 'text', text: ' 1. 任务14 进度60% 已召开校企座谈会，' },
    ],
    [
      { tag: 'text', text: '纪要见' },
      { tag: 'a', text: '会议纪要', href: 'https://docs.example.cn/minutes' },
    ],
    [{ tag: 'code_block', language: 'PLAIN', text: '签约企业 12 家' }],
    [{ tag: 'img', image_key: 'img_v3_site' }],
  ],
};

describe.each(MODES)('Lark intake (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness(mode);
  });
  afterEach(() => {
    h.fake.reset();
    h.received.length = 0;
  });
  afterAll(() => h.stop());

  it('reads a rich-text post (text, link, code block, @bot, image) into a report with its photo as evidence', async () => {
    h.fake.resources.set('img_v3_site', JPEG);
    const ev = messageEvent({
      from: 'ou_fin1',
      messageType: 'post',
      content: JSON.stringify(POST),
      mentionBot: h.fake.botOpenId,
      messageId: `om_post_${mode}`,
    });
    const d = await h.deliver(ev);
    expect(d.status).toBe(200);
    const msg = h.received[0];
    expect(msg?.text).toContain('任务14 进度60% 已召开校企座谈会');
    expect(msg?.text).toContain('会议纪要（https://docs.example.cn/minutes）');
    expect(msg?.text).toContain('签约企业 12 家');
    expect(msg?.text).not.toMatch(/@_user|plan-bot/);
    expect(msg?.mentionsBot).toBe(true);
    expect(msg?.attachments?.map((a) => [a.kind, a.key])).toEqual([['image', 'img_v3_site']]);
    const rec = h.bot.store.data.checkins.find((c) => c.msgId === `lark:om_post_${mode}`);
    expect(rec).toMatchObject({ unit: '县财政局', task: 14, progress: 60 });
    // the photo came through the message resource API and sits in the data directory, linked to the record
    const dl = h.fake.requests.find((r) => r.path.includes('/resources/'));
    expect(dl?.path).toBe(`/open-apis/im/v1/messages/om_post_${mode}/resources/img_v3_site`);
    expect(dl?.query.type).toBe('image');
    expect(rec?.evidence).toHaveLength(1);
    const file = path.join(h.bot.dataDir, rec?.evidence?.[0]?.file ?? 'missing');
    expect(readFileSync(file)).toEqual(JPEG);
    expect(h.sentTexts().join('\n')).toContain('已保存佐证材料1份');
  });

  it('reads a post inside a locale wrapper ({zh_cn: …}) the same way', async () => {
    const wrapped = {
      zh_cn: { title: '本周进展', content: [[{ tag: 'text', text: '任务2 进度30% 已拟定方案' }]] },
    };
    await h.deliver(
      messageEvent({
        from: 'ou_fin1',
        chatType: 'p2p',
        messageType: 'post',
        content: JSON.stringify(wrapped),
      }),
    );
    expect(h.received[0]?.text).toBe('本周进展\n任务2 进度30% 已拟定方案');
    expect(h.sentTexts().join('\n')).toContain('已记录 县财政局');
  });

  it('replaces @_user_10 as a whole (not as @_user_1 + "0") and binds the person it names', async () => {
    const mentions = Array.from({ length: 10 }, (_, i) => ({
      key: `@_user_${i + 2}`,
      id: { open_id: `ou_person${i + 2}` },
      name: `同事${i + 2}`,
    }));
    mentions[8] = { key: '@_user_10', id: { open_id: 'ou_zhang' }, name: '张三' };
    await h.deliver(
      messageEvent({
        from: 'ou_admin',
        text: '绑定 县财政局 @_user_10',
        mentionBot: h.fake.botOpenId,
        mentions,
        messageId: `om_bind_${mode}`,
      }),
    );
    expect(h.received[0]?.text).toBe('绑定 县财政局 @张三');
    const fin = h.bot.store.data.roster.find((u) => u.unit === '县财政局');
    expect(fin?.members).toContainEqual({ platform: 'lark', id: 'ou_zhang', name: '张三', role: 'liaison' });
    expect(h.sentTexts().join('\n')).toContain('已绑定：张三（lark:ou_zhang）为县财政局联络员');
  });

  it('ignores @_all (@所有人) and answers the question after it', async () => {
    await h.deliver(
      messageEvent({
        content: JSON.stringify({ text: '@_all @_user_1 任务14谁负责' }),
        mentionBot: h.fake.botOpenId,
      }),
    );
    expect(h.received[0]?.text).toBe('任务14谁负责');
    expect(h.sentTexts()[0]).toContain('县发改局');
  });

  it("passes a reply's parent as the quote, fetched through im.message.get; fromBot for the bot's own prompt", async () => {
    await h.adapter.send({
      to: { platform: 'lark', chatId: 'ou_fin1', userId: 'ou_fin1' },
      text: '【每周进度汇报】2021-W23 县财政局负责的任务：任务14',
    });
    const promptId = [...h.fake.messages.keys()].at(-1);
    h.fake.reset();
    await h.deliver(
      messageEvent({ from: 'ou_fin1', chatType: 'p2p', text: '任务14 进度70% 已签约', parentId: promptId }),
    );
    const msg = h.received[0];
    expect(
      h.fake.requests.some((r) => r.method === 'GET' && r.path === `/open-apis/im/v1/messages/${promptId}`),
    ).toBe(true);
    expect(msg?.quote).toEqual({
      text: '【每周进度汇报】2021-W23 县财政局负责的任务：任务14',
      id: promptId,
      fromBot: true,
    });
    expect(msg?.text).toBe('任务14 进度70% 已签约');
    // a user's message as the parent: a quote without fromBot
    h.fake.messages.set('om_user_parent', {
      msg_type: 'text',
      content: JSON.stringify({ text: '@_user_1 请各单位本周五前汇报' }),
      sender: { id: 'ou_someone', id_type: 'open_id', sender_type: 'user' },
    });
    h.received.length = 0;
    await h.deliver(
      messageEvent({ from: 'ou_fin1', chatType: 'p2p', text: '收到', parentId: 'om_user_parent' }),
    );
    expect(h.received[0]?.quote).toEqual({ text: '请各单位本周五前汇报', id: 'om_user_parent' });
  });

  it('still handles a reply whose parent cannot be fetched (HTTP 400 from the API), without a quote', async () => {
    await h.deliver(messageEvent({ from: 'ou_fin1', chatType: 'p2p', text: '文号', parentId: 'om_gone' }));
    expect(h.received[0]?.quote).toBeUndefined();
    expect(h.sentTexts().join('\n')).toContain('稷政发');
  });
});

describe('Lark user names from the contact API (contact:user.base:readonly)', () => {
  it('records the sender’s name with the check-in, so exports show a name, not an open_id', async () => {
    const h = await larkHarness('webhook');
    try {
      h.fake.users.set('ou_fin1', '王会计');
      await h.deliver(messageEvent({ from: 'ou_fin1', chatType: 'p2p', text: '任务20 进度10% 已启动' }));
      await h.deliver(messageEvent({ from: 'ou_fin1', chatType: 'p2p', text: '任务11 进度15% 已启动' }));
      const recs = h.bot.store.data.checkins.filter((c) => c.by.id === 'ou_fin1');
      expect(recs.map((c) => c.by.name)).toEqual(['王会计', '王会计']);
      // cached: one lookup for two messages
      expect(h.fake.requests.filter((r) => r.path === '/open-apis/contact/v3/users/ou_fin1')).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('without the permission, asks once, logs it once, and carries on without names', async () => {
    const h = await larkHarness('webhook');
    try {
      h.fake.contactDenied = true;
      await h.deliver(messageEvent({ from: 'ou_fin1', chatType: 'p2p', text: '任务20 进度10% 已启动' }));
      await h.deliver(messageEvent({ from: 'ou_bb', chatType: 'p2p', text: '任务9 进度10% 已启动' }));
      expect(h.fake.requests.filter((r) => r.path.startsWith('/open-apis/contact/'))).toHaveLength(1);
      expect(h.log.lines.filter((l) => l.includes('no permission to read user names'))).toHaveLength(1);
      expect(h.bot.store.data.checkins).toHaveLength(2);
      expect(h.bot.store.data.checkins[0]?.by.name).toBeUndefined();
    } finally {
      await h.stop();
    }
  });
});

describe('Lark content readers', () => {
  it('replace mention keys longest first', () => {
    const m = [
      { key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'bot' },
      { key: '@_user_10', id: { open_id: 'ou_x' }, name: '十号' },
      { key: '@_user_11', id: { open_id: 'ou_y' }, name: '十一号' },
    ];
    expect(replaceMentionKeys('@_user_1 @_user_10 和 @_user_11', m, 'ou_bot')).toBe('@十号 和 @十一号');
  });

  it('read post elements, skipping @所有人 and mapping an open_id @ to its key', () => {
    const r = readPost(
      {
        title: '标题',
        content: [
          [
            { tag: 'at', user_id: 'all' },
            { tag: 'text', text: '你好' },
            { tag: 'at', user_id: 'ou_x', user_name: '某人' },
          ],
          [{ tag: 'media', file_key: 'file_v3_v', file_name: 'v.mp4' }],
          [{ tag: 'emotion', emoji_type: 'SMILE' }, { tag: 'hr' }],
        ],
      },
      (id) => (id === 'ou_x' ? '@_user_2' : undefined),
    );
    expect(r?.text).toBe('标题\n你好@_user_2');
    expect(r?.resources).toEqual([{ kind: 'file', key: 'file_v3_v', name: 'v.mp4' }]);
    expect(readPost({ nothing: 1 })).toBeUndefined();
  });

  it('read a card parent (interactive) as its visible text, marked fromBot only for our own app', () => {
    const card = {
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: '县财政局 2021-W23 进度填报' } },
      body: {
        elements: [
          { tag: 'markdown', content: '选择任务和状态' },
          { tag: 'button', text: { tag: 'plain_text', content: '提交' } },
        ],
      },
    };
    const item = (id: string) => ({
      message_id: 'om_card',
      msg_type: 'interactive',
      body: { content: JSON.stringify(card) },
      sender: { id, id_type: 'app_id', sender_type: 'app' },
    });
    expect(quoteOf(item('cli_ours'), 'cli_ours')).toEqual({
      text: '县财政局 2021-W23 进度填报\n选择任务和状态\n提交',
      id: 'om_card',
      fromBot: true,
    });
    expect(quoteOf(item('cli_other_bot'), 'cli_ours')?.fromBot).toBeUndefined();
    expect(quoteOf({ msg_type: 'sticker', body: { content: '{}' } }, 'cli_ours')).toBeUndefined();
  });
});
