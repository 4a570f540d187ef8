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
      `the data directory ${dir} is already open in this process (lock ${lockPath}, pid ${process.pid}); close it first.`,
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
      throw new StoreError(`cannot lock the data directory (${lockPath}): ${(e as Error).message}`);
    const pid = readPid(dir);
    if (pid !== undefined && alive(pid)) {
      throw new DataDirLocked(
        `another plan-bot is running on this data directory (pid ${pid}); its lock is ${lockPath}. Stop it first (only one instance may use a data directory).`,
      );
    }
    if (pid === undefined) {
      throw new DataDirLocked(
        `the data directory is locked (${lockPath}) by a plan-bot that is starting or did not record its pid in ${path.join(dir, PID_FILE)}. If no plan-bot is running, remove ${lockPath}.`,
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
      throw new DataDirLocked(
        `another plan-bot took the lock ${lockPath} first: ${(again as Error).message}`,
      );
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
