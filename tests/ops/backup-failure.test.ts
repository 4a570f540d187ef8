import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { runCli } from '../cli/run-cli.js';
import { startBotProcess } from '../helpers/bot-process.js';
import { mountSmallDisk, smallDiskUnavailable } from '../helpers/small-disk.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');

/**
 * A backup folder the bot may not write, as under the unit's ProtectSystem=strict without ReadWritePaths=: a
 * read-only tmpfs (EROFS, exactly what systemd gives) where one can be mounted, else a path under a plain file.
 */
function unwritableBackupDir(): { dir: string; release: () => void } {
  if (!smallDiskUnavailable()) {
    const disk = mountSmallDisk(256);
    mkdirSync(path.join(disk.dir, 'plan-bot'));
    execFileSync('mount', ['-o', 'remount,ro', disk.dir]);
    return { dir: path.join(disk.dir, 'plan-bot'), release: disk.unmount };
  }
  const base = tempDataDir();
  writeFileSync(path.join(base, 'not-a-folder'), '');
  return { dir: path.join(base, 'not-a-folder', 'plan-bot'), release: () => {} };
}

describe('a backup folder the bot cannot write', { timeout: 60_000 }, () => {
  it('is named in the systemd unit: ReadWritePaths= for the PLAN_BOT_BACKUP_DIR of .env.example', () => {
    const read = (f: string) => readFileSync(path.join(projectRoot(), f), 'utf8');
    const example = /^# PLAN_BOT_BACKUP_DIR=(\S+)$/m.exec(read('.env.example'))?.[1];
    expect(example).toBeTruthy();
    const unit = read('deploy/plan-bot.service');
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    // "-": ignored while the folder does not exist, so the unit starts before the other disk is set up
    expect(unit).toMatch(new RegExp(`^ReadWritePaths=-${example}$`, 'm'));
  });

  it('reaches the admins and `plan-bot status` (exit 1), not only a log line; the bot keeps running', async () => {
    const data = tempDataDir();
    expect((await runCli(['replay', fixture, '--data', data])).code).toBe(0);
    const backup = unwritableBackupDir();
    try {
      const env = { PLAN_BOT_BACKUP_DIR: backup.dir };
      // the console's user is an admin: the alert is delivered into the console chat
      const bot = startBotProcess(['start', '--data', data], env);
      try {
        await bot.waitFor('【备份失败】');
        expect(bot.stdout()).toContain(backup.dir);
        expect(bot.stdout()).toContain('ReadWritePaths=');
        const r = await runCli(['status', '--data', data, '--json'], { env });
        expect(r.code).toBe(1);
        const s = JSON.parse(r.stdout) as {
          ok: boolean;
          running: boolean;
          backup: { dir: string; lastError: { error: string } | null };
          problems: string[];
        };
        expect(s).toMatchObject({ ok: false, running: true, backup: { dir: backup.dir } });
        expect(s.backup.lastError?.error).toMatch(/EROFS|ENOTDIR/);
        expect(s.problems.join('\n')).toContain(`备份失败`);
        // the bot still answers
        bot.child.stdin.write('文号\n');
        await bot.waitFor('稷政发');
      } finally {
        bot.child.stdin.end();
        expect((await bot.exited).code).toBe(0);
      }
      // once the folder is right again, a start backs up and status is clean (not running: exit 3)
      const fixed = path.join(tempDataDir(), 'backups');
      const again = startBotProcess(['start', '--data', data], { PLAN_BOT_BACKUP_DIR: fixed });
      again.child.stdin.end('文号\n');
      expect((await again.exited).code).toBe(0);
      const r = await runCli(['status', '--data', data, '--json'], { env: { PLAN_BOT_BACKUP_DIR: fixed } });
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, backup: { lastError: null } });
      expect(r.code).toBe(3);
    } finally {
      backup.release();
    }
  });
});
