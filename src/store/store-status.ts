import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { listBackups } from './backups.js';
import { LOCK_FILE, PID_FILE } from './data-lock.js';
import { DB_FILE, FileStore, JOURNAL_FILE, SEALED_JOURNAL_FILE } from './file-store.js';
import { inboxCount } from './inbox.js';
import { failedEntries, pendingCount } from './outbox.js';

/** What `plan-bot status` shows about the data directory. */
export interface StoreStatus {
  checkins: number;
  rosterUnits: number;
  /** Bytes of journal not yet in the snapshot. */
  journalBytes: number;
  snapshotAt?: string;
  outboxPending: number;
  outboxFailed: number;
  inboxUnhandled: number;
  /** Whether a bot holds the data directory, and its pid when recorded. */
  running: { held: boolean; pid?: number };
  newestBackup?: string;
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * The state of a data directory, read without taking the lock or writing anything (for `status`, beside a running
 * bot or on a read-only copy).
 */
export async function storeStatus(
  dataDir: string,
  backupDir = path.join(dataDir, 'backups'),
): Promise<StoreStatus> {
  const store = await FileStore.open(dataDir, { readOnly: true });
  const db = store.data;
  const held = await lockfile
    .check(dataDir, { lockfilePath: path.join(dataDir, LOCK_FILE), realpath: false, stale: 60_000 })
    .catch(() => false);
  let pid: number | undefined;
  try {
    pid = Number(readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim()) || undefined;
  } catch {
    pid = undefined;
  }
  let snapshotAt: string | undefined;
  try {
    snapshotAt = statSync(path.join(dataDir, DB_FILE)).mtime.toISOString();
  } catch {
    snapshotAt = undefined;
  }
  const newest = listBackups(backupDir)[0]?.file;
  return {
    checkins: db.checkins.length,
    rosterUnits: db.roster.length,
    journalBytes: size(path.join(dataDir, JOURNAL_FILE)) + size(path.join(dataDir, SEALED_JOURNAL_FILE)),
    ...(snapshotAt ? { snapshotAt } : {}),
    outboxPending: pendingCount(db),
    outboxFailed: failedEntries(db).length,
    inboxUnhandled: inboxCount(db),
    running: { held, ...(held && pid ? { pid } : {}) },
    ...(newest ? { newestBackup: newest } : {}),
  };
}
