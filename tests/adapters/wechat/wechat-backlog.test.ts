import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { WechatAdapter } from '../../../adapters/wechat/wechat-adapter.js';
import type { Core, IncomingMessage } from '../../../src/core/types.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { tempBot } from '../../helpers/temp-bot.js';

describe('WeChat backlog', () => {
  it('does not answer a message dated before login (puppets replay backlog), and answers a fresh one', async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const me = mocker.createContact({ name: '方案助手' });
    const zs = mocker.createContact({ name: '张三' });
    const bot = await tempBot();
    const handled: IncomingMessage[] = [];
    const core: Core = {
      handle: (msg) => {
        handled.push(msg);
        return bot.core.handle(msg);
      },
    };
    const log = captureLogger();
    const adapter = new WechatAdapter(
      {
        puppet: 'wechaty-puppet-mock',
        sessionName: `${bot.dataDir}/wechat-session`,
        sendGapMs: 0,
        sendJitterMs: 0,
      },
      log,
      { puppet, qrOutput: new PassThrough(), retryBaseMs: 1 },
    );
    try {
      await adapter.start(core);
      mocker.login(me);
      await vi.waitFor(() => expect(log.lines.some((l) => l.includes('wechat: logged in'))).toBe(true));
      /** A direct message from 张三 to the bot, dated `ageMs` ago, delivered as the puppet would deliver it. */
      const deliver = (text: string, ageMs: number) => {
        const msg = mocker.MessageMock.create({
          id: `msg-${ageMs}`,
          talkerId: zs.id,
          listenerId: me.id,
          timestamp: Date.now() - ageMs,
          type: types.Message.Text,
          text,
        });
        mocker.puppet.emit('message', { messageId: msg.id });
        return msg.id;
      };
      const stale = deliver('任务14谁负责', 10 * 60_000);
      const fresh = deliver('任务7谁负责', 0);
      // wait until both have been through the adapter: the fresh one handled, the stale one handled or dropped
      await vi.waitFor(() => {
        expect(handled.map((m) => m.id)).toContain(fresh);
        const dropped = log.lines.some((l) => l.includes('from before login ignored'));
        expect(dropped || handled.some((m) => m.id === stale)).toBe(true);
      });
      await adapter.idle();
      expect(handled.map((m) => m.id)).toEqual([fresh]);
    } finally {
      await adapter.stop();
    }
  });
});
