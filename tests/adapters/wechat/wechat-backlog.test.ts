import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { WechatAdapter } from '../../../adapters/wechat/wechat-adapter.js';
import type { Core, IncomingMessage } from '../../../src/shared/types.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { tempBot } from '../../helpers/temp-bot.js';

describe('WeChat backlog', () => {
  it('marks a message dated before login as delayed (puppets replay backlog): a question from it is not answered, a fresh one is', async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const me = mocker.createContact({ name: '方案助手' });
    const zs = mocker.createContact({ name: '张三' });
    const bot = await tempBot();
    const handled: IncomingMessage[] = [];
    const replies = new Map<string, number>();
    const core: Core = {
      handle: async (msg) => {
        handled.push(msg);
        const out = await bot.core.handle(msg);
        replies.set(msg.id, out.length);
        return out;
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
      // both reach the core (a liaison's check-in from the backlog is still taken), the old one marked delayed
      await vi.waitFor(() => expect(replies.has(fresh) && replies.has(stale)).toBe(true));
      await adapter.idle();
      expect(handled.find((m) => m.id === stale)?.delayed).toBe(true);
      expect(handled.find((m) => m.id === fresh)?.delayed).toBeUndefined();
      expect(replies.get(stale)).toBe(0);
      expect(replies.get(fresh)).toBe(1);
    } finally {
      await adapter.stop();
    }
  });
});
