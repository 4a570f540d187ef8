import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../src/shared/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { TEST_ROSTER, tempBot, tempDataDir } from '../helpers/temp-bot.js';

const text = (o: Outgoing) => ('text' in o ? (o.text ?? '') : '');
const kind = (o: Outgoing) => /^【([^】]+)】/.exec(text(o))?.[1] ?? '';

describe('a restart after weeks down', () => {
  it('runs only the current week’s missed jobs; the older ones go to the admins as one note', async () => {
    const dataDir = tempDataDir(TEST_ROSTER);
    // last run on Friday 2021-06-04 (the digest of 2021-W22); the Monday prompt of 2021-W23 never fired
    const before = await tempBot({ dataDir, admins: ['lark:ou_admin'], at: '2021-06-04T12:00:00+08:00' });
    const digest = await before.core.runDue(new Date('2021-06-04T17:00:00+08:00'));
    expect(digest.some((o) => text(o).includes('2021-W22 汇报情况'))).toBe(true);
    await before.store.close({ compact: false, flush: false });

    // started again on Wednesday of 2021-W31, eight weeks later
    const after = await tempBot({ dataDir, admins: ['lark:ou_admin'], at: '2021-08-04T10:00:00+08:00' });
    const out = await after.core.runDue(new Date('2021-08-04T10:00:00+08:00'));
    const prompts = out.filter((o) => kind(o) === '每周进度汇报');
    expect(prompts).toHaveLength(3);
    expect(prompts.every((o) => text(o).includes('2021-W31'))).toBe(true);
    expect(out.filter((o) => kind(o) === '提醒' || text(o).includes('汇报情况】'))).toEqual([]);
    const notes = out.filter((o) => o.to.userId === 'ou_admin' && kind(o) === '停机期间未发送的每周任务');
    expect(notes).toHaveLength(1);
    // nothing else of a past week reaches the admins either
    expect(
      out.filter((o) => o.to.userId === 'ou_admin' && /2021-W(2\d|30)\b/.test(text(o)) && o !== notes[0]),
    ).toEqual([]);
    const note = text(notes[0] as Outgoing);
    expect(note).toContain('2021-W23');
    expect(note).toContain('2021-W30');
    expect(note).not.toContain('2021-W31');
    expect(note).toContain('本周汇报情况 2021-W30');
    // 8 weeks × 3 jobs were skipped, not queued: the outbox holds this week's prompts and the note only
    // (the outbox also holds what the Friday before the outage queued, never delivered in this test)
    const queued = Object.values(after.store.data.outbox).filter((e) => !e.source.endsWith(':2021-W22'));
    expect(queued.map((e) => e.source).sort()).toEqual([
      'missed-jobs',
      'prompt:2021-W31',
      'prompt:2021-W31',
      'prompt:2021-W31',
    ]);
    // nothing comes again, after another restart
    await after.store.close({ compact: false, flush: false });
    const again = await tempBot({ dataDir, admins: ['lark:ou_admin'], at: '2021-08-04T10:05:00+08:00' });
    expect(await again.core.runDue(new Date('2021-08-04T10:05:00+08:00'))).toEqual([]);
    const disk = (await FileStore.open(dataDir, { readOnly: true })).data;
    expect(Object.keys(disk.jobs).filter((k) => k.startsWith('prompt:'))).toHaveLength(9); // W23–W31
    await again.store.close();
  });

  it('still catches a job missed by minutes across the weekend (a Sunday-night job run on Monday)', async () => {
    const dataDir = tempDataDir(TEST_ROSTER);
    const bot = await tempBot({ dataDir, admins: ['lark:ou_admin'], at: '2021-06-11T12:00:00+08:00' });
    // the Friday digest of 2021-W23 is due at 17:00; the bot checks again five minutes later: same week, it runs
    const digest = await bot.core.runDue(new Date('2021-06-11T17:05:00+08:00'));
    expect(digest.filter((o) => text(o).includes('2021-W23 汇报情况'))).toHaveLength(1);
  });
});
