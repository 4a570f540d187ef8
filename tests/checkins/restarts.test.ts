import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { TEST_ROSTER, tempBot, tempDataDir } from '../helpers/temp-bot.js';

// docs/security.md claims about restarts: processed message ids are stored, so a re-delivery after a restart is handled
// once; each weekly job runs at most once a week, also across restarts, and one that came due while the bot was
// down still runs. A "restart" is a new store and core on the same data directory, as `plan-bot start` makes,
// after the old one let go of the directory's lock, writing nothing more (as after a kill).

/** What a fresh start would read (snapshot and journal), opened read-only. */
const onDisk = async (dataDir: string) => (await FileStore.open(dataDir, { readOnly: true })).data;

afterEach(() => {
  vi.useRealTimers();
});

describe('across restarts', () => {
  it('answers a message re-delivered after a restart once: a check-in, and a question (saved within a second)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const dataDir = tempDataDir(TEST_ROSTER);
    const first = await tempBot({ dataDir });
    expect(await first.say('lark:ou_fin1', '任务14 进度60%', { id: 'om_report' })).toHaveLength(1);
    expect(await first.say('lark:ou_fin1', '文号', { id: 'om_question' })).toHaveLength(1);
    // the processed id of a question is written by the batched save, a second later
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await onDisk(dataDir)).seen).toContain('lark:om_question'));
    await first.store.close({ compact: false, flush: false });
    const second = await tempBot({ dataDir });
    expect(await second.say('lark:ou_fin1', '任务14 进度60%', { id: 'om_report' })).toEqual([]);
    expect(await second.say('lark:ou_fin1', '文号', { id: 'om_question' })).toEqual([]);
    expect(second.store.data.checkins).toHaveLength(1);
    // a new message is still answered
    expect(await second.say('lark:ou_fin1', '文号', { id: 'om_new' })).toHaveLength(1);
  });

  it('runs each weekly job once a week across restarts, and catches up on one missed while down', async () => {
    const dataDir = tempDataDir(TEST_ROSTER);
    const prompts = (out: { text?: string }[]) =>
      out.filter((o) => (o.text ?? '').startsWith('【每周进度汇报】'));
    // running on Friday: the digest fires (no admins, so nothing is sent) and what fired is saved
    const a = await tempBot({ dataDir, at: '2021-06-04T12:00:00+08:00' });
    expect(await a.core.runDue(new Date('2021-06-04T17:00:00+08:00'))).toEqual([]);
    // down over Monday 09:00; started again at 10:00: the prompt still goes out, once
    await a.store.close({ compact: false, flush: false });
    const b = await tempBot({ dataDir, at: '2021-06-07T10:00:00+08:00' });
    expect(prompts(await b.core.runDue(new Date('2021-06-07T10:00:00+08:00')))).toHaveLength(3);
    await b.store.close({ compact: false, flush: false });
    const c = await tempBot({ dataDir, at: '2021-06-07T10:05:00+08:00' });
    expect(await c.core.runDue(new Date('2021-06-07T10:05:00+08:00'))).toEqual([]);
    await c.store.close({ compact: false, flush: false });
    const d = await tempBot({ dataDir, at: '2021-06-09T10:00:00+08:00' });
    expect(prompts(await d.core.runDue(new Date('2021-06-09T10:00:00+08:00')))).toEqual([]);
    // next Monday, after one more restart: the new week's prompt, once
    await d.store.close({ compact: false, flush: false });
    const e = await tempBot({ dataDir, at: '2021-06-14T08:00:00+08:00' });
    // 2021-06-14 is 端午: the prompt moves to Tuesday 09:00
    expect(prompts(await e.core.runDue(new Date('2021-06-15T09:00:00+08:00')))).toHaveLength(3);
    await e.store.close({ compact: false, flush: false });
    const f = await tempBot({ dataDir, at: '2021-06-15T09:01:00+08:00' });
    expect(await f.core.runDue(new Date('2021-06-15T12:00:00+08:00'))).toEqual([]);
  });
});
