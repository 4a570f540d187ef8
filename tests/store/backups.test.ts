import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupSnapshot, keptBackups, listBackups } from '../../src/store/backups.js';
import { DB_FILE, FileStore } from '../../src/store/file-store.js';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const ROSTER = [
  {
    unit: '县教育局',
    members: [{ platform: 'console', id: 'console-user', name: '控制台', role: 'liaison' }],
  },
];

describe('backups', () => {
  it('keeps the newest 7 days and one backup for each of the 4 weeks before them', () => {
    const days = Array.from({ length: 60 }, (_, i) =>
      new Date(Date.UTC(2021, 5, 1 + i)).toISOString().slice(0, 10),
    );
    const kept = [...keptBackups(days)].sort();
    expect(kept).toHaveLength(11);
    expect(kept.slice(-7)).toEqual(days.slice(-7));
    // the four weekly ones: four different weeks (Monday-based), all before the daily ones
    const monday = (d: string) => {
      const t = new Date(`${d}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
      return t.toISOString().slice(0, 10);
    };
    const weekly = kept.slice(0, 4);
    expect(new Set(weekly.map(monday)).size).toBe(4);
    expect(weekly.every((d) => d < (days[days.length - 7] as string))).toBe(true);
  });

  it('writes the day’s backup from each snapshot into PLAN_BOT_BACKUP_DIR, validated and byte-identical', async () => {
    const dir = tempDataDir();
    const backupDir = path.join(tempDataDir(), 'elsewhere');
    const store = await FileStore.open(dir, { backupDir });
    store.data.jobs.x = '2021-06-07T01:00:00.000Z';
    await store.commit();
    await store.close();
    const [b] = listBackups(backupDir);
    expect(b?.file).toMatch(/plan-bot-\d{4}-\d{2}-\d{2}\.json$/);
    expect(readFileSync(b?.file as string).equals(readFileSync(path.join(dir, DB_FILE)))).toBe(true);
  });

  it('never replaces a good backup with a bad state', async () => {
    const dir = tempDataDir();
    const backupDir = path.join(dir, 'backups');
    const store = await FileStore.open(dir);
    store.data.jobs.kept = '2021-06-07T01:00:00.000Z';
    await store.commit();
    await store.close();
    const [good] = listBackups(backupDir);
    const before = readFileSync(good?.file as string);
    writeFileSync(path.join(dir, DB_FILE), '{"schemaVersion":2,"roster":[ truncated');
    await expect(backupSnapshot(path.join(dir, DB_FILE), backupDir, new Date())).rejects.toThrow(
      /not valid JSON/,
    );
    expect(readFileSync(good?.file as string).equals(before)).toBe(true);
    expect(readdirSync(backupDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  // three real CLI processes: more than the default 5 s when the machine is busy
  it('names the newest backup when the database is damaged, and `plan-bot restore` brings the data back', {
    timeout: 30_000,
  }, async () => {
    const dir = tempDataDir(ROSTER);
    const first = await runCli(['start', '--data', dir], { input: '任务14 进度60% 已召开座谈会\n' });
    expect(first.stdout).toContain('已记录');
    const [backup] = listBackups(path.join(dir, 'backups'));
    writeFileSync(path.join(dir, DB_FILE), '{"schemaVersion":2, damaged');
    const refused = await runCli(['start', '--data', dir], { input: '任务14谁负责\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`最新的备份是 ${backup?.file}`);
    expect(refused.stderr).toContain(`plan-bot restore 备份文件 --data ${dir}`);
    const restored = await runCli(['restore', backup?.file as string, '--data', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/1条汇报记录.*原来的 plan-bot\.db\.json.*已移到 .*replaced-/);
    const db = await FileStore.open(dir, { readOnly: true });
    expect(db.data.checkins.map((c) => c.note)).toEqual(['已召开座谈会']);
    const aside = readdirSync(dir).find((n) => n.startsWith('replaced-')) as string;
    expect(readFileSync(path.join(dir, aside, DB_FILE), 'utf8')).toBe('{"schemaVersion":2, damaged');
  });
});
