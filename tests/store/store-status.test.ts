import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storeStatus } from '../../src/store/store-status.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

describe('store status (for `plan-bot status`)', () => {
  it('reports the running holder, the outbox and the journal without locking or writing', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-06T12:00:00+08:00' });
    const prompts = await bot.core.runDue(new Date('2021-06-07T09:00:00+08:00'));
    const files = readdirSync(bot.dataDir).sort();
    const running = await storeStatus(bot.dataDir);
    expect(running).toMatchObject({
      outboxPending: prompts.length,
      outboxFailed: 0,
      inboxUnhandled: 0,
      rosterUnits: 3,
      running: { held: true, pid: process.pid },
    });
    expect(running.journalBytes).toBeGreaterThan(0);
    expect(readdirSync(bot.dataDir).sort()).toEqual(files);
    await bot.store.close();
    const stopped = await storeStatus(bot.dataDir);
    expect(stopped.running).toEqual({ held: false });
    expect(stopped.journalBytes).toBe(0);
    expect(stopped.newestBackup).toMatch(/plan-bot-\d{4}-\d{2}-\d{2}\.json$/);
  });
});
