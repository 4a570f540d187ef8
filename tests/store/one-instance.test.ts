import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/store/data-lock.js';
import { FileStore } from '../../src/store/file-store.js';
import { runCli } from '../cli/run-cli.js';
import { startBotProcess } from '../helpers/bot-process.js';
import { mountSmallDisk, smallDiskUnavailable } from '../helpers/small-disk.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const ROSTER = [
  {
    unit: '县教育局',
    members: [{ platform: 'console', id: 'console-user', name: '控制台', role: 'liaison' }],
  },
];

describe('one instance per data directory, with real processes', () => {
  it('refuses a second start naming the lock and the pid, lets export read meanwhile, and takes over after kill -9', async () => {
    const dir = tempDataDir(ROSTER);
    const first = startBotProcess(['start', '--data', dir]);
    first.child.stdin.write('任务14 进度60% 已召开座谈会\n');
    await first.waitFor('已记录');
    const second = await runCli(['start', '--data', dir], { input: '任务2 进度10% 第二个实例\n' });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(path.join(dir, LOCK_FILE));
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stdout).toBe('');
    // export is read-only: it takes no lock and works while the bot runs
    const out = path.join(tempDataDir(), 'x.json');
    const exp = await runCli(['export', '--data', dir, '--format', 'json', '--out', out]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stderr).toContain('历史记录1条');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // the lock of the killed process is stale: the next start takes it over at once, with the acknowledged record
    const third = await runCli(['start', '--data', dir], { input: '任务2 进度10% 重启之后\n' });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('已记录');
    const db = await FileStore.open(dir, { readOnly: true });
    expect(db.data.checkins.map((c) => c.note)).toEqual(['已召开座谈会', '重启之后']);
  }, 60_000);

  const noDisk = smallDiskUnavailable();
  it.skipIf(noDisk !== undefined)(
    `exports from a read-only data directory without writing to it${noDisk ? ` (skipped: ${noDisk})` : ''}`,
    async () => {
      const disk = mountSmallDisk(1024);
      try {
        writeFileSync(path.join(disk.dir, 'roster.json'), JSON.stringify(ROSTER));
        const bot = await runCli(['start', '--data', disk.dir], { input: '任务14 进度60% 已召开座谈会\n' });
        expect(bot.stdout).toContain('已记录');
        const before = readdirSync(disk.dir).sort();
        execFileSync('mount', ['-o', 'remount,ro', disk.dir]);
        const out = path.join(tempDataDir(), 'x.csv');
        const exp = await runCli(['export', '--data', disk.dir, '--format', 'csv', '--out', out]);
        expect(exp.code, exp.stderr).toBe(0);
        expect(exp.stderr).toContain('历史记录1条');
        expect(readdirSync(disk.dir).sort()).toEqual(before);
      } finally {
        disk.unmount();
      }
    },
    60_000,
  );
});
