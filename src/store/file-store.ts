import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Low } from 'lowdb';
import type { IncomingMessage, OutgoingText } from '../shared/types.js';
import { addAdmin, removeAdmin } from './admin-ops.js';
import { APP_VERSION } from './app-version.js';
import { syncDir, TEMP_SUFFIX, writeFileAtomic } from './atomic-file.js';
import { backupSnapshot, clearBackupError, hasBackupOf, listBackups, recordBackupError } from './backups.js';
import { applyOps, type Batch, ChangeTracker, MAP_KEYS, type Op } from './change-tracker.js';
import { lockDataDir } from './data-lock.js';
import {
  type AdminEntry,
  adminEntrySchema,
  type Checkin,
  checkinSchema,
  type Db,
  type DeadlineOverride,
  deadlineOverrideSchema,
  type Escalation,
  emptyDb,
  escalationSchema,
  inboxEntrySchema,
  instant,
  type Member,
  type OutboxEntry,
  outboxEntrySchema,
  plansStateSchema,
  type RosterUnit,
  type Round,
  rosterUnitSchema,
  roundSchema,
} from './db-schema.js';
import { putInbox } from './inbox.js';
import { Journal, JournalDamaged, readJournal } from './journal.js';
import { enqueue, markAttemptFailed, retryPlatformNow } from './outbox.js';
import { checkDb, type MigrateOptions, readSnapshot, upgradeJournalOps } from './read-snapshot.js';
import { bindMember, setUnitChat, unbindMember } from './roster-ops.js';
import type { Store } from './store.js';
import { StoreError, StoreWriteError } from './store-error.js';
import { putEscalation, putRound, setDeadlineOverride } from './supervision-ops.js';

export { StoreError, StoreWriteError } from './store-error.js';

/** The message whose handling is running (set by `handlingMessage`). */
const messageContext = new AsyncLocalStorage<string>();

/** Name of the database file (the snapshot) inside the data directory. */
export const DB_FILE = 'plan-bot.db.json';
/** The journal of changes since the snapshot, next to it. */
export const JOURNAL_FILE = 'plan-bot.db.journal';
/** A journal sealed for compaction, replayed until the snapshot that contains it is written. */
export const SEALED_JOURNAL_FILE = 'plan-bot.db.journal.1';

/** How many processed message ids are kept for dedupe. */
export const SEEN_LIMIT = 5000;

/** Journal size after which a snapshot compacts it. */
const COMPACT_BYTES = 8 * 1024 * 1024;
/** A snapshot at least this often while there are changes (and with it the day's backup). */
const COMPACT_EVERY_MS = 3600_000;

/** Where the single backup of the old store lived (still named in start-up errors when present). */
export function backupPath(file: string): string {
  return file.replace(/\.json$/, '.backup.json');
}

/** Options of FileStore.open. */
export interface OpenOptions {
  /** Read only: no lock, no clean-up, nothing written (export, status); commit() refuses. */
  readOnly?: boolean;
  /** Journal size that triggers a snapshot (tests lower it). */
  compactBytes?: number;
  /** A lock not refreshed for this long is stale (default a minute; refreshed every quarter of it). */
  lockStaleMs?: number;
  /** Called when the lock is lost (another process took the directory); commits are refused from then on. */
  onLockLost?: (err: Error) => void;
  /** Where the dated backups go (PLAN_BOT_BACKUP_DIR); default `backups/` in the data directory. */
  backupDir?: string;
  /** Snapshot at least this often while the journal holds changes (default hourly); each refreshes the day's backup. */
  compactEveryMs?: number;
  /** Where compaction errors are reported. */
  onError?: (err: unknown, what: string) => void;
  /** The plan the records of a single-plan data directory belong to, when it is upgraded (default the bundled plan). */
  legacyPlan?: string;
}

/** The line a start-up error adds about restoring: the newest backup and the command. */
function restoreAdvice(file: string, backupDir: string): string {
  const dir = path.dirname(file);
  const newest = listBackups(backupDir)[0];
  const old = backupPath(file);
  const where = newest
    ? `最新的备份是 ${newest.file}`
    : existsSync(old)
      ? `旧式备份在 ${old}（保存于 ${statSync(old).mtime.toISOString()}）`
      : `${backupDir} 中还没有备份`;
  return `${where}。恢复方法：停止机器人，运行 plan-bot restore 备份文件 --data ${dir}（见 docs/operating.md › Backups and restore）。`;
}

/** The schema of each map's entries that a journal line may put. */
const ENTRY_SCHEMAS = {
  outbox: outboxEntrySchema,
  inbox: inboxEntrySchema,
  escalations: escalationSchema,
  rounds: roundSchema,
  deadlines: deadlineOverrideSchema,
  usedLinks: instant,
};

/** Validates replayed journal values: what a hand edit or a bug put in the journal is refused like the snapshot. */
function checkOps(file: string, n: number, ops: Op[]): void {
  const fail = (what: string, err: string) => {
    throw new StoreError(`日志文件 ${file} 第${n}行：${what}：${err}；文件未做任何改动。`);
  };
  for (const op of ops) {
    if (op.t === 'add' || op.t === 'upd') {
      for (const c of op.v) {
        const r = checkinSchema.safeParse(c);
        if (!r.success) fail('check-in', r.error.issues[0]?.message ?? 'invalid');
      }
    } else if (op.t === 'set' && op.k === 'roster' && op.v !== null) {
      const r = rosterUnitSchema.array().safeParse(op.v);
      if (!r.success) fail('roster', r.error.issues[0]?.message ?? 'invalid');
    } else if (op.t === 'set' && op.k === 'admins' && op.v !== null) {
      const r = adminEntrySchema.array().safeParse(op.v);
      if (!r.success) fail('admins', r.error.issues[0]?.message ?? 'invalid');
    } else if (op.t === 'set' && op.k === 'plans') {
      const r = plansStateSchema.safeParse(op.v);
      if (!r.success) fail('plans', r.error.issues[0]?.message ?? 'invalid');
    } else if (op.t === 'put' && op.v !== null && op.k in ENTRY_SCHEMAS) {
      const r = ENTRY_SCHEMAS[op.k as keyof typeof ENTRY_SCHEMAS].safeParse(op.v);
      if (!r.success) fail(op.k, r.error.issues[0]?.message ?? 'invalid');
    }
  }
}

/**
 * The bot's database. The core reads and changes `data` (a lowdb `Low`) in memory and calls `commit()`; each
 * commit appends the changes as one line to an append-only journal and fsyncs it, batching concurrent callers
 * (group commit), and resolves only once they are on disk. A failed write (full disk, I/O error) rolls memory
 * back to the state on disk and rejects. The journal is compacted into the JSON snapshot in the background; a
 * restart replays the journal after the snapshot and drops a torn last line. One process per data directory.
 */
export class FileStore implements Store {
  private inflight: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private epoch = 0;
  private seq: number;
  private compaction?: Promise<void>;
  private lastCompaction = Date.now();
  private backingUp?: Promise<void>;
  private soon?: NodeJS.Timeout;
  private closed = false;
  // A Set mirror of `seen` for O(1) lookups, rebuilt when the array is replaced (rollback).
  private seenSet?: { list: string[]; set: Set<string> };

  private constructor(
    private readonly db: Low<Db>,
    readonly file: string,
    private readonly tracker: ChangeTracker,
    private journal: Journal | undefined,
    seq: number,
    private readonly opts: OpenOptions,
    private readonly lost: { err?: Error },
    private readonly unlock?: () => Promise<void>,
  ) {
    this.seq = seq;
  }

  /** Opens (or creates) the database in a data directory; throws StoreError with the file name when unusable. */
  static async open(dataDir: string, opts: OpenOptions = {}): Promise<FileStore> {
    const file = path.join(dataDir, DB_FILE);
    let unlock: (() => Promise<void>) | undefined;
    // once the lock is lost another process may write: every later commit is refused
    const lost: { err?: Error } = {};
    if (!opts.readOnly) {
      mkdirSync(dataDir, { recursive: true });
      unlock = await lockDataDir(
        dataDir,
        (err) => {
          lost.err = err;
          opts.onLockLost?.(err);
        },
        opts.lockStaleMs,
      );
    }
    try {
      if (!opts.readOnly) removeTempFiles(dataDir, opts.backupDir ?? path.join(dataDir, 'backups'));
      const migrating: MigrateOptions = opts.legacyPlan ? { legacyPlan: opts.legacyPlan } : {};
      const db = new Low<Db>({ read: () => readSnapshot(file, migrating), write: async () => {} }, emptyDb());
      const { seq, activeGood } = await recoverRetrying(db, dataDir, file, opts.readOnly === true, migrating);
      const tracker = new ChangeTracker(db.data);
      const journal = opts.readOnly
        ? undefined
        : await Journal.open(path.join(dataDir, JOURNAL_FILE), activeGood);
      const store = new FileStore(db, file, tracker, journal, seq, opts, lost, unlock);
      // a start makes the day's backup when there is none yet: a backup folder that cannot be written (another
      // disk not mounted, not in the unit's ReadWritePaths) shows at once, not an hour later in a log line
      if (!opts.readOnly && existsSync(file) && !hasBackupOf(store.backupDir, new Date())) {
        store.backup();
        await store.backingUp;
      }
      return store;
    } catch (e) {
      await unlock?.();
      if (e instanceof StoreError)
        throw new StoreError(
          `${e.message}\n${restoreAdvice(file, opts.backupDir ?? path.join(dataDir, 'backups'))}`,
        );
      throw e;
    }
  }

  /** The live data; change it, then `await commit()` before telling anyone it is saved. */
  get data(): Db {
    return this.db.data;
  }

  /** Journal bytes not yet compacted into the snapshot. */
  get journalBytes(): number {
    return this.journal?.bytes ?? 0;
  }

  /** Writes every change made so far; resolves when they are on disk, rejects with StoreWriteError otherwise. */
  commit(): Promise<void> {
    const handling = messageContext.getStore();
    if (handling) this.settle(handling);
    if (this.queued) return this.queued;
    const epoch = this.epoch;
    const run = this.inflight.then(async () => {
      this.queued = undefined;
      // an earlier batch failed and memory was rolled back: this batch's changes are gone too
      if (epoch !== this.epoch)
        throw new StoreWriteError(`could not save to ${this.file}: an earlier write failed`);
      const journal = this.journal;
      if (!journal) throw new StoreWriteError(`${this.file} was opened read-only`);
      if (this.lost.err) {
        this.fail(this.tracker.take(this.db.data));
        throw new StoreWriteError(
          `the lock of ${this.file} was lost (${this.lost.err.message}); nothing is written`,
        );
      }
      const batch = this.tracker.take(this.db.data);
      if (batch.ops.length === 0) return;
      const seq = this.seq + 1;
      try {
        await journal.append(`{"seq":${seq},"ops":[${batch.ops.join(',')}]}\n`);
      } catch (e) {
        this.fail(batch);
        throw new StoreWriteError(`could not save to ${this.file}: ${(e as Error).message}`);
      }
      this.seq = seq;
      this.tracker.accept(batch);
      const due =
        journal.bytes >= (this.opts.compactBytes ?? COMPACT_BYTES) ||
        Date.now() - this.lastCompaction >= (this.opts.compactEveryMs ?? COMPACT_EVERY_MS);
      if (due && !this.compaction) await this.startCompaction();
    });
    this.queued = run;
    this.inflight = run.catch(() => {});
    return run;
  }

  private fail(batch: Batch): void {
    this.epoch++;
    this.tracker.rollback(this.db.data, batch);
  }

  /**
   * Commits within a second, batching cheap changes (processed message ids) instead of an fsync for every
   * question; failures go to `onError`.
   */
  commitSoon(onError: (err: unknown) => void): void {
    if (this.soon || this.closed) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.commit().catch(onError);
    }, 1000);
    this.soon.unref();
  }

  /** Changes stored check-ins in place (withdrawal): their old state is kept until the change is on disk. */
  changeCheckins(records: Checkin[], change: (c: Checkin) => void): void {
    this.tracker.beforeChange(records);
    for (const c of records) change(c);
  }

  // ---- operations: the only way the rest of the bot changes the data; `commit()` makes them durable

  /** Appends check-in records. */
  addCheckins(records: Checkin[]): void {
    this.db.data.checkins.push(...records);
  }

  /** Stores an incoming message in the inbox and waits until it is on disk (nothing for a known message). */
  async receive(msg: IncomingMessage, now: Date): Promise<void> {
    if (putInbox(this.db.data, msg, now, (id) => this.hasSeen(id))) await this.commit();
  }

  /** Drops a message from the inbox without handling it. */
  dropInbox(key: string): void {
    delete this.db.data.inbox[key];
  }

  /** Replaces the whole roster; `seed` is the hash of the roster file it came from. */
  setRoster(units: RosterUnit[], seed?: string): void {
    this.db.data.roster = units;
    if (seed !== undefined) this.db.data.rosterSeed = seed;
  }

  /** Adds a member to a unit; returns the unit they were moved from. */
  bindMember(unit: string, member: Member): string | undefined {
    return bindMember(this.db.data, unit, member);
  }

  /** Removes a member; returns the unit they were in. */
  unbindMember(platform: string, id: string): string | undefined {
    return unbindMember(this.db.data, platform, id);
  }

  /** Makes a chat a unit's work chat; returns the unit that had it before. */
  setUnitChat(unit: string, chat: { platform: Member['platform']; id: string }): string | undefined {
    return setUnitChat(this.db.data, unit, chat);
  }

  /** Adds an admin (added in chat); false when they are one already. */
  addAdmin(entry: AdminEntry): boolean {
    return addAdmin(this.db.data, entry);
  }

  /** Removes an admin added in chat; false when there was none with that id. */
  removeAdmin(platform: string, id: string): boolean {
    return removeAdmin(this.db.data, platform, id);
  }

  /** Sets (or with undefined clears) a chat's default plan. */
  setChatPlan(chat: string, plan: string | undefined): void {
    const chats = { ...this.db.data.plans.chats };
    if (plan === undefined) delete chats[chat];
    else chats[chat] = plan;
    this.db.data.plans = { ...this.db.data.plans, chats };
  }

  /** Stops a plan (kept and exportable, no prompts, no reports) or starts it again. */
  setPlanStopped(plan: string, stopped: boolean): void {
    const rest = this.db.data.plans.stopped.filter((p) => p !== plan);
    this.db.data.plans = { ...this.db.data.plans, stopped: stopped ? [...rest, plan] : rest };
  }

  /** Keeps an open ask-back of a conversation. */
  setPending(key: string, text: string, at: Date): void {
    this.db.data.pending[key] = { text, at: at.toISOString() };
  }

  /** Forgets a conversation's open ask-back. */
  clearPending(key: string): void {
    delete this.db.data.pending[key];
  }

  /** Marks a weekly job (or the scheduler's cursor) as run at `at`. */
  setJob(key: string, at: Date): void {
    this.db.data.jobs[key] = at.toISOString();
  }

  /** Records a one-time login link as used; false when it was used before. Expired records are dropped. */
  claimLoginLink(id: string, expiresAt: Date, now: Date): boolean {
    this.db.data.usedLinks ??= {};
    const used = this.db.data.usedLinks;
    if (Object.hasOwn(used, id)) return false;
    for (const [k, exp] of Object.entries(used)) if (Date.parse(exp) < now.getTime()) delete used[k];
    used[id] = expiresAt.toISOString();
    return true;
  }

  /** Records an escalation sent (or its resolution), under `unit|plan|reason|week`. */
  putEscalation(key: string, entry: Escalation): void {
    putEscalation(this.db.data, key, entry);
  }

  /** Records the units a week's prompt went to, under `plan|week`. */
  putRound(key: string, round: Round): void {
    putRound(this.db.data, key, round);
  }

  /** Sets a task's deadline under `plan|task`, or removes it (undefined) so that the plan's own applies again. */
  setDeadlineOverride(key: string, entry: DeadlineOverride | undefined): void {
    setDeadlineOverride(this.db.data, key, entry);
  }

  /** Queues a message for delivery; returns its entry. */
  enqueue(out: OutgoingText, source: string, now: Date): OutboxEntry {
    return enqueue(this.db.data, out, source, now);
  }

  /** Removes a message from the outbox. */
  dropOutbox(id: string): void {
    delete this.db.data.outbox[id];
  }

  /** Records a failed delivery attempt. */
  markAttemptFailed(id: string, error: string, now: Date, expireMs: number): void {
    markAttemptFailed(this.db.data, id, error, now, expireMs);
  }

  /** Makes every pending message of a platform due now; returns how many. */
  retryPlatformNow(platform: string, now: Date): number {
    return retryPlatformNow(this.db.data, platform, now);
  }

  /** True when a message id was processed before (handled and on disk, or being handled now). */
  hasSeen(key: string): boolean {
    return this.seenIndex().has(key) || this.handling.has(key);
  }

  /** The Set mirror of `seen`, rebuilt when the array was replaced (rollback, replay). */
  private seenIndex(): Set<string> {
    const seen = this.db.data.seen;
    if (this.seenSet?.list !== seen) this.seenSet = { list: seen, set: new Set(seen) };
    return this.seenSet.set;
  }

  /** Claims a message id for handling; returns false when it was processed or is being processed (a duplicate). */
  markSeen(key: string): boolean {
    if (this.hasSeen(key)) return false;
    this.handling.add(key);
    return true;
  }

  /**
   * Runs the handling of one message: a commit made inside it also records the message as processed and removes
   * it from the inbox, in the same journal line as its effect (a check-in), so that a crash can neither lose nor
   * repeat it. Messages whose handling commits nothing are settled by `settle` afterwards.
   */
  handlingMessage<T>(key: string, run: () => Promise<T[]>): Promise<T[]> {
    return messageContext.run(key, run);
  }

  /** Every due entry: this process is the only one sending from this data directory. */
  async claimOutbox(ids: string[], _platforms: string[]): Promise<string[]> {
    return ids;
  }

  /** Nothing to do: no other process writes to this data directory. */
  async refresh(): Promise<void> {}

  /** Records a claimed message id as processed (bounded list) and removes the message from the inbox. */
  settle(key: string): void {
    if (!this.handling.delete(key)) return;
    const set = this.seenIndex();
    const seen = this.db.data.seen;
    seen.push(key);
    set.add(key);
    this.tracker.addedSeen(key);
    delete this.db.data.inbox[key];
    if (seen.length > SEEN_LIMIT) for (const old of seen.splice(0, seen.length - SEEN_LIMIT)) set.delete(old);
  }

  // message ids claimed by a handler and not yet settled
  private readonly handling = new Set<string>();

  /** Where the dated backups are written. */
  get backupDir(): string {
    return this.opts.backupDir ?? path.join(path.dirname(this.file), 'backups');
  }

  /**
   * Refreshes the day's backup from the snapshot in the background (one at a time); a failure is recorded in the
   * data directory's backup-error.json (for `status`) and goes to onError (the admins are told).
   */
  private backup(): void {
    if (this.backingUp) return;
    const dataDir = path.dirname(this.file);
    // the outcome is also kept in the data directory, so that `plan-bot status` (another process) can tell
    this.backingUp = backupSnapshot(this.file, this.backupDir, new Date())
      .then(() => clearBackupError(dataDir))
      .catch((e: unknown) => {
        recordBackupError(dataDir, this.backupDir, e, new Date());
        this.opts.onError?.(e, 'backup');
      })
      .finally(() => {
        this.backingUp = undefined;
      });
  }

  /** Writes a snapshot now (waiting for pending commits) so that the journal is empty; for shutdown and tests. */
  async compact(): Promise<void> {
    await this.compaction;
    const run = this.inflight.then(() => this.startCompaction());
    this.inflight = run.catch(() => {});
    await run;
    await this.compaction;
  }

  /**
   * Writes what is pending, compacts when the journal holds anything, and releases the lock. `compact: false`
   * skips the snapshot; `flush: false` also drops uncommitted changes, as a kill would (for restart tests).
   */
  async close(opts: { compact?: boolean; flush?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.soon) clearTimeout(this.soon);
    if (this.journal) {
      if (opts.flush === false) await this.inflight;
      else await this.commit().catch(() => {});
      await this.compaction;
      if (opts.compact !== false && this.journal.bytes > 0)
        await this.compact().catch((e: unknown) => this.opts.onError?.(e, 'snapshot'));
      await this.backingUp;
      await this.journal.close();
    }
    await this.unlock?.();
  }

  /**
   * Inside the write queue: seals the journal (when no sealed one is waiting) and captures the durable state,
   * then writes the snapshot in the background while commits go on to a fresh journal.
   */
  private async startCompaction(): Promise<void> {
    const dir = path.dirname(this.file);
    const sealed = path.join(dir, SEALED_JOURNAL_FILE);
    const journal = this.journal;
    if (!journal || journal.bytes === 0) return;
    this.lastCompaction = Date.now();
    if (!existsSync(sealed)) {
      await journal.close();
      await rename(journal.file, sealed);
      await syncDir(dir);
      this.journal = await Journal.open(journal.file);
    }
    const capture = this.tracker.durable(this.db.data, APP_VERSION);
    const seq = this.seq;
    const epoch = this.epoch;
    const chunks = snapshotChunks(capture.head(seq), capture.checkins, capture.encode, () => {
      if (this.epoch !== epoch) throw new Error('a write failed during the snapshot; it was abandoned');
    });
    this.compaction = writeFileAtomic(this.file, chunks)
      .then(async () => {
        await unlink(sealed).catch(() => {});
        await syncDir(dir);
        this.backup();
      })
      .catch((e: unknown) => this.opts.onError?.(e, 'snapshot'))
      .finally(() => {
        this.compaction = undefined;
      });
  }
}

/** The snapshot's bytes: head, then the check-ins one per line in slices, yielding to the event loop between them. */
async function* snapshotChunks(
  head: string,
  checkins: Checkin[],
  encode: (c: Checkin) => string,
  check: () => void,
): AsyncGenerator<Uint8Array> {
  yield Buffer.from(`${head.slice(0, -1)},"checkins":[\n`, 'utf8');
  const SLICE = 2000;
  for (let i = 0; i < checkins.length; i += SLICE) {
    const part = checkins.slice(i, i + SLICE).map(encode);
    yield Buffer.from((i > 0 ? ',\n' : '') + part.join(',\n'), 'utf8');
    await yieldToLoop();
    check();
  }
  yield Buffer.from('\n]}\n', 'utf8');
}

/** Reads the snapshot, then replays the sealed and the active journal after it; returns the last sequence number. */
async function recover(
  db: Low<Db>,
  dataDir: string,
  file: string,
  migrating: MigrateOptions,
): Promise<{ seq: number; activeGood: number }> {
  await db.read();
  const data = db.data;
  let seq = data.journalSeq ?? 0;
  const index = new Map<string, number>();
  data.checkins.forEach((c, i) => {
    index.set(c.id, i);
  });
  let activeGood = 0;
  let replayed = 0;
  for (const name of [SEALED_JOURNAL_FILE, JOURNAL_FILE]) {
    const jf = path.join(dataDir, name);
    let contents: Awaited<ReturnType<typeof readJournal>>;
    try {
      contents = await readJournal(jf);
    } catch (e) {
      if (e instanceof JournalDamaged) throw new StoreError(`${e.message}；文件未做任何改动。`);
      throw new StoreError(`无法读取日志文件 ${jf}：${(e as Error).message}`);
    }
    contents.lines.forEach((line, i) => {
      if (line.seq <= seq) return;
      if (line.seq !== seq + 1)
        throw new JournalGap(`日志文件 ${jf} 第${i + 1}行是第${line.seq}号修改，但缺少第${seq + 1}号`);
      upgradeJournalOps(data, line.ops, migrating);
      checkOps(jf, i + 1, line.ops);
      applyOps(data, line.ops, index, SEEN_LIMIT);
      seq = line.seq;
      replayed++;
    });
    if (name === JOURNAL_FILE) activeGood = contents.goodBytes;
  }
  // a set key (roster) or a map entry replayed from the journal must still make a valid database
  if (replayed > 0) {
    const { checkins, ...rest } = data;
    db.data = { ...checkDb(file, { ...rest, checkins: [] }, migrating), checkins };
  }
  for (const k of MAP_KEYS) db.data[k] ??= {};
  return { seq, activeGood };
}

/** Raised when journal lines are missing: a reader racing a compaction retries; otherwise the data is damaged. */
class JournalGap extends StoreError {}

/** Which files a recovery read: inode of each (and the snapshot's mtime); a compaction in between changes it. */
function fileSet(dataDir: string): string {
  return [DB_FILE, SEALED_JOURNAL_FILE, JOURNAL_FILE]
    .map((name) => {
      try {
        const st = statSync(path.join(dataDir, name));
        return name === JOURNAL_FILE ? `${st.ino}` : `${st.ino}:${st.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/**
 * Recovers. A read-only reader (export) may race a compaction of the running bot, which moves the journal and
 * replaces the snapshot: it retries when the files changed under it or a journal line is missing.
 */
async function recoverRetrying(
  db: Low<Db>,
  dataDir: string,
  file: string,
  readOnly: boolean,
  migrating: MigrateOptions,
) {
  for (let attempt = 0; ; attempt++) {
    const before = readOnly ? fileSet(dataDir) : '';
    try {
      const r = await recover(db, dataDir, file, migrating);
      if (!readOnly || attempt >= 5 || fileSet(dataDir) === before) return r;
    } catch (e) {
      if (!(e instanceof JournalGap) || !readOnly || attempt >= 5) throw e;
    }
  }
}

/** Removes temp files left by writes that a kill interrupted (database snapshots and backups). */
function removeTempFiles(dataDir: string, backupDir: string): void {
  for (const [dir, prefix] of [
    [dataDir, DB_FILE],
    [backupDir, 'plan-bot-'],
  ] as const) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
      try {
        unlinkSync(path.join(dir, name));
      } catch {
        // gone already
      }
    }
  }
}

export { APP_VERSION };
