import { describe, expect, it } from 'vitest';
import { LarkAdapter } from '../../../adapters/lark/lark-adapter.js';
import { loadLarkConfig } from '../../../adapters/lark/lark-config.js';
import { runCli } from '../../cli/run-cli.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { TEST_ROSTER, tempBot, tempDataDir } from '../../helpers/temp-bot.js';
import { FakeOpenPlatform } from './fake-open-platform.js';
import { messageEvent } from './lark-events.js';
import { APP_ID, APP_SECRET, larkHarness } from './lark-harness.js';

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe('Lark long connection against a fake that behaves like the platform', () => {
  it('gets a pong with the ClientConfig payload, and the SDK takes it without "invalid pong payload"', async () => {
    const h = await larkHarness('ws');
    try {
      const ws = h.fake.ws as NonNullable<typeof h.fake.ws>;
      await until(() => ws.pongs > 0, 'a pong');
      await h.deliver(messageEvent({ chatType: 'p2p', text: '文号' }));
      expect(h.sentTexts().join('\n')).toContain('稷政发');
      expect(h.log.lines.join('\n')).not.toContain('invalid pong payload');
    } finally {
      await h.stop();
    }
  });

  it('reconnects after the platform closes the socket and receives the next event', async () => {
    const h = await larkHarness('ws');
    try {
      const ws = h.fake.ws as NonNullable<typeof h.fake.ws>;
      expect(ws.connections).toBe(1);
      ws.dropAll();
      await until(() => ws.connections === 2 && ws.clients === 1, 'the reconnect');
      await until(() => h.log.lines.some((l) => l.includes('reconnected')), 'onReconnected');
      const d = await h.deliver(
        messageEvent({ text: '任务14谁负责', mentionBot: h.fake.botOpenId, messageId: 'om_after' }),
      );
      expect(d.status).toBe(200);
      expect(h.fake.sent().map((r) => r.path)).toEqual(['/open-apis/im/v1/messages/om_after/reply']);
    } finally {
      await h.stop();
    }
  });

  it('with two instances connected, each event is handled by exactly one of them (one random client)', async () => {
    const fake = await new FakeOpenPlatform().start({ ws: true });
    const adapters: LarkAdapter[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const bot = await tempBot({ roster: TEST_ROSTER });
        const a = new LarkAdapter(
          loadLarkConfig({ LARK_APP_ID: APP_ID, LARK_APP_SECRET: APP_SECRET, LARK_DOMAIN: fake.url }),
          captureLogger(),
          { sendGapMs: 1, retryBaseMs: 1 },
        );
        await a.start(bot.core);
        await a.ready;
        adapters.push(a);
      }
      const ws = fake.ws as NonNullable<typeof fake.ws>;
      for (let i = 0; i < 16; i++) {
        await ws.push(messageEvent({ chatType: 'p2p', chatId: `oc_p${i}`, from: `ou_u${i}`, text: '文号' }));
      }
      for (const a of adapters) await a.idle();
      expect(fake.sent()).toHaveLength(16);
      expect(new Set(ws.deliveredTo).size).toBe(2);
    } finally {
      for (const a of adapters) await a.stop();
      await fake.stop();
    }
  });

  it('reports a connection the SDK gives up on (the endpoint refuses for good)', async () => {
    const h = await larkHarness('ws');
    try {
      const ws = h.fake.ws as NonNullable<typeof h.fake.ws>;
      h.fake.endpointRefusal = 1;
      ws.dropAll();
      const err = await h.adapter.fatal;
      expect(err.message).toContain('code=1');
      expect(h.log.lines.some((l) => l.includes('lark long connection gave up'))).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('makes `plan-bot start` exit non-zero when the long connection is given up, so systemd restarts it', async () => {
    const fake = await new FakeOpenPlatform().start({ ws: true });
    fake.endpointRefusal = 1;
    try {
      const r = await runCli(['start'], {
        env: {
          LARK_APP_ID: APP_ID,
          LARK_APP_SECRET: APP_SECRET,
          LARK_DOMAIN: fake.url,
          PLAN_BOT_DATA: tempDataDir(),
          NO_PROXY: '127.0.0.1,localhost',
        },
      });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('platform connection lost');
      expect(r.stdout + r.stderr).not.toContain(APP_SECRET);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
