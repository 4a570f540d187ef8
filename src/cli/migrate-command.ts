import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config.js';
import { lockDataDir } from '../store/data-lock.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../store/file-store.js';
import { copyIntoPostgres } from '../store/pg/copy-into-postgres.js';
import { isPostgresUrl, maskUrl } from '../store/pg/pg-url.js';

/**
 * `plan-bot migrate --to postgres://… --data DIR`: copies the data directory's JSON store (snapshot and journal, as
 * a start reads them) into an empty PostgreSQL database, verified by counts and checksums before it is committed.
 * The data directory's lock is held meanwhile, so the bot must be stopped; the data directory is left as it was.
 */
export async function migrateCommand(
  to: string | undefined,
  config: Config,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  if (!to || !isPostgresUrl(to))
    throw new ConfigError(
      `migrate：--to 应为 PostgreSQL 地址，如 postgres://plan_bot:密码@db.example:5432/plan_bot${to ? `（现在是“${maskUrl(to)}”）` : ''}`,
    );
  const dir = config.dataDir;
  if (![DB_FILE, JOURNAL_FILE].some((f) => existsSync(path.join(dir, f))))
    throw new ConfigError(`migrate：${dir} 中没有数据库（用 --data DIR 指定数据目录）`);
  const unlock = await lockDataDir(dir, () => {});
  try {
    const store = await FileStore.open(dir, { readOnly: true });
    stderr.write(`正在把 ${path.join(dir, DB_FILE)} 复制到 ${maskUrl(to)}…\n`);
    const r = await copyIntoPostgres(store.data, to);
    const c = r.copied.counts;
    stderr.write(
      [
        `数据表版本：${r.schema.from} → ${r.schema.to}`,
        `已复制并核对：汇报${c.checkins}条（佐证材料${c.evidence}份），花名册${c.rosterUnits}个单位${c.rosterMembers}人，已处理消息编号${c.processedIds}个，每周任务记录${c.jobs}条，未完成的追问${c.pending}个，待发消息${c.outbox}条，收件箱${c.inbox}条，督办${c.escalations}条，每周轮次${c.rounds}个，聊天中设置的完成时限${c.deadlines}个，已用网页登录链接${c.usedLinks}个，聊天中添加的管理员${c.admins}名`,
        `校验和（sha256，两边相同）：${r.copied.sums.all}`,
        `下一步：把 PLAN_BOT_DATABASE_URL 设为该数据库，然后启动机器人（见 docs/postgresql.md）；佐证材料文件仍在 ${path.join(dir, 'evidence')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await unlock();
  }
  return 0;
}
