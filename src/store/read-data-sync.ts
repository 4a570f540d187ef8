import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyOps } from './change-tracker.js';
import { type Db, emptyDb } from './db-schema.js';
import { DB_FILE, JOURNAL_FILE, SEALED_JOURNAL_FILE, SEEN_LIMIT } from './file-store.js';
import { readJournalSync } from './journal.js';
import { checkDb, type MigrateOptions, upgradeJournalOps } from './read-snapshot.js';
import { StoreError } from './store-error.js';

/**
 * The data as a start would see it (snapshot, then the journal after it), read synchronously and without the lock
 * or any write: for `status` beside a running bot. Throws StoreError naming a file that cannot be used.
 */
export function readDataSync(dataDir: string, migrating: MigrateOptions = {}): Db {
  const file = path.join(dataDir, DB_FILE);
  let db: Db;
  try {
    db = checkDb(file, JSON.parse(readFileSync(file, 'utf8')), migrating);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') db = emptyDb();
    else if (e instanceof StoreError) throw e;
    else throw new StoreError(`无法读取数据库 ${file}：${(e as Error).message}`);
  }
  let seq = db.journalSeq ?? 0;
  const index = new Map<string, number>();
  db.checkins.forEach((c, i) => {
    index.set(c.id, i);
  });
  for (const name of [SEALED_JOURNAL_FILE, JOURNAL_FILE]) {
    for (const line of readJournalSync(path.join(dataDir, name)).lines) {
      if (line.seq <= seq) continue;
      upgradeJournalOps(db, line.ops, migrating);
      applyOps(db, line.ops, index, SEEN_LIMIT);
      seq = line.seq;
    }
  }
  return db;
}
