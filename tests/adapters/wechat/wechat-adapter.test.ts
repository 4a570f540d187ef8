import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { FileBox } from 'file-box';
import jsQR from 'jsqr';
import { afterEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { adminAlert } from '../../../adapters/shared/admin-alert.js';
import { splitQuote } from '../../../adapters/wechat/quote.js';
import { WechatAdapter, type WechatAdapterOptions } from '../../../adapters/wechat/wechat-adapter.js';
import {
  loadWechatConfig,
  type WechatConfig,
  WechatConfigError,
} from '../../../adapters/wechat/wechat-config.js';
import { WecomAdapter } from '../../../adapters/wecom/wecom-adapter.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Core } from '../../../src/core/types.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { TASK14_UNITS, tempBot } from '../../helpers/temp-bot.js';
import { FakeWecomApi } from '../wecom/fake-wecom-api.js';

const FIN_ALIAS = '财政局王会计';
const ADMIN_ALIAS = '督查室老李';

/**
 * The real wechaty on wechaty-puppet-mock, logged in, with a room and four people. Ids follow the 'alias'
 * policy (as on wechat4u, whose ids change at each login): the liaison and the admin are bound by 备注.
 */
async function world(o: { cfg?: Partial<WechatConfig>; opts?: WechatAdapterOptions; roster?: unknown } = {}) {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const me = mocker.createContact({ name: '方案助手' });
  const zs = mocker.createContact({ name: '张三' });
  const fin = mocker.createContact({ name: '王会计', alias: FIN_ALIAS });
  const admin = mocker.createContact({ name: '李主任', alias: ADMIN_ALIAS });
  const room = mocker.createRoom({ topic: '职教工作群', memberIdList: [me.id, zs.id, fin.id] });
  const bot = await tempBot({
    roster: o.roster ?? [
      {
        unit: '县财政局',
        members: [{ platform: 'wechat', id: `alias:${FIN_ALIAS}`, name: '王会计', role: 'liaison' }],
      },
    ],
    admins: [`wechat:alias:${ADMIN_ALIAS}`],
  });
  const log = captureLogger();
  const qr = new PassThrough();
  const adapter = new WechatAdapter(
    {
      puppet: 'wechaty-puppet-mock',
      sessionName: `${bot.dataDir}/wechat-session`,
      dataDir: bot.dataDir,
      sendGapMs: 1,
      sendJitterMs: 1,
      ids: 'alias',
      ...o.cfg,
    },
    log,
    { puppet, qrOutput: qr, retryBaseMs: 1, ...o.opts },
  );
  await adapter.start(bot.core);
  mocker.scan('https://login.weixin.qq.com/l/secret-login-code', 2);
  mocker.login(me);
  /** Everything the bot says in the room or to a contact, as it arrives. */
  const said: mock.MessageMock[] = [];
  const heard: mock.MessageMock[] = [];
  const watch = (target: mock.RoomMock | mock.ContactMock) =>
    // the mock classes are event emitters whose typings omit `on`
    (target as unknown as NodeJS.EventEmitter).on('message', (m: mock.MessageMock) => {
      if (m.talker().id === me.id) said.push(m);
      else heard.push(m);
    });
  watch(room);
  for (const c of [zs, fin, admin]) watch(c);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 20));
    await adapter.idle();
    await new Promise((r) => setTimeout(r, 20));
  };
  await settle();
  /** A message of any type from a contact to the bot, as a puppet would deliver it. */
  const raw = (from: mock.ContactMock, type: types.Message, extra: Record<string, unknown> = {}) => {
    const msg = mocker.MessageMock.create({
      id: `raw-${Math.random().toString(36).slice(2)}`,
      talkerId: from.id,
      listenerId: me.id,
      timestamp: Date.now(),
      type,
      text: '',
      ...extra,
    } as never);
    puppet.emit('message', { messageId: msg.id });
  };
  const w = {
    mocker,
    puppet,
    me,
    zs,
    fin,
    admin,
    room,
    bot,
    adapter,
    log,
    said,
    heard,
    watch,
    settle,
    raw,
    qr,
  };
  current = w;
  return w;
}

let current: { adapter: WechatAdapter } | undefined;
afterEach(async () => {
  await current?.adapter.stop();
  current = undefined;
});

/** A logged-in adapter on its own mock, in front of any core (to see exactly what the core is given). */
async function bare(core: Core, cfg: Partial<WechatConfig> = {}) {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const me = mocker.createContact({ name: '方案助手' });
  const zs = mocker.createContact({ name: '张三' });
  const adapter = new WechatAdapter(
    {
      puppet: 'wechaty-puppet-mock',
      sessionName: 'unused',
      sendGapMs: 1,
      sendJitterMs: 1,
      ids: 'alias',
      ...cfg,
    },
    silentLogger,
    { puppet, qrOutput: new PassThrough(), retryBaseMs: 1 },
  );
  await adapter.start(core);
  mocker.login(me);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 20));
    await adapter.idle();
  };
  await settle();
  current = { adapter };
  return { mocker, puppet, me, zs, adapter, settle };
}

const texts = (ms: mock.MessageMock[]) => ms.map((m) => m.text() ?? '');

describe('WeChat adapter on wechaty-puppet-mock', () => {
  it('answers a room message that mentions the bot, in that room, mentioning the asker', async () => {
    const w = await world();
    w.zs.say('@方案助手\u2005任务14谁负责', [w.me]).to(w.room);
    await w.settle();
    expect(w.said).toHaveLength(1);
    const reply = w.said[0] as mock.MessageMock;
    expect(reply.payload.roomId).toBe(w.room.id);
    expect(reply.text()).toMatch(/^@张三/);
    for (const u of TASK14_UNITS) expect(reply.text()).toContain(u);
  });

  it('reads a mention in the text when the puppet gives no mention list (full-width space, no space)', async () => {
    const w = await world();
    w.zs.say('@方案助手\u3000任务7谁负责').to(w.room);
    w.zs.say('@方案助手任务19谁负责').to(w.room);
    await w.settle();
    expect(texts(w.said)).toEqual([
      expect.stringContaining('任务7「实施品牌专业建设计划」'),
      expect.stringContaining('任务19「落实“职教高考”制度」'),
    ]);
  });

  it('stays silent without a mention, on its own messages, and on a re-delivered message id', async () => {
    const w = await world();
    w.zs.say('任务14谁负责').to(w.room);
    await w.settle();
    expect(w.said).toHaveLength(0);
    w.zs.say('@方案助手 文号', [w.me]).to(w.room);
    await w.settle();
    expect(w.said).toHaveLength(1); // its own reply came back as a message and was not answered
    const question = w.heard.find((m) => m.text()?.includes('文号')) as mock.MessageMock;
    w.puppet.emit('message', { messageId: question.id }); // the puppet delivers the same message again
    await w.settle();
    expect(w.said).toHaveLength(1);
    expect(w.log.lines.some((l) => l.includes('duplicate message ignored'))).toBe(true);
  });

  it("stores and confirms a bound liaison's direct check-in under the 备注, not the session id", async () => {
    const w = await world();
    w.fin.say('任务14 进度60% 已召开校企座谈会').to(w.me);
    await w.settle();
    expect(texts(w.said)).toEqual([expect.stringContaining('已记录 县财政局')]);
    expect(w.bot.store.data.checkins).toMatchObject([
      { unit: '县财政局', task: 14, progress: 60, by: { platform: 'wechat', id: `alias:${FIN_ALIAS}` } },
    ]);
  });

  it("delivers an admin's export as a file into the chat, and refuses others", async () => {
    const w = await world();
    w.admin.say('导出 csv').to(w.me);
    await w.settle();
    const file = w.said.find((m) => m.type() !== types.Message.Text);
    expect(file).toBeDefined();
    const box = await w.puppet.messageFile((file as mock.MessageMock).id);
    expect(box.name).toMatch(/^plan-bot-.*\.csv$/);
    expect((await box.toBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    w.said.length = 0;
    w.zs.say('导出').to(w.me);
    await w.settle();
    expect(texts(w.said)).toEqual([expect.stringContaining('只有管理员')]);
  });

  it('keeps order for a burst of 20 questions', async () => {
    const w = await world();
    for (let n = 1; n <= 20; n++) w.zs.say(`@方案助手\u2005任务${n}谁负责`, [w.me]).to(w.room);
    for (let i = 0; i < 50 && w.said.length < 20; i++) await w.settle();
    const order = w.said.map((m) => Number(/任务(\d+)「/.exec(m.text() ?? '')?.[1]));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('WeChat quotes (B1)', () => {
  it('splits the quote block wechat4u renders off the reply', () => {
    expect(
      splitQuote('「方案助手：【每周进度汇报】\n任务14 进度60%」\n- - - - - - - - - - - - - - -\n收到'),
    ).toEqual({
      text: '收到',
      quote: { name: '方案助手', text: '【每周进度汇报】\n任务14 进度60%' },
    });
    expect(splitQuote('任务14 进度60%')).toEqual({ text: '任务14 进度60%' });
  });

  it('a liaison who quotes the weekly prompt and writes 收到 creates no record; a quoted check-in records only the reply', async () => {
    const w = await world();
    const due = await w.bot.core.runDue(new Date('2021-06-21T09:01:00+08:00'));
    const promptText = due.map((o) => o.text ?? '').find((t) => t.startsWith('【每周进度汇报】')) ?? '';
    expect(promptText).toMatch(/任务\d+ 进度60% 已召开校企座谈会/); // the prompt's own example looks like a report
    const quoted = (reply: string) => `「方案助手：${promptText}」\n- - - - - - - - - - - - - - -\n${reply}`;
    w.fin.say(quoted('收到')).to(w.me);
    await w.settle();
    expect(w.bot.store.data.checkins).toHaveLength(0);
    expect(texts(w.said).join('\n')).not.toContain('已记录');
    w.fin.say(quoted('任务14 进度30% 方案已起草')).to(w.me);
    await w.settle();
    expect(w.bot.store.data.checkins).toMatchObject([{ task: 14, progress: 30, note: '方案已起草' }]);
  });

  it('passes the quote to the core as quote, with fromBot when the bot wrote it', async () => {
    const seen: unknown[] = [];
    const b = await bare({ handle: async (m) => (seen.push(m), []) });
    b.zs.say('「方案助手：任务14谁负责？」\n- - - - - - - - - - - - - - -\n好的').to(b.me);
    b.zs.say('「张三：明天开会」\n- - - - - - - - - - - - - - -\n任务14谁负责').to(b.me);
    await b.settle();
    expect(seen).toMatchObject([
      { text: '好的', quote: { text: '任务14谁负责？', fromBot: true } },
      { text: '任务14谁负责', quote: { text: '明天开会', fromBot: false } },
    ]);
  });
});
