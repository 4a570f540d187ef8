import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { buildCore } from '../../src/main.js';
import { projectRoot } from '../../src/project-root.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../../src/store/file-store.js';
import { readDataSync } from '../../src/store/read-data-sync.js';
import { runCli } from '../cli/run-cli.js';
import { planFolder } from '../helpers/temp-bot.js';

/**
 * Data directories written by the single-plan version (schema 2), kept as it wrote them: `with-journal` is the
 * replayed week 2021-W23 (snapshot) plus two later changes in its journal (a report and a withdrawal);
 * `journal-only` never reached its first snapshot.
 */
function oldData(which: 'with-journal' | 'journal-only'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-old-'));
  cpSync(path.join(projectRoot(), 'tests/fixtures/single-plan-data', which), dir, { recursive: true });
  return dir;
}

const snapshotOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, DB_FILE), 'utf8'));

describe('a data directory of the single-plan version', () => {
  it('opens unchanged: its records, snapshot and journal, belong to the one plan it had', async () => {
    const dir = oldData('with-journal');
    const before = snapshotOf(dir);
    expect(before.schemaVersion).toBe(2);
    const store = await FileStore.open(dir);
    expect(store.data.schemaVersion).toBe(3);
    expect(store.data.plans.legacy).toBe('jishan-2021');
    // every record of the snapshot, and the two journal lines: a new report (2 records), one of them withdrawn
    expect(store.data.checkins).toHaveLength(before.checkins.length + 2);
    expect(new Set(store.data.checkins.map((c) => c.plan))).toEqual(new Set(['jishan-2021']));
    const { plan: _p, ...first } = store.data.checkins[0] as { plan: string };
    expect(first).toEqual(before.checkins[0]);
    expect(store.data.checkins.filter((c) => c.withdrawn).map((c) => [c.week, c.task])).toEqual([
      ['2021-W24', 2],
    ]);
    expect(store.data.roster).toEqual(before.roster);
    expect(store.data.jobs).toEqual(before.jobs);
    // the next snapshot is written in the new schema, and reads back the same
    const data = JSON.stringify(store.data.checkins);
    await store.close();
    const after = snapshotOf(dir);
    expect(after.schemaVersion).toBe(3);
    expect(after.plans).toEqual({ legacy: 'jishan-2021', chats: {}, stopped: [] });
    expect(readFileSync(path.join(dir, JOURNAL_FILE), 'utf8')).toBe('');
    const again = await FileStore.open(dir);
    expect(again.data.checkins).toEqual(JSON.parse(data));
    await again.close();
  });

  it('replays a journal the old version wrote without ever making a snapshot', async () => {
    const dir = oldData('journal-only');
    const db = readDataSync(dir);
    expect(db.checkins.map((c) => [c.plan, c.unit, c.task, c.progress])).toEqual([
      ['jishan-2021', '县财政局', 14, 60],
    ]);
    const store = await FileStore.open(dir, { legacyPlan: 'my-county-plan' });
    // a directory upgraded while the bot carries another single plan: its records go to that plan
    expect(store.data.checkins[0]?.plan).toBe('my-county-plan');
    expect(store.data.roster[0]?.unit).toBe('县财政局');
    await store.close();
    expect(snapshotOf(dir).plans.legacy).toBe('my-county-plan');
  });

  it('runs a bot on the old data with a plan folder: the old records are the bundled plan’s, in chat and exports', async () => {
    const dir = oldData('with-journal');
    const folder = planFolder();
    const config = loadConfig({ PLAN_BOT_ADMINS: 'lark:ou_admin' }, { dataDir: dir, knowledgePath: folder });
    let now = new Date('2021-06-10T15:30:00+08:00');
    const core = await buildCore(config, { log: silentLogger, clock: { now: () => now } });
    const say = async (text: string) =>
      (
        await core.handle({
          platform: 'lark',
          id: `u${Math.random()}`,
          chatId: 'ou_admin',
          chatType: 'direct',
          sender: { id: 'ou_admin' },
          text,
          mentionsBot: true,
          at: now,
        })
      ).map((o) => ('text' in o ? o.text : ''));
    const [status] = await say('本周汇报情况 职教行动计划 2021-W23');
    expect(status).toContain('⚠️ 县财政局：已报1/11；未报：任务2、3、4、5、9、11、12、15、16、20');
    // a unit whose task is 滞后 is not ✅ (reported, but delayed)
    expect(status).toContain('⚠️ 县委编办：已报1/1；任务9：滞后');
    expect((await say('职教行动计划的任务14进展如何'))[0]).toContain(
      '〔职教行动计划〕任务14「推进产教深度融合」最新进展',
    );
    now = new Date('2021-06-14T10:00:00+08:00');
    await core.store.close();
    const out = path.join(dir, 'all.csv');
    const r = await runCli(['export', '--out', out, '--data', dir, '--knowledge', folder]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').split('\r\n').slice(1).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => l.startsWith('职教行动计划,'))).toBe(true);
  });
});
