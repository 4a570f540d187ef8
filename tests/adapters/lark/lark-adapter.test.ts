import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LarkAdapter } from '../../../adapters/lark/lark-adapter.js';
import { LarkConfigError, loadLarkConfig } from '../../../adapters/lark/lark-config.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { TASK14_UNITS, TEST_ROSTER, tempBot } from '../../helpers/temp-bot.js';
import { FakeOpenPlatform } from './fake-open-platform.js';
import { messageEvent, postEvent } from './lark-events.js';

const ENCRYPT_KEY = 'test-encrypt-key-123';
const APP_SECRET = 'app-secret-DO-NOT-LOG-9f8e7d';

describe('Lark adapter, webhook mode, real SDK against a fake open platform', () => {
  const fake = new FakeOpenPlatform();
  let bot: Awaited<ReturnType<typeof tempBot>>;
  let adapter: LarkAdapter;
  const log = captureLogger();
  let url = '';

  beforeAll(async () => {
    await fake.start();
    bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    adapter = new LarkAdapter(
      loadLarkConfig({
        LARK_APP_ID: 'cli_a1b2c3d4e5f60718',
        LARK_APP_SECRET: APP_SECRET,
        LARK_MODE: 'webhook',
        LARK_ENCRYPT_KEY: ENCRYPT_KEY,
        LARK_DOMAIN: fake.url,
        LARK_WEBHOOK_PORT: '0',
      }),
      log,
      { webhookHost: '127.0.0.1', sendGapMs: 5, retryBaseMs: 5 },
    );
    await adapter.start(bot.core);
    url = `http://127.0.0.1:${adapter.port}/lark/events`;
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await adapter.stop();
    await fake.stop();
  });

  const post = async (ev: Record<string, unknown>, o = {}) => {
    const r = await postEvent(url, ev, ENCRYPT_KEY, o);
    await adapter.idle();
    return r;
  };
  const content = (i = 0) => JSON.parse(String(fake.sent()[i]?.json?.content ?? '{}'));

  it('answers a group @-mention with one card reply to that message naming all 7 units of task 14', async () => {
    const ev = messageEvent({ text: '任务14谁负责', mentionBot: fake.botOpenId, messageId: 'om_q14' });
    const r = await post(ev);
    expect(r.status).toBe(200);
    const sent = fake.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe('/open-apis/im/v1/messages/om_q14/reply');
    expect(sent[0]?.json?.msg_type).toBe('interactive');
    const card = content();
    expect(card.schema).toBe('2.0');
    expect(card.header.title.content).toBe('任务14「推进产教深度融合」');
    const all = JSON.stringify(card.body);
    for (const u of TASK14_UNITS) {
      expect(all).toContain(u);
    }
    expect(all).toContain('县发改局（牵头）');
    expect(sent[0]?.headers.authorization).toBe('Bearer t-fake-token');
  });

  it('stays silent in a group when not mentioned', async () => {
    const r = await post(messageEvent({ text: '任务14谁负责' }));
    expect(r.status).toBe(200);
    expect(fake.sent()).toHaveLength(0);
  });

  it('stores and confirms a direct check-in from a bound liaison, once even when the event is delivered twice', async () => {
    const ev = messageEvent({
      text: '任务14 进度60% 已召开校企座谈会',
      chatType: 'p2p',
      chatId: 'oc_p2p_fin',
      from: 'ou_fin1',
    });
    await post(ev);
    await post(ev);
    expect(fake.sent()).toHaveLength(1);
    expect(content().text).toContain('已记录 县财政局');
    expect(bot.store.data.checkins.filter((c) => c.note === '已召开校企座谈会')).toHaveLength(1);
  });

  it('rejects a forged signature, a missing one and an old timestamp with 401, sending and storing nothing', async () => {
    const before = bot.store.data.checkins.length;
    const ev = () => messageEvent({ text: '任务2 进度10%', chatType: 'p2p', from: 'ou_fin1' });
    expect((await post(ev(), { forge: true })).status).toBe(401);
    expect((await post(ev(), { unsigned: true })).status).toBe(401);
    expect((await post(ev(), { ageS: 6 * 60 })).status).toBe(401);
    expect(fake.sent()).toHaveLength(0);
    expect(bot.store.data.checkins.length).toBe(before);
  });

  it('answers the URL challenge and 404s other paths', async () => {
    const { encryptEvent } = await import('./lark-events.js');
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({
        encrypt: encryptEvent({ type: 'url_verification', challenge: 'ch-42', token: 'x' }, ENCRYPT_KEY),
      }),
    });
    expect(await res.json()).toEqual({ challenge: 'ch-42' });
    expect((await fetch(url.replace('/lark/events', '/other'), { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
  });

  it("uploads an admin's export and sends it as a file message; refuses anyone else", async () => {
    await post(
      messageEvent({
        text: '导出 csv',
        chatType: 'p2p',
        chatId: 'oc_admin',
        from: 'ou_admin',
        messageId: 'om_exp',
      }),
    );
    const upload = fake.requests.find((r) => r.path === '/open-apis/im/v1/files');
    expect(upload?.headers['content-type']).toMatch(/multipart\/form-data/);
    expect(upload?.body).toMatch(/plan-bot-.*\.csv/);
    const kinds = fake.sent().map((r) => r.json?.msg_type);
    expect(kinds).toEqual(['text', 'file']);
    expect(content(1)).toEqual({ file_key: expect.stringMatching(/^file_v3_/) });
    fake.reset();
    await post(messageEvent({ text: '导出', chatType: 'p2p', from: 'ou_fin1' }));
    expect(fake.requests.some((r) => r.path === '/open-apis/im/v1/files')).toBe(false);
    expect(content().text).toContain('只有管理员');
  });

  it('guides an unbound sender of a photo without downloading it, refuses a sticker, and ignores malformed events', async () => {
    await post(messageEvent({ chatType: 'p2p', messageType: 'image', content: '{"image_key":"img_1"}' }));
    expect(content().text).toContain('您还没有绑定单位');
    expect(fake.requests.some((r) => r.path.includes('/resources/'))).toBe(false);
    fake.reset();
    await post(messageEvent({ chatType: 'p2p', messageType: 'sticker', content: '{"file_key":"stk_1"}' }));
    expect(content().text).toContain('只支持文字、图片和文件消息');
    fake.reset();
    const bad = messageEvent({ chatType: 'p2p', content: 'not json' });
    expect((await post(bad)).status).toBe(200);
    const noMessage = messageEvent({});
    (noMessage.event as Record<string, unknown>).message = null;
    expect((await post(noMessage)).status).toBe(200);
    expect(fake.sent()).toHaveLength(0);
  });

  it('retries a 429 after the reset the server asks for, and falls back to text at once when the card is refused', async () => {
    fake.fail(
      '/open-apis/im/v1/messages',
      1,
      429,
      { code: 99991400, msg: 'rate limit' },
      { 'x-ogw-ratelimit-reset': '0' },
    );
    await post(messageEvent({ text: '文号', chatType: 'p2p' }));
    expect(fake.sent()).toHaveLength(2);
    expect(log.lines.some((l) => l.includes('retrying') && l.includes('429'))).toBe(true);
    fake.reset();
    // a refused card is permanent (retrying sends the same card): one attempt, then the text
    fake.fail('/open-apis/im/v1/messages', 1, 400, { code: 230099, msg: 'Failed to create card content' });
    await post(messageEvent({ text: '任务7谁负责', chatType: 'p2p' }));
    const sent = fake.sent();
    expect(sent.map((r) => r.json?.msg_type)).toEqual(['interactive', 'text']);
    expect(JSON.parse(String(sent[1]?.json?.content)).text).toContain('县教育局');
  });

  it('delivers weekly prompts to members by open_id and to a unit chat by chat_id', async () => {
    await adapter.send({
      to: { platform: 'lark', chatId: 'ou_fin1', userId: 'ou_fin1' },
      text: '【每周进度汇报】',
    });
    await adapter.send({ to: { platform: 'lark', chatId: 'oc_bianban' }, text: '【提醒】' });
    const sent = fake.sent();
    expect(sent.map((r) => [r.query.receive_id_type, r.json?.receive_id])).toEqual([
      ['open_id', 'ou_fin1'],
      ['chat_id', 'oc_bianban'],
    ]);
  });

  it('never writes the app secret or the token to the log', () => {
    const all = log.lines.join('\n');
    expect(all).not.toContain(APP_SECRET);
    expect(all).not.toContain('t-fake-token');
  });
});

describe('Lark configuration', () => {
  it('refuses webhook mode without an encrypt key, with a fix-it message', () => {
    expect(() =>
      loadLarkConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_MODE: 'webhook' }),
    ).toThrowError(LarkConfigError);
    expect(() =>
      loadLarkConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_MODE: 'webhook' }),
    ).toThrowError(/LARK_ENCRYPT_KEY：webhook 模式必须设置/);
    expect(() => loadLarkConfig({ LARK_APP_ID: 'cli_x' })).toThrowError(/LARK_APP_SECRET/);
    expect(loadLarkConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's' })).toMatchObject({
      mode: 'ws',
      domain: 'feishu',
    });
  });
});

describe('Lark adapter, long connection (WSClient) against a fake endpoint', () => {
  it('connects, receives an event frame, acknowledges it, and replies through the API', async () => {
    const fake = await new FakeOpenPlatform().start({ ws: true });
    const bot = await tempBot({ roster: TEST_ROSTER });
    const log = captureLogger();
    const adapter = new LarkAdapter(
      loadLarkConfig({
        LARK_APP_ID: 'cli_a1b2c3d4e5f60719',
        LARK_APP_SECRET: APP_SECRET,
        LARK_DOMAIN: fake.url,
      }),
      log,
      { sendGapMs: 5, retryBaseMs: 5 },
    );
    try {
      await adapter.start(bot.core);
      const ws = fake.ws as NonNullable<typeof fake.ws>;
      // the SDK attaches its frame handler after the socket opens: wait for onReady, not only for the socket
      await adapter.ready;
      await vi.waitFor(() => expect(ws.clients).toBe(1), { timeout: 10_000 });
      const ev = messageEvent({
        text: '第十四项的责任单位',
        mentionBot: fake.botOpenId,
        messageId: 'om_ws1',
      });
      // acknowledged before the answer is sent: the ack says queued, the reply comes after idle()
      const ack = await ws.push(ev);
      expect(ack.code).toBe(200);
      expect(JSON.parse(Buffer.from(String(ack.data), 'base64').toString())).toEqual({ queued: true });
      await adapter.idle();
      const sent = fake.sent();
      expect(sent.map((r) => r.path)).toEqual(['/open-apis/im/v1/messages/om_ws1/reply']);
      expect(String(sent[0]?.json?.content)).toContain('县自然资源局');
      const again = await ws.push(ev);
      expect(JSON.parse(Buffer.from(String(again.data), 'base64').toString())).toMatchObject({
        duplicate: true,
      });
      expect(log.lines.join('\n')).not.toContain(APP_SECRET);
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });
});

describe('Lark adapter, failing token endpoint', () => {
  it('fails to start with a clear error and keeps the secret out of the log', async () => {
    const fake = await new FakeOpenPlatform().start();
    fake.fail('/open-apis/auth/v3/tenant_access_token/internal', 10, 500, { code: 500, msg: 'boom' });
    const log = captureLogger();
    const adapter = new LarkAdapter(
      loadLarkConfig({
        LARK_APP_ID: 'cli_a1b2c3d4e5f6071a',
        LARK_APP_SECRET: APP_SECRET,
        LARK_DOMAIN: fake.url,
      }),
      log,
      { retryBaseMs: 1, retryAttempts: 2 },
    );
    const bot = await tempBot();
    await expect(adapter.start(bot.core)).rejects.toThrow();
    const all = log.lines.join('\n');
    expect(all).toContain('lark bot info failed');
    expect(all).not.toContain(APP_SECRET);
    await fake.stop();
  });
});

describe('Lark cards', () => {
  it('show every task of an answer that spans several tasks', async () => {
    const { renderCard } = await import('../../../adapters/lark/render-card.js');
    const bot = await tempBot();
    const a = bot.core.qa.answer('任务3和任务5分别谁负责');
    const card = JSON.stringify(renderCard(a.card as NonNullable<typeof a.card>, a.text));
    expect(card).toContain('任务3「提升职业学校管理水平」');
    expect(card).toContain('任务5「实施高水平中等职业学校建设计划」');
  });
});
