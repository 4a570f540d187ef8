import { createReadStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config.js';
import { syncDir, writeFileAtomic } from '../store/atomic-file.js';
import { lockDataDir } from '../store/data-lock.js';
import { DB_FILE, JOURNAL_FILE, SEALED_JOURNAL_FILE } from '../store/file-store.js';
import { readSnapshot } from '../store/read-snapshot.js';

/**
 * `plan-bot restore BACKUP_FILE`: checks the backup as a start would, takes the data directory's lock (so the bot
 * must be stopped), moves the current database and journal aside into `replaced-<time>/` (nothing is deleted),
 * and installs the backup as the database with a verified atomic write.
 */
export async function restoreCommand(
  file: string | undefined,
  config: Config,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  if (!file)
    throw new ConfigError(
      '缺少备份文件。用法：plan-bot restore 备份文件 [--data DIR]（备份在 PLAN_BOT_BACKUP_DIR 或 DATA/backups 中）',
    );
  if (config.databaseUrl)
    throw new ConfigError(
      'restore：设置了 PLAN_BOT_DATABASE_URL，数据在 PostgreSQL 中，不在数据目录的备份文件里。请用 pg_restore 恢复 pg_dump 的备份（见 docs/postgresql.md › Backup and restore）；要把 JSON 备份放进 PostgreSQL，先在不设 PLAN_BOT_DATABASE_URL 的情况下把它恢复到一个空数据目录，再运行 plan-bot migrate --to URL --data DIR。',
    );
  const source = path.resolve(file);
  const db = await readSnapshot(source);
  if (!db) throw new ConfigError(`restore：备份文件 ${source} 不存在`);
  const dir = config.dataDir;
  mkdirSync(dir, { recursive: true });
  const unlock = await lockDataDir(dir, () => {});
  try {
    const aside = path.join(dir, `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const moved: string[] = [];
    for (const name of [DB_FILE, JOURNAL_FILE, SEALED_JOURNAL_FILE]) {
      const f = path.join(dir, name);
      if (!existsSync(f)) continue;
      mkdirSync(aside, { recursive: true });
      renameSync(f, path.join(aside, name));
      moved.push(name);
    }
    await syncDir(dir);
    await writeFileAtomic(path.join(dir, DB_FILE), createReadStream(source));
    stderr.write(
      `已恢复：${source}（${db.checkins.length}条汇报记录，花名册${db.roster.length}个单位）→ ${path.join(dir, DB_FILE)}${moved.length ? `；原来的 ${moved.join('、')} 已移到 ${aside}` : ''}\n`,
    );
  } finally {
    await unlock();
  }
  return 0;
}
