import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { LarkAdapter } from '../../adapters/lark/lark-adapter.js';
import { loadLarkConfig } from '../../adapters/lark/lark-config.js';
import { WechatAdapter } from '../../adapters/wechat/wechat-adapter.js';
import { silentLogger } from '../../src/core/logger.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { tempBot, tempDataDir } from '../helpers/temp-bot.js';
import { writeSnapshot } from './checkin-load.js';

/**
 * Starts the bot with every adapter on its test transport (Lark webhook against the fake open platform, Lark's
 * long connection against the fake endpoint, both in another process, WeChat on wechaty-puppet-mock, the console), lets it idle, and
 * prints the process RSS in MB as JSON. The data directory (argument 1, default a new empty one) may hold records.
 */
async function main(dataDir?: string): Promise<void> {
  // the stand-in for the remote platform runs in its own process, so that only the bot is measured
  const server = spawn(process.execPath, [
    fileURLToPath(new URL('./fake-platform-server.js', import.meta.url)),
  ]);
  const url = await new Promise<string>((resolve) =>
    server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  const fake = { url, stop: async () => void server.kill('SIGTERM') };
  const bot = await tempBot(dataDir ? { dataDir } : {});
  const records = bot.store.data.checkins.length;
  const webhook = new LarkAdapter(
    loadLarkConfig({
      LARK_APP_ID: 'cli_a1b2c3d4e5f607aa',
      LARK_APP_SECRET: 'bench-secret',
      LARK_MODE: 'webhook',
      LARK_ENCRYPT_KEY: 'bench-key',
      LARK_DOMAIN: fake.url,
      LARK_WEBHOOK_PORT: '0',
    }),
    silentLogger,
    { webhookHost: '127.0.0.1' },
  );
  const ws = new LarkAdapter(
    loadLarkConfig({
      LARK_APP_ID: 'cli_a1b2c3d4e5f607ab',
      LARK_APP_SECRET: 'bench-secret',
      LARK_DOMAIN: fake.url,
    }),
    silentLogger,
  );
  const mocker = new mock.Mocker();
  const wechat = new WechatAdapter(
    {
      puppet: 'wechaty-puppet-mock',
      sessionName: `${bot.dataDir}/wechat-session`,
      sendGapMs: 0,
      sendJitterMs: 0,
    },
    silentLogger,
    { puppet: new PuppetMock({ mocker }), qrOutput: new PassThrough() },
  );
  const input = new PassThrough();
  const konsole = new ConsoleAdapter({ input, output: new PassThrough(), interactive: false });
  await webhook.start(bot.core);
  await ws.start(bot.core);
  await wechat.start(bot.core);
  mocker.login(mocker.createContact({ name: 'bot' }));
  const done = konsole.start(bot.core);
  bot.core.qa.answer('任务14谁负责');
  await new Promise((r) => setTimeout(r, 2000));
  // settle: collect twice with a pause so that freed young-generation pages are returned
  global.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  global.gc?.();
  const rss = process.memoryUsage().rss / 1e6;
  process.stdout.write(`${JSON.stringify({ idle_rss_mb: rss, records })}\n`);
  input.end();
  await done;
  await Promise.allSettled([webhook.stop(), ws.stop(), wechat.stop()]);
  await fake.stop();
  process.exit(0);
}

void main(process.argv[2]);
