import { PassThrough } from 'node:stream';
import { FileBox } from 'file-box';
import { afterEach, describe, expect, it } from 'vitest';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { WechatAdapter } from '../../../adapters/wechat/wechat-adapter.js';
import { loadWechatConfig, WechatConfigError } from '../../../adapters/wechat/wechat-config.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { TASK14_UNITS, tempBot } from '../../helpers/temp-bot.js';

/** The real wechaty on wechaty-puppet-mock, with the bot logged in, a room and two people. */
async function world() {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const me = mocker.createContact({ name: '方案助手' });
  const zs = mocker.createContact({ name: '张三' });
  const fin = mocker.createContact({ name: '王会计' });
  const admin = mocker.createContact({ name: '督查室' });
  const room = mocker.createRoom({ topic: '职教工作群', memberIdList: [me.id, zs.id, fin.id] });
  const bot = await tempBot({
    roster: [
      { unit: '县财政局', members: [{ platform: 'wechat', id: fin.id, name: '王会计', role: 'liaison' }] },
    ],
    admins: [`wechat:${admin.id}`],
  });
  const log = captureLogger();
  const adapter = new WechatAdapter(
    {
      puppet: 'wechaty-puppet-mock',
      sessionName: `${bot.dataDir}/wechat-session`,
      sendGapMs: 5,
      sendJitterMs: 5,
    },
    log,
    { puppet, qrOutput: new PassThrough(), retryBaseMs: 5 },
  );
  await adapter.start(bot.core);
  mocker.scan('https://example.invalid/qr', 2);
  mocker.login(me);
  await new Promise((r) => setTimeout(r, 20));
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
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 30));
    await adapter.idle();
    await new Promise((r) => setTimeout(r, 30));
  };
  return { mocker, puppet, me, zs, fin, admin, room, bot, adapter, log, said, heard, watch, settle };
}

let current: Awaited<ReturnType<typeof world>> | undefined;
afterEach(async () => {
  await current?.adapter.stop();
  current = undefined;
});

describe('WeChat adapter on wechaty-puppet-mock', () => {
  it('answers a room message that mentions the bot, in that room, mentioning the asker', async () => {
    const w = await world();
    current = w;
    w.zs.say('@方案助手\u2005任务14谁负责', [w.me]).to(w.room);
    await w.settle();
    expect(w.said).toHaveLength(1);
    const reply = w.said[0] as mock.MessageMock;
    expect(reply.payload.roomId).toBe(w.room.id);
    expect(reply.text()).toMatch(/^@张三/);
    for (const u of TASK14_UNITS) {
      expect(reply.text()).toContain(u);
    }
    expect(w.log.lines.some((l) => l.includes('scan this QR code') && l.includes('https://'))).toBe(true);
  });

  it('reads a mention in the text when the puppet gives no mention list (full-width space, no space)', async () => {
    const w = await world();
    current = w;
    w.zs.say('@方案助手\u3000任务7谁负责').to(w.room);
    w.zs.say('@方案助手任务19谁负责').to(w.room);
    await w.settle();
    expect(w.said.map((m) => m.text())).toEqual([
      expect.stringContaining('任务7「实施品牌专业建设计划」'),
      expect.stringContaining('任务19「落实“职教高考”制度」'),
    ]);
  });

  it('stays silent without a mention, on its own messages, and on a re-delivered message id', async () => {
    const w = await world();
    current = w;
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

  it("stores and confirms a bound liaison's direct check-in", async () => {
    const w = await world();
    current = w;
    w.watch(w.fin);
    w.fin.say('任务14 进度60% 已召开校企座谈会').to(w.me);
    await w.settle();
    expect(w.said.map((m) => m.text())).toEqual([expect.stringContaining('已记录 县财政局')]);
    expect(w.bot.store.data.checkins).toMatchObject([
      { unit: '县财政局', task: 14, progress: 60, by: { platform: 'wechat', id: w.fin.id } },
    ]);
  });

  it("delivers an admin's export as a file into the chat, and refuses others", async () => {
    const w = await world();
    current = w;
    w.watch(w.admin);
    w.admin.say('导出 csv').to(w.me);
    await w.settle();
    const file = w.said.find((m) => m.type() !== 7);
    expect(file).toBeDefined();
    const box = await w.puppet.messageFile((file as mock.MessageMock).id);
    expect(box.name).toMatch(/^plan-bot-.*\.csv$/);
    expect((await box.toBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    w.said.length = 0;
    w.watch(w.zs);
    w.zs.say('导出').to(w.me);
    await w.settle();
    expect(w.said.map((m) => m.text())).toEqual([expect.stringContaining('只有管理员')]);
  });

  it('keeps order for a burst of 20 questions', async () => {
    const w = await world();
    current = w;
    for (let n = 1; n <= 20; n++) w.zs.say(`@方案助手\u2005任务${n}谁负责`, [w.me]).to(w.room);
    for (let i = 0; i < 50 && w.said.length < 20; i++) await w.settle();
    const order = w.said.map((m) => Number(/任务(\d+)「/.exec(m.text() ?? '')?.[1]));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('retries a failed send with back-off and logs it, without blocking later messages', async () => {
    const w = await world();
    current = w;
    const original = w.puppet.messageSendText.bind(w.puppet);
    let failures = 1;
    w.puppet.messageSendText = async (...args: Parameters<typeof original>) => {
      if (failures-- > 0) throw new Error('risk control: send rejected');
      return original(...args);
    };
    w.zs.say('@方案助手\u2005任务3谁负责', [w.me]).to(w.room);
    w.zs.say('@方案助手\u2005任务4谁负责', [w.me]).to(w.room);
    for (let i = 0; i < 20 && w.said.length < 2; i++) await w.settle();
    expect(w.said.map((m) => /任务(\d+)「/.exec(m.text() ?? '')?.[1])).toEqual(['3', '4']);
    expect(
      w.log.lines.some((l) => l.includes('wechat send failed, retrying') && l.includes('risk control')),
    ).toBe(true);
  });

  it('answers a non-text message with 只支持文字消息', async () => {
    const w = await world();
    current = w;
    w.watch(w.zs);
    w.zs.say(FileBox.fromBase64(Buffer.from('GIF89a').toString('base64'), 'photo.gif')).to(w.me);
    await w.settle();
    expect(w.said.map((m) => m.text())).toEqual([expect.stringContaining('只支持文字消息')]);
  });
});

describe('WeChat configuration', () => {
  it('needs a token for a service puppet, and keeps the session in the data directory', () => {
    expect(() => loadWechatConfig({ WECHATY_PUPPET: 'wechaty-puppet-service' }, '/data')).toThrowError(
      WechatConfigError,
    );
    expect(
      loadWechatConfig(
        { WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 't' },
        '/data',
      ),
    ).toMatchObject({
      sessionName: '/data/wechat-session',
      token: 't',
    });
  });
});
