import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { UserError } from '../user-error.js';
import { type Db, dbSchema, emptyDb } from './db-schema.js';
import { DbSerializer } from './db-serializer.js';

/** Raised when the database file cannot be used; the message names the file, which is left untouched. */
export class StoreError extends UserError {}

/** Raised when a change could not be written; the in-memory state has been rolled back. */
export class StoreWriteError extends Error {}

/** Name of the database file inside the data directory. */
export const DB_FILE = 'plan-bot.db.json';

/** How often a running bot refreshes its backup. */
const BACKUP_EVERY_MS = 3600_000;

/** Where the backup of a database file lives. */
export function backupPath(file: string): string {
  return file.replace(/\.json$/, '.backup.json');
}

/** The line a start-up error adds about the backup: where it is and how to restore it, or that there is none. */
function backupAdvice(file: string): string {
  const b = backupPath(file);
  try {
    const when = statSync(b).mtime.toISOString();
    return `A backup of the last good state is at ${b} (saved ${when}). To restore it, stop the bot and copy it over ${file}.`;
  } catch {
    return `No backup exists yet (${b}).`;
  }
}

/** How many processed message ids are kept for dedupe. */
export const SEEN_LIMIT = 5000;

/** lowdb adapter that validates on read and writes atomically: temp file, fsync, rename, fsync the folder. */
class AtomicJsonFile {
  constructor(private readonly file: string) {}

  async read(): Promise<Db | null> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(`cannot read the database ${this.file}: ${(e as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      throw new StoreError(
        `the database ${this.file} is not valid JSON (${(e as Error).message}); it was left untouched. Restore it from a backup or move it away to start empty.`,
      );
    }
    const r = dbSchema.safeParse(data);
    if (!r.success) {
      const issues = r.error.issues
        .slice(0, 5)
        .map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('\n');
      throw new StoreError(
        `the database ${this.file} does not match the expected schema; it was left untouched:\n${issues}`,
      );
    }
    return r.data;
  }

  async write(data: Db): Promise<void> {
    await this.writeChunks([Buffer.from(JSON.stringify(data), 'utf8')]);
  }

  /** Writes serialised JSON (as chunks) atomically. */
  async writeChunks(chunks: Buffer[]): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writev(chunks);
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw e;
    }
    await fh.close();
    await rename(tmp, this.file);
    const dir = await open(path.dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

/**
 * The bot's database: a lowdb JSON file in the data directory. Changes are made in memory and made durable with
 * `commit()`, which batches concurrent callers into one atomic write (group commit) so that many check-ins a
 * second are acknowledged only once they are on disk. A failed write rolls memory back to the last state on disk.
 */
export class FileStore {
  private inflight: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private epoch = 0;
  private readonly serializer = new DbSerializer();
  // bytes of the last state on disk: restored into memory when a write fails
  private lastGood: Buffer[];

  private constructor(
    private readonly db: Low<Db>,
    private readonly adapter: AtomicJsonFile,
    readonly file: string,
  ) {
    this.lastGood = this.serializer.serialize(db.data);
  }

  /** Opens (or creates) the database in a data directory; throws StoreError with the file name when unusable. */
  static async open(dataDir: string): Promise<FileStore> {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, DB_FILE);
    const adapter = new AtomicJsonFile(file);
    const db = new Low<Db>(adapter, emptyDb());
    try {
      await db.read();
    } catch (e) {
      if (e instanceof StoreError) throw new StoreError(`${e.message}\n${backupAdvice(file)}`);
      throw e;
    }
    const store = new FileStore(db, adapter, file);
    await store.backup();
    return store;
  }

  private lastBackup = 0;

  /** Copies the last good state to the backup file (atomically), at start-up and at most hourly after writes. */
  async backup(): Promise<void> {
    this.lastBackup = Date.now();
    await new AtomicJsonFile(backupPath(this.file)).writeChunks(this.lastGood);
  }

  /** The live data; change it, then `await commit()` before telling anyone it is saved. */
  get data(): Db {
    return this.db.data;
  }

  /** Writes every change made so far; resolves when they are on disk, rejects with StoreWriteError otherwise. */
  commit(): Promise<void> {
    if (this.queued) return this.queued;
    const epoch = this.epoch;
    const run = this.inflight.then(async () => {
      this.queued = undefined;
      // an earlier batch failed and memory was rolled back: this batch's changes are gone too
      if (epoch !== this.epoch)
        throw new StoreWriteError(`could not save to ${this.file}: an earlier write failed`);
      const chunks = this.serializer.serialize(this.db.data);
      try {
        await this.adapter.writeChunks(chunks);
        this.lastGood = chunks;
        if (Date.now() - this.lastBackup > BACKUP_EVERY_MS) await this.backup().catch(() => {});
      } catch (e) {
        this.epoch++;
        this.db.data = JSON.parse(Buffer.concat(this.lastGood).toString('utf8')) as Db;
        throw new StoreWriteError(`could not save to ${this.file}: ${(e as Error).message}`);
      }
    });
    this.queued = run;
    this.inflight = run.catch(() => {});
    return run;
  }

  private soon?: NodeJS.Timeout;

  /**
   * Commits within a second, batching cheap changes (processed message ids) instead of rewriting the file for
   * every question; failures go to `onError`.
   */
  commitSoon(onError: (err: unknown) => void): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.commit().catch(onError);
    }, 1000);
    this.soon.unref();
  }

  /** Call after changing a stored check-in in place (withdrawal), so that the next write re-encodes it. */
  checkinsChangedInPlace(): void {
    this.serializer.invalidate();
  }

  /** Records a processed message id (bounded); returns false when it was seen before. */
  markSeen(key: string): boolean {
    const seen = this.db.data.seen;
    if (this.seenSet?.list !== seen) this.seenSet = { list: seen, set: new Set(seen) };
    const { set } = this.seenSet;
    if (set.has(key)) return false;
    seen.push(key);
    set.add(key);
    if (seen.length > SEEN_LIMIT) for (const old of seen.splice(0, seen.length - SEEN_LIMIT)) set.delete(old);
    return true;
  }

  // A Set mirror of `seen` for O(1) lookups, rebuilt when the array is replaced (rollback).
  private seenSet?: { list: string[]; set: Set<string> };
}
