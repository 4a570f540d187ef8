import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { larkFileType } from '../../../adapters/lark/file-type.js';
import { messageEvent } from './lark-events.js';
import { larkHarness } from './lark-harness.js';

const MESSAGES = '/open-apis/im/v1/messages';

describe('Lark delivery rules (real SDK, fake platform answering like the real API)', () => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness('webhook');
  });
  afterEach(() => {
    h.fake.reset();
    h.fake.revoked.clear();
    h.bot.core.undelivered.drainText();
  });
  afterAll(() => h.stop());

  const prompt = (userId: string) => ({
    to: { platform: 'lark' as const, chatId: userId, userId },
    text: '【每周进度汇报】2021-W23 县财政局负责的任务',
  });

  it('does not retry a permanent refusal (bot not in the chat, HTTP 400 230002) and reports it in the digest', async () => {
    h.fake.fail(MESSAGES, 5, 400, { code: 230002, msg: 'Bot is not in the chat' });
    await h.adapter.send({
      to: { platform: 'lark', chatId: 'oc_bianban' },
      text: '【提醒】县委编办本周还有1项任务未汇报',
    });
    expect(h.fake.sent()).toHaveLength(1);
    expect(h.bot.core.undelivered.size).toBe(1);
    expect(
      h.log.lines.some((l) => l.includes('message could not be delivered') && l.includes('230002')),
    ).toBe(true);
    // Friday 17:00 of the test week: the digest to the admin names the chat and the reason
    const out = await h.bot.core.runDue(new Date('2021-06-11T17:00:30+08:00'));
    const digest = out.find((o) => 'text' in o && o.text?.includes('汇报情况'));
    const text = digest && 'text' in digest ? (digest.text ?? '') : '';
    expect(text).toContain('【未能送达的消息】1条');
    expect(text).toContain('县委编办工作群（群 lark:oc_bianban）');
    expect(text).toContain('230002 Bot is not in the chat');
    expect(h.bot.core.undelivered.size).toBe(0);
  });

  it("does not retry a user outside the app's 可用范围 or a missing permission either", async () => {
    h.fake.fail(MESSAGES, 1, 400, { code: 230013, msg: 'Bot has NO availability to this user.' });
    await h.adapter.send(prompt('ou_outside'));
    h.fake.fail(MESSAGES, 5, 400, {
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required',
    });
    await h.adapter.send(prompt('ou_other'));
    expect(h.fake.sent()).toHaveLength(2);
    expect(h.bot.core.undelivered.size).toBe(2);
  });

  it('retries 5xx answers and cut connections until the message goes through', async () => {
    h.fake.fail(MESSAGES, 1, 503, { code: 1, msg: 'service unavailable' });
    h.fake.fail(MESSAGES, 1, 0, {});
    await h.adapter.send(prompt('ou_fin1'));
    expect(h.fake.sent()).toHaveLength(3);
    expect(h.bot.core.undelivered.size).toBe(0);
  });

  it('drops the cached token when the API calls it invalid (99991663), fetches a new one and succeeds', async () => {
    await h.adapter.send(prompt('ou_fin1'));
    const before = h.fake.tokensIssued;
    h.fake.revoked.add('t-fake-token');
    h.fake.reset();
    await h.adapter.send(prompt('ou_fin1'));
    expect(h.fake.tokensIssued).toBe(before + 1);
    const sends = h.fake.sent();
    expect(sends.map((r) => r.headers.authorization)).toEqual([
      'Bearer t-fake-token',
      `Bearer t-fake-token-${before + 1}`,
    ]);
    expect(h.bot.core.undelivered.size).toBe(0);
  });

  it('sends an export asked for in a group to the admin directly, as xls, and tells the group without a path', async () => {
    await h.deliver(
      messageEvent({
        from: 'ou_admin',
        text: '导出 xlsx',
        mentionBot: h.fake.botOpenId,
        messageId: 'om_exp_g',
      }),
    );
    const sent = h.fake.sent();
    const group = sent.find((r) => r.path === '/open-apis/im/v1/messages/om_exp_g/reply');
    expect(JSON.parse(String(group?.json?.content)).text).toContain('已私信发送给您');
    expect(String(group?.json?.content)).not.toContain('exports/');
    const file = sent.find((r) => r.json?.msg_type === 'file');
    expect(file?.query.receive_id_type).toBe('open_id');
    expect(file?.json?.receive_id).toBe('ou_admin');
    const upload = h.fake.requests.find((r) => r.path === '/open-apis/im/v1/files');
    expect(upload?.body).toMatch(/name="file_type"\r\n\r\nxls\r\n/);
    expect(upload?.body).toMatch(/plan-bot-.*\.xlsx/);
  });

  it('checks the 30 MB limit before uploading, and says so instead', async () => {
    await h.adapter.send({
      to: { platform: 'lark', chatId: 'oc_admin', userId: 'ou_admin' },
      file: { name: 'plan-bot-all.xlsx', bytes: new Uint8Array(30 * 1024 * 1024 + 1) },
    });
    expect(h.fake.requests.some((r) => r.path === '/open-apis/im/v1/files')).toBe(false);
    expect(JSON.parse(String(h.fake.sent()[0]?.json?.content)).text).toContain('超过飞书单个文件30 MB的上限');
  });

  it('picks file_type from the name', () => {
    expect(['a.xlsx', 'a.xls', 'a.csv', 'a.json', 'a.pdf', 'a.docx'].map(larkFileType)).toEqual([
      'xls',
      'xls',
      'stream',
      'stream',
      'pdf',
      'doc',
    ]);
  });
});
