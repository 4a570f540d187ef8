import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkAdapter } from '../../adapters/lark/lark-adapter.js';
import { loadLarkConfig } from '../../adapters/lark/lark-config.js';
import { silentLogger } from '../../src/core/logger.js';
import { OutboxDelivery } from '../../src/delivery/outbox-delivery.js';
import type { Adapter, Outgoing } from '../../src/shared/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { pendingCount } from '../../src/store/outbox.js';
import { FakeOpenPlatform } from '../adapters/lark/fake-open-platform.js';
import { TEST_ROSTER, TestClock, tempBot } from '../helpers/temp-bot.js';

/** A platform adapter that records what it delivers (the console, standing in for any platform). */
class RecordingAdapter implements Adapter {
  readonly sent: Outgoing[] = [];
  constructor(readonly name: string) {}
  async start(): Promise<void> {}
  async send(o: Outgoing): Promise<void> {
    this.sent.push(o);
  }
  async stop(): Promise<void> {}
}

const MONDAY = '2021-06-07T09:00:00+08:00';
const HOUR = 3600_000;

describe('durable outbox', () => {
  // Lark down, then Lark back (a fresh fake: the first keeps failing)
  const down = new FakeOpenPlatform();
  const up = new FakeOpenPlatform();
  beforeAll(async () => {
    await down.start();
    await up.start();
  });
  afterAll(async () => {
    await down.stop();
    await up.stop();
  });

  const lark = (fake: FakeOpenPlatform) =>
    new LarkAdapter(
      loadLarkConfig({
        LARK_APP_ID: 'cli_a1b2c3d4e5f60718',
        LARK_APP_SECRET: 'secret',
        LARK_MODE: 'webhook',
        LARK_ENCRYPT_KEY: 'key',
        LARK_DOMAIN: fake.url,
        LARK_WEBHOOK_PORT: '0',
      }),
      silentLogger,
      { webhookHost: '127.0.0.1', sendGapMs: 0, retryBaseMs: 1, retryAttempts: 1 },
    );

  it('marks a weekly job done only together with its messages in the outbox, before any delivery', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-06T12:00:00+08:00' });
    const prompts = await bot.core.runDue(new Date(MONDAY));
    expect(prompts.length).toBeGreaterThan(0);
    const onDisk = await FileStore.open(bot.dataDir, { readOnly: true });
    expect(onDisk.data.jobs['prompt:2021-W23']).toBeDefined();
    expect(pendingCount(onDisk.data)).toBe(prompts.length);
    expect(Object.values(onDisk.data.outbox).map((e) => e.source)).toEqual(
      prompts.map(() => 'prompt:2021-W23'),
    );
    await bot.store.close();
  });

  it('retries failed Lark sends with back-off across a restart, and removes what Lark accepted', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-06T12:00:00+08:00' });
    const prompts = await bot.core.runDue(new Date(MONDAY));
    const toLark = prompts.filter((p) => p.to.platform === 'lark').length;
    const clock = new TestClock(new Date(MONDAY));
    // Lark is down: every send fails; WeChat has no adapter running at all
    const a1 = lark(down);
    await a1.start(bot.core);
    down.fail('/open-apis/im/v1/messages', 1000, 500, { code: 1, msg: 'down' });
    await new OutboxDelivery(bot.store, [a1], silentLogger, clock, 48 * HOUR).flush();
    await a1.stop();
    expect(pendingCount(bot.store.data)).toBe(prompts.length);
    const entries = Object.values(bot.store.data.outbox);
    expect(entries.every((e) => e.attempts === 1 && Date.parse(e.nextAt) > clock.now().getTime())).toBe(true);
    expect(entries.find((e) => e.to.platform === 'wechat')?.lastError).toContain(
      'no adapter running for wechat',
    );
    await bot.store.close();

    // restart: a new process state on the same data directory, Lark back
    const again = await tempBot({ dataDir: bot.dataDir, at: MONDAY });
    expect(pendingCount(again.store.data)).toBe(prompts.length);
    const a2 = lark(up);
    await a2.start(again.core);
    const wechat = new RecordingAdapter('wechat');
    const delivery = new OutboxDelivery(again.store, [a2, wechat], silentLogger, clock, 48 * HOUR);
    await delivery.flush(); // nothing is due before its back-off
    expect(up.sent()).toHaveLength(0);
    clock.t = new Date(clock.t.getTime() + 5 * 60_000);
    await delivery.flush();
    await a2.stop();
    // every Lark prompt reached its chat (a prompt may bring its check-in form card as a second message)
    const larkTargets = prompts
      .filter((p) => p.to.platform === 'lark')
      .map((p) => p.to.userId ?? p.to.chatId);
    const reached = new Set(up.sent().map((r) => String(r.json?.receive_id)));
    expect([...reached].sort()).toEqual([...new Set(larkTargets)].sort());
    expect(up.sent().length).toBeGreaterThanOrEqual(toLark);
    expect(wechat.sent).toHaveLength(prompts.length - toLark);
    expect(pendingCount(again.store.data)).toBe(0);
    const onDisk = await FileStore.open(bot.dataDir, { readOnly: true });
    expect(pendingCount(onDisk.data)).toBe(0);
    await again.store.close();
  });

  it('sends what waited for a platform as soon as it is back (a WeChat re-login), without the back-off', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-06T12:00:00+08:00' });
    const prompts = await bot.core.runDue(new Date(MONDAY));
    const toWechat = prompts.filter((p) => p.to.platform === 'wechat').length;
    expect(toWechat).toBeGreaterThan(0);
    const clock = new TestClock(new Date(MONDAY));
    const wechat = new RecordingAdapter('wechat');
    let fail = true;
    wechat.send = async (o) => {
      if (fail) throw new Error('wechat: logged out');
      wechat.sent.push(o);
    };
    const delivery = new OutboxDelivery(bot.store, [wechat], silentLogger, clock, 48 * HOUR);
    await delivery.flush();
    expect(wechat.sent).toHaveLength(0);
    fail = false;
    await delivery.flush(); // still inside the back-off: nothing is due
    expect(wechat.sent).toHaveLength(0);
    await delivery.flushPlatform('wechat'); // the adapter's onReconnect at login
    expect(wechat.sent).toHaveLength(toWechat);
    await bot.store.close();
  });

  it('gives up after the expiry and reports the failures in the admins digest', async () => {
    const bot = await tempBot({
      roster: TEST_ROSTER,
      admins: ['console:admin'],
      at: '2021-06-06T12:00:00+08:00',
    });
    const prompts = await bot.core.runDue(new Date(MONDAY));
    const clock = new TestClock(new Date(MONDAY));
    const konsole = new RecordingAdapter('console');
    const delivery = new OutboxDelivery(bot.store, [konsole], silentLogger, clock, 24 * HOUR);
    for (let h = 0; h <= 30; h++) {
      clock.t = new Date(Date.parse(MONDAY) + h * HOUR);
      await delivery.flush();
    }
    expect(pendingCount(bot.store.data)).toBe(0);
    expect(Object.values(bot.store.data.outbox).filter((e) => e.state === 'failed')).toHaveLength(
      prompts.length,
    );
    await bot.core.runDue(new Date('2021-06-10T15:00:00+08:00')); // reminders: queued, nobody to deliver them either
    const digest = await bot.core.runDue(new Date('2021-06-11T17:00:00+08:00'));
    const forAdmin = digest.find((o) => o.to.platform === 'console');
    expect(forAdmin && 'text' in forAdmin ? forAdmin.text : '').toContain(
      `以下${prompts.length}条消息多次发送失败，已放弃`,
    );
    expect(forAdmin && 'text' in forAdmin ? forAdmin.text : '').toContain('prompt:2021-W23 → lark:');
    expect(Object.values(bot.store.data.outbox).filter((e) => e.state === 'failed')).toHaveLength(0);
    clock.t = new Date('2021-06-11T17:00:01+08:00');
    await delivery.flush();
    // the digest, then the week's 督办通报 (docs/supervision.md)
    const firstLine = (t: string | undefined) => (t ?? '').split('\n')[0];
    expect(konsole.sent.map((o) => firstLine('text' in o ? o.text : ''))).toEqual([
      firstLine(forAdmin && 'text' in forAdmin ? forAdmin.text : ''),
      expect.stringMatching(/^【督办通报】2021-W23/),
    ]);
    expect(konsole.sent[0] && 'text' in konsole.sent[0] ? konsole.sent[0].text : '').toBe(
      forAdmin && 'text' in forAdmin ? forAdmin.text : '',
    );
    await bot.store.close();
  });
});
