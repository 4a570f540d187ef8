import type { AdminRef } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { Clock, OutgoingText } from '../shared/types.js';
import type { Store } from '../store/store.js';

/** A failing backup is told to the admins at most this often (it is retried at every snapshot, hourly). */
const REPEAT_MS = 24 * 3600_000;

/** The admins' message about a backup that could not be written. */
export function backupFailureText(dir: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why =
    e?.code === 'EROFS' || e?.code === 'EACCES' || e?.code === 'EPERM'
      ? '（没有写权限或是只读文件系统）'
      : '';
  return [
    `【备份失败】plan-bot 无法把每日备份写入 ${dir}${why}：${e?.code ? `${e.code} ` : ''}${e?.message ?? String(err)}`,
    '汇报数据本身已保存在数据目录，只是没有新的备份。请确认该目录存在、plan-bot 用户可写；在 systemd 下还要把它写进 plan-bot.service 的 ReadWritePaths=（然后 systemctl daemon-reload 并重启）。',
    '处理后运行 plan-bot status 查看“最新备份”。',
  ].join('\n');
}

/**
 * Tells the admins, through the durable outbox, that a backup failed: at once the first time, then at most once a
 * day while it keeps failing. `admins` is read when a failure happens.
 */
export function backupFailureAlert(
  store: Store,
  admins: () => AdminRef[],
  dir: string,
  clock: Clock,
  log: Logger,
): (err: unknown) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (err) => {
    const now = clock.now();
    if (now.getTime() - last < REPEAT_MS) return;
    last = now.getTime();
    const text = backupFailureText(dir, err);
    for (const a of admins()) {
      const msg: OutgoingText = { to: { platform: a.platform, chatId: a.id, userId: a.id }, text };
      store.enqueue(msg, 'backup-failed', now);
    }
    store.commit().catch((e: unknown) => log.error({ err: e }, 'backup failure alert not queued'));
  };
}
