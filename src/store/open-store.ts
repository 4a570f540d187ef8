import path from 'node:path';
import { FileStore } from './file-store.js';
import type { Store } from './store.js';

/** Where the bot's data lives and how to report trouble with it. */
export interface StoreChoice {
  /** PLAN_BOT_DATABASE_URL: PostgreSQL, shared by replicas; unset: the JSON store in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** The JSON store's backups (PLAN_BOT_BACKUP_DIR); default `backups/` in the data directory. */
  backupDir?: string;
  /** PostgreSQL: how long a replica may take to send an outbox message before another may (default 60 s). */
  outboxLeaseMs?: number | undefined;
  /** The plan the records of a store from before plans belong to (default the bundled plan). */
  legacyPlan?: string | undefined;
  /** Read only (export, status): nothing is locked or written. */
  readOnly?: boolean;
  /** Background failures (snapshot, backup, refresh, connection). */
  onError?: (err: unknown, what: string) => void;
  /** The JSON store's lock was taken by another process. */
  onLockLost?: (err: Error) => void;
}

/**
 * Opens the store the configuration names: PostgreSQL when a database URL is set (replicas share it), otherwise
 * the JSON store in the data directory (the embedded default, one process per directory).
 */
export async function openStore(c: StoreChoice): Promise<Store> {
  if (c.databaseUrl) {
    // loaded only for PostgreSQL: the driver costs the JSON store's bot about 15 MB of memory
    const { PgStore } = await import('./pg/pg-store.js');
    return PgStore.open(c.databaseUrl, {
      ...(c.readOnly ? { readOnly: true } : {}),
      ...(c.onError ? { onError: c.onError } : {}),
      ...(c.outboxLeaseMs ? { outboxLeaseMs: c.outboxLeaseMs } : {}),
      ...(c.legacyPlan ? { legacyPlan: c.legacyPlan } : {}),
    });
  }
  return FileStore.open(c.dataDir, {
    ...(c.readOnly ? { readOnly: true } : {}),
    backupDir: c.backupDir ?? path.join(c.dataDir, 'backups'),
    ...(c.onError ? { onError: c.onError } : {}),
    ...(c.onLockLost ? { onLockLost: c.onLockLost } : {}),
    ...(c.legacyPlan ? { legacyPlan: c.legacyPlan } : {}),
  });
}
