import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { StoreError } from './store-error.js';

/** Name of the lock (a directory, kept fresh by proper-lockfile) inside the data directory. */
export const LOCK_FILE = 'plan-bot.lock';
/** Name of the file holding the pid of the process that holds the lock. */
export const PID_FILE = 'plan-bot.pid';

/** Raised when another running plan-bot holds the data directory. */
export class DataDirLocked extends StoreError {}

// data directories this process holds: opening one twice in a process would give two writers of one journal
const held = new Set<string>();

function readPid(dir: string): number | undefined {
  try {
    const n = Number(readFileSync(path.join(dir, PID_FILE), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // a lock naming us is one we left behind (a container's pid 1)
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the one-instance lock of a data directory and records our pid next to it. A lock whose process is gone
 * (killed) is taken over at once; proper-lockfile also takes over one not refreshed for a minute. Resolves with
 * the release function; throws DataDirLocked naming the lock and the running pid.
 */
export async function lockDataDir(
  dir: string,
  onLost: (err: Error) => void,
  staleMs = 60_000,
): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, LOCK_FILE);
  const key = path.resolve(dir);
  if (held.has(key))
    throw new DataDirLocked(
      `数据目录 ${dir} 已在本进程中打开（锁 ${lockPath}，pid ${process.pid}）；请先关闭。`,
    );
  const opts = {
    lockfilePath: lockPath,
    realpath: false,
    stale: staleMs,
    update: Math.max(1000, staleMs / 4),
    onCompromised: onLost,
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED')
      throw new StoreError(`无法锁定数据目录（${lockPath}）：${(e as Error).message}`);
    const pid = readPid(dir);
    if (pid !== undefined && alive(pid)) {
      throw new DataDirLocked(
        `另一个 plan-bot 正在使用这个数据目录（pid ${pid}），锁为 ${lockPath}。请先停止它（一个数据目录只能由一个实例使用）。`,
      );
    }
    if (pid === undefined) {
      throw new DataDirLocked(
        `数据目录被锁定（${lockPath}），锁定它的 plan-bot 正在启动，或没有在 ${path.join(dir, PID_FILE)} 中记下 pid。如果确实没有 plan-bot 在运行，请删除 ${lockPath}。`,
      );
    }
    // the holder is gone: move its lock aside atomically (only one of two racing starters wins) and take ours
    const aside = `${lockPath}.stale-${process.pid}`;
    try {
      renameSync(lockPath, aside);
      rmSync(aside, { recursive: true, force: true });
    } catch {
      // another starter moved it first; the lock below decides
    }
    release = await lockfile.lock(dir, opts).catch((again: unknown) => {
      throw new DataDirLocked(`另一个 plan-bot 先拿到了锁 ${lockPath}：${(again as Error).message}`);
    });
  }
  const pidFile = path.join(dir, PID_FILE);
  try {
    writeFileSync(`${pidFile}.tmp`, `${process.pid}\n`);
    renameSync(`${pidFile}.tmp`, pidFile);
  } catch {
    // a full disk: the lock still holds; a second instance is told the pid is unknown
  }
  held.add(key);
  return async () => {
    held.delete(key);
    try {
      unlinkSync(pidFile);
    } catch {
      // already gone
    }
    await release().catch(() => {});
  };
}

/**
 * Whether a plan-bot holds a data directory now (its lock is fresh), and its pid when recorded and alive; read
 * without taking or touching the lock (for `status`, beside the running bot).
 */
export function lockHolder(dir: string): { running: boolean; pid?: number } {
  let held = false;
  try {
    held = lockfile.checkSync(dir, {
      lockfilePath: path.join(dir, LOCK_FILE),
      realpath: false,
      stale: 60_000,
    });
  } catch {
    held = false;
  }
  if (!held) return { running: false };
  const pid = readPid(dir);
  return { running: true, ...(pid !== undefined && (pid === process.pid || alive(pid)) ? { pid } : {}) };
}
