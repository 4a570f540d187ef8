import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { FileBox } from 'file-box';
import jsQR from 'jsqr';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
import { weekOf } from '../../../src/checkins/weeks.js';
import { silentLogger } from '../../../src/core/logger.js';
import { PlanSet } from '../../../src/knowledge/plan-set.js';
import { projectRoot } from '../../../src/project-root.js';
import type { Core } from '../../../src/shared/types.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { planFolder, TASK14_UNITS, tempBot } from '../../helpers/temp-bot.js';
import { FakeWecomApi } from '../wecom/fake-wecom-api.js';
import { wecomConfig } from '../wecom/wecom-fixture.js';

const FIN_ALIAS = '财政局王会计';
const ADMIN_ALIAS = '督查室老李';

/**
 * The real wechaty on wechaty-puppet-mock, logged in, with a room and four people. Ids follow the 'alias'
 * policy (as on wechat4u, whose ids change at each login): the liaison and the admin are bound by 备注.
 */
async function world(
  o: { cfg?: Partial<WechatConfig>; opts?: WechatAdapterOptions; roster?: unknown; plans?: PlanSet } = {},
) {
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
    ...(o.plans ? { plans: o.plans } : {}),
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
  // every message the puppet emits reaches wechaty's 'message' event (the adapter listens first): settle waits
  // until wechaty has delivered each one, then until the adapter has handled them and sent its replies
  let emitted = 0;
  let delivered = 0;
  puppet.on('message', () => {
    emitted++;
  });
  adapter.bot?.on('message', () => {
    delivered++;
  });
  const settle = async () => {
    for (let round = 0; round < 2; round++) {
      await vi.waitFor(() => expect(delivered).toBe(emitted), { timeout: 5000 });
      await adapter.idle();
    }
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
    const b = await bare({
      handle: async (m) => {
        seen.push(m);
        return [];
      },
    });
    b.zs.say('「方案助手：任务14谁负责？」\n- - - - - - - - - - - - - - -\n好的').to(b.me);
    b.zs.say('「张三：明天开会」\n- - - - - - - - - - - - - - -\n任务14谁负责').to(b.me);
    await b.settle();
    expect(seen).toMatchObject([
      { text: '好的', quote: { text: '任务14谁负责？', fromBot: true } },
      { text: '任务14谁负责', quote: { text: '明天开会', fromBot: false } },
    ]);
  });
});

describe('WeChat stable identity (B2)', () => {
  it('keeps the binding and admin rights when every id changes at re-login (bound by 备注)', async () => {
    const w = await world();
    w.fin.say('任务14 进度60% 已召开校企座谈会').to(w.me);
    await w.settle();
    expect(w.bot.store.data.checkins).toHaveLength(1);
    // log out, and log in again as wechat4u does: the same people come back under new session ids
    await w.puppet.logout('test re-login');
    w.mocker.cacheContactPayload.delete(w.fin.id);
    w.mocker.cacheContactPayload.delete(w.admin.id);
    const fin2 = w.mocker.createContact({ name: '王会计', alias: FIN_ALIAS });
    const admin2 = w.mocker.createContact({ name: '李主任', alias: ADMIN_ALIAS });
    expect(fin2.id).not.toBe(w.fin.id);
    w.watch(fin2);
    w.watch(admin2);
    let reconnects = 0;
    w.adapter.onReconnect(() => reconnects++);
    w.mocker.login(w.me);
    await w.settle();
    // the login tells the outbox to send what waited during the outage
    expect(reconnects).toBe(1);
    w.said.length = 0;
    fin2.say('任务14 进度70% 已签订合作协议').to(w.me);
    await w.settle();
    expect(texts(w.said)).toEqual([expect.stringContaining('已记录 县财政局')]);
    expect(w.bot.store.data.checkins.at(-1)).toMatchObject({
      progress: 70,
      by: { id: `alias:${FIN_ALIAS}` },
    });
    // the weekly prompt, addressed by the bound id, reaches the new session id
    w.said.length = 0;
    await w.adapter.send({
      to: { platform: 'wechat', chatId: `alias:${FIN_ALIAS}`, userId: `alias:${FIN_ALIAS}` },
      text: '【每周进度汇报】测试',
    });
    await w.settle();
    expect(w.said.map((m) => [m.payload.listenerId, m.text()])).toEqual([[fin2.id, '【每周进度汇报】测试']]);
    admin2.say('本周汇报情况').to(w.me);
    await w.settle();
    expect(texts(w.said).at(-1)).toContain('汇报情况');
    expect(w.log.lines.some((l) => l.includes('id map rebuilt'))).toBe(true);
  });

  it('answers 我的ID with the id to bind (and a warning when it will not survive a re-login), 本群ID in a room', async () => {
    const w = await world();
    w.fin.say('我的ID').to(w.me);
    w.zs.say('我的ID').to(w.me);
    await w.settle();
    const [fin, zs] = texts(w.said);
    expect(fin).toContain(`绑定 单位名称 wechat:alias:${FIN_ALIAS} 姓名`);
    expect(fin).not.toContain('注意');
    expect(zs).toContain(`wechat:${w.zs.id}`);
    expect(zs).toContain('设置备注');
    w.said.length = 0;
    w.zs.say('@方案助手\u2005本群ID', [w.me]).to(w.room);
    await w.settle();
    expect(texts(w.said)).toEqual([expect.stringContaining('本群ID：wechat:topic:职教工作群')]);
    expect(texts(w.said)[0]).toContain('不要修改群名');
    expect(w.bot.store.data.checkins).toHaveLength(0);
  });

  it('uses the puppet ids as they are on puppets that keep them', async () => {
    const w = await world({ cfg: { ids: 'puppet' } });
    w.fin.say('我的ID').to(w.me);
    await w.settle();
    expect(texts(w.said)).toEqual([expect.stringContaining(`绑定 单位名称 wechat:${w.fin.id} 姓名`)]);
  });
});

describe('WeChat noise (B3)', () => {
  it('stays silent on recalls, stickers, voice, links, mini programs, system notices and 公众号', async () => {
    const w = await world();
    for (const t of [
      types.Message.Recalled,
      types.Message.Emoticon,
      types.Message.Audio,
      types.Message.Url,
      types.Message.MiniProgram,
      types.Message.Unknown,
    ]) {
      w.raw(w.zs, t);
    }
    const mp = w.mocker.createContact({ name: '稷山发布', type: types.Contact.Official });
    w.raw(mp, types.Message.Text, { text: '任务14 进度60% 今日要闻' });
    const sys = w.mocker.createContact({ id: 'weixin', name: '微信团队' });
    w.raw(sys, types.Message.Text, { text: '你的账号登录了新设备' });
    await w.settle();
    expect(w.said).toHaveLength(0);
    expect(w.bot.store.data.checkins).toHaveLength(0);
  });

  it("keeps a liaison's photo after a report as evidence of that check-in, and gives other kinds guidance once", async () => {
    const w = await world();
    w.fin.say('任务14 进度60% 已召开校企座谈会').to(w.me);
    await w.settle();
    w.fin.say(FileBox.fromBase64(Buffer.from('PNGDATA').toString('base64'), '座谈会.png')).to(w.me);
    await w.settle();
    const [checkin] = w.bot.store.data.checkins;
    expect(checkin?.evidence).toHaveLength(1);
    expect(readFileSync(path.join(w.bot.dataDir, checkin?.evidence?.[0]?.file ?? ''), 'utf8')).toBe(
      'PNGDATA',
    );
    w.said.length = 0;
    w.raw(w.zs, types.Message.Video);
    w.raw(w.zs, types.Message.Location);
    await w.settle();
    expect(texts(w.said)).toEqual([expect.stringContaining('只支持文字消息')]);
  });
});

describe('WeChat group prompts (B4)', () => {
  it("@s the unit's liaisons in the unit's group under the weekly prompt", async () => {
    const w = await world({
      roster: [
        {
          unit: '县财政局',
          chat: { platform: 'wechat', id: 'topic:职教工作群' },
          members: [
            { platform: 'wechat', id: `alias:${FIN_ALIAS}`, name: '王会计', role: 'liaison' },
            { platform: 'lark', id: 'ou_x', name: '飞书同事', role: 'liaison' },
          ],
        },
      ],
    });
    const calls: unknown[][] = [];
    const original = w.puppet.messageSendText.bind(w.puppet);
    w.puppet.messageSendText = async (...args: Parameters<typeof original>) => {
      calls.push(args);
      return original(...args);
    };
    const due = await w.bot.core.runDue(new Date('2021-06-21T09:01:00+08:00'));
    const prompt = due.find((o) => o.text?.startsWith('【每周进度汇报】'));
    expect(prompt?.to).toMatchObject({ chatId: 'topic:职教工作群', mentions: [`alias:${FIN_ALIAS}`] });
    await w.adapter.send(prompt as NonNullable<typeof prompt>);
    await w.settle();
    expect(calls).toEqual([[w.room.id, expect.stringMatching(/^@王会计\s【每周进度汇报】/), [w.fin.id]]]);
  });
});

describe('WeChat after an outage (B5)', () => {
  it("takes a bound liaison's check-in from the backlog, for the week it was sent and marked late; drops stale questions", async () => {
    const w = await world();
    const sent = Date.now() - 2 * 3600_000;
    w.raw(w.fin, types.Message.Text, { text: '任务14 进度60% 已召开校企座谈会', timestamp: sent });
    w.raw(w.zs, types.Message.Text, { text: '任务14谁负责', timestamp: sent });
    w.raw(w.fin, types.Message.Text, {
      text: '任务14 进度90% 太久以前',
      timestamp: Date.now() - 5 * 86400_000,
    });
    await w.settle();
    // the bot's clock says 2021-W23; the record belongs to the week the liaison sent it in
    expect(w.bot.store.data.checkins).toMatchObject([
      { task: 14, progress: 60, late: true, week: weekOf(new Date(sent)) },
    ]);
    expect(texts(w.said)).toEqual([expect.stringContaining('（逾期汇报）')]);
  });
});

describe('WeChat alerts (B6)', () => {
  it('draws the login QR code locally only: terminal and a PNG in the data directory that decodes to the code', async () => {
    const w = await world();
    const png = w.adapter.qrPath() as string;
    expect(existsSync(png)).toBe(false); // removed at login
    expect(String(w.qr.read())).toMatch(/[▀▄█]/);
    await w.puppet.logout('expired');
    w.mocker.scan('https://login.weixin.qq.com/l/secret-login-code', 2);
    await w.settle();
    expect(decodeQrPng(readFileSync(png))).toBe('https://login.weixin.qq.com/l/secret-login-code');
    expect(w.log.lines.join('\n')).not.toContain('secret-login-code');
    expect(w.log.lines.join('\n')).not.toMatch(/https?:\/\//);
    w.mocker.login(w.me);
    await w.settle();
    expect(existsSync(png)).toBe(false);
  });

  it('tells admins on WeCom when the account logs out and needs a scan, once per outage', async () => {
    const api = await new FakeWecomApi().start();
    const wecom = new WecomAdapter(wecomConfig(api), silentLogger, { host: '127.0.0.1' });
    const alert = adminAlert(
      [wecom],
      [
        { platform: 'wecom', id: 'DuChaShi' },
        { platform: 'wechat', id: 'x' },
      ],
      'wechat',
      silentLogger,
    );
    try {
      const w = await world({ opts: { alert } });
      expect(api.texts()).toEqual([expect.stringContaining('需要扫码登录')]);
      await w.puppet.logout('kicked');
      w.mocker.scan('https://login.weixin.qq.com/l/second', 2);
      w.mocker.scan('https://login.weixin.qq.com/l/third', 2);
      await w.settle();
      expect(api.texts().slice(1)).toEqual([
        expect.stringContaining('已退出登录（kicked）'),
        expect.stringContaining('需要扫码登录（已掉线）'),
      ]);
      expect(api.sent().every((m) => m.touser === 'DuChaShi')).toBe(true);
      w.mocker.login(w.me);
      await w.settle();
      expect(api.texts().at(-1)).toContain('已重新登录');
    } finally {
      await api.stop();
    }
  });

  it('logs the alert loudly when no admin can be told elsewhere', async () => {
    const w = await world();
    await w.puppet.logout('kicked');
    await w.settle();
    expect(w.log.lines.some((l) => l.includes('"level":"error"') && l.includes('LOGGED OUT'))).toBe(true);
    expect(w.log.lines.some((l) => l.includes('ALERT') && l.includes('已退出登录'))).toBe(true);
  });
});

describe('WeChat splitting and retries (B7)', () => {
  it('splits by bytes for the puppet and retries only the part that failed', async () => {
    const w = await world({ cfg: { maxBytes: 300 } });
    const original = w.puppet.messageSendText.bind(w.puppet);
    let n = 0;
    w.puppet.messageSendText = async (...args: Parameters<typeof original>) => {
      if (++n === 2) throw new Error('risk control: send rejected');
      return original(...args);
    };
    const long = Array.from({ length: 6 }, (_, i) => `第${i + 1}段${'汇报内容'.repeat(10)}`).join('\n');
    await w.adapter.send({ to: { platform: 'wechat', chatId: w.zs.id, userId: w.zs.id }, text: long });
    await w.settle();
    const parts = texts(w.said);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(300);
    expect(parts.join('\n')).toBe(long);
    expect(
      w.log.lines.some((l) => l.includes('wechat send failed, retrying') && l.includes('risk control')),
    ).toBe(true);
  });
});

describe('WeChat start checks (B8)', () => {
  it('refuses a puppet module that is not installed with a fix-it message', async () => {
    const bot = await tempBot();
    const a = new WechatAdapter(
      {
        puppet: 'wechaty-puppet-not-installed',
        sessionName: `${bot.dataDir}/s`,
        sendGapMs: 1,
        sendJitterMs: 1,
      },
      silentLogger,
    );
    const err = await a.start(bot.core).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatConfigError);
    expect(String((err as Error).message)).toContain('npm install wechaty-puppet-not-installed');
  });

  it('needs a token for service and pad puppets, and keeps the session in the data directory', () => {
    for (const puppet of ['wechaty-puppet-service', 'wechaty-puppet-padlocal']) {
      expect(() => loadWechatConfig({ WECHATY_PUPPET: puppet }, '/data')).toThrowError(
        /WECHATY_PUPPET_SERVICE_TOKEN/,
      );
    }
    expect(
      loadWechatConfig(
        { WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 't' },
        '/data',
      ),
    ).toMatchObject({ sessionName: '/data/wechat-session', token: 't', ids: 'puppet', maxBytes: 2048 });
    expect(loadWechatConfig({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u' }, '/data')).toMatchObject({
      ids: 'alias',
      maxBytes: 4096,
    });
  });
});

/** Decodes an 8-bit greyscale, unfiltered PNG (what qrPng writes) and reads the QR code in it with jsQR. */
function decodeQrPng(png: Buffer): string | undefined {
  const w = png.readUInt32BE(16);
  const h = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = raw[y * (w + 1) + 1 + x] as number;
      rgba.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  return jsQR(rgba, w, h)?.data;
}

describe('导入方案 on WeChat (real wechaty, mock puppet)', () => {
  it('导入方案, then the file: the preview says to reply 确认导入 or 取消 (no buttons on WeChat); confirmed, the plan answers', async () => {
    const folder = planFolder([]);
    const w = await world({ plans: PlanSet.load(folder) });
    w.admin.say('导入方案').to(w.me);
    await w.settle();
    expect(texts(w.said).at(-1)).toContain('请在5分钟内把方案文件发给我');
    const plan = readFileSync(path.join(projectRoot(), 'tests/fixtures/plans/jishan-campus-safety-2023.txt'));
    // a file message as a puppet delivers it: type Attachment with its file name, the bytes fetched on demand
    const id = 'file-plan-1';
    w.mocker.cacheFileBoxPayload.set(
      id,
      FileBox.fromBase64(plan.toString('base64'), '校园安全.txt').toJSON(),
    );
    w.mocker.MessageMock.create({
      id,
      talkerId: w.admin.id,
      listenerId: w.me.id,
      timestamp: Date.now(),
      type: types.Message.Attachment,
      filename: '校园安全.txt',
      text: '',
    } as never);
    w.puppet.emit('message', { messageId: id });
    await w.settle();
    const preview = texts(w.said).join('\n');
    expect(preview).toContain('方案预览：《稷山县2023年校园安全提升行动实施方案》');
    expect(preview).toContain('来源：校园安全.txt（文本文件）');
    expect(preview).toContain('回复“确认导入”导入，回复“取消”放弃');
    w.admin.say('确认导入').to(w.me);
    await w.settle();
    expect(texts(w.said).at(-1)).toContain('已导入校园安全实施方案');
    expect(readdirSync(folder)).toContain('jizhengbanfa-2023-7.json');
    w.zs.say('防溺水谁负责').to(w.me);
    await w.settle();
    expect(texts(w.said).at(-1)).toContain('〔校园安全实施方案〕');
  });
});
